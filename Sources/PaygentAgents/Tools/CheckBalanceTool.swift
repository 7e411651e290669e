import PaygentCore
import PaygentEVM

/// `check_balance`: the session wallet's ledger balances.
public struct CheckBalanceTool: AgentTool {
    public init() {}

    public var paysMoney: Bool { false }

    public var spec: ToolSpec {
        ToolSpec(
            name: "check_balance",
            description: "Show the token balances of the agent's wallet (or of another address).",
            inputSchema: [
                "type": "object",
                "properties": ["wallet": ["type": "string", "description": "0x address; default: this agent's wallet."]],
                "additionalProperties": false,
            ]
        )
    }

    public func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome {
        do throws(AgentFailure) {
            let args = try ToolArguments(invocation.arguments, tool: spec.name)
            var wallet = context.session.walletAddress
            if let text = try args.string("wallet") {
                guard let address = try? Address(text) else {
                    return .failure(.invalidArguments, "check_balance: wallet must be a 0x address of 40 hex digits")
                }
                wallet = address
            }
            guard let wallet else {
                return .failure(.noWallet, "session \(context.session.id) has no wallet")
            }
            let balance: WalletBalance
            do {
                balance = try await context.paygent.walletBalance(wallet: wallet)
            } catch {
                return .failure(.internal, "balance lookup failed: \(errorMessage(error))")
            }
            // One line per distinct symbol with a balance (or the first token when all are zero).
            let nonZero = balance.balances.filter { !$0.balanceBaseUnits.isZero }
            let shown = nonZero.isEmpty ? Array(balance.balances.prefix(1)) : nonZero
            let text = shown.map { "\($0.balance) \($0.tokenSymbol)" }.joined(separator: ", ")
            return .success([
                "summary": .string("Balance of \(wallet.checksummed): \(text.isEmpty ? "nothing" : text) (\(balance.totalBalanceUSD) USD)"),
                "wallet": .string(wallet.checksummed),
                "balances": .array(balance.balances.map {
                    [
                        "token": .string($0.tokenAddress.checksummed), "symbol": .string($0.tokenSymbol),
                        "balance": .string($0.balance), "balance_usd": .string($0.balanceUSD.description),
                    ]
                }),
                "total_usd": .string(balance.totalBalanceUSD.description),
            ], cost: .zero)
        } catch {
            return .failure(error, cost: .zero)
        }
    }
}
