import PaygentCore
import PaygentFoundation
import PaygentEVM
import X402

/// `transfer`: sends tokens to an address on the devnet ledger, through the policy (holds,
/// limits, approvals) and the local facilitator.
public struct TransferTool: AgentTool {
    public init() {}

    public var paysMoney: Bool { true }

    public var spec: ToolSpec {
        ToolSpec(
            name: "transfer",
            description: "Transfer tokens from the agent's wallet to an address (devnet ledger). Subject to the operator's policy.",
            inputSchema: [
                "type": "object",
                "properties": [
                    "to": ["type": "string", "description": "Recipient 0x address."],
                    "amount": ["type": "string", "description": "Whole tokens, such as \"5\" or \"0.25\"."],
                    "token": ["type": "string", "description": "Token symbol (default USDC)."],
                ],
                "required": ["to", "amount"],
                "additionalProperties": false,
            ]
        )
    }

    public func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome {
        do throws(AgentFailure) {
            let args = try ToolArguments(invocation.arguments, tool: spec.name)
            let toText = try args.requiredString("to")
            guard let amountText = try args.decimal("amount") else {
                return .failure(.invalidArguments, "transfer: amount is required")
            }
            let tokenText = try args.string("token") ?? "USDC"
            let order: TransferOrder
            do throws(TransferOrder.Invalid) {
                order = try TransferOrder.make(recipient: toText, amount: amountText, token: tokenText,
                                               from: context.session.walletAddress, tokens: context.configuration.paymentTokens,
                                               priceTable: context.settings.priceTable)
            } catch {
                // The tool's argument is `to` where the wire says `recipient`.
                return .failure(.invalidArguments, "transfer: \(error.field == "recipient" ? "to" : error.field) \(error.message)")
            }
            let (recipient, token, amount) = (order.recipient, order.token, order.amount)
            let result = try await context.payments.transfer(
                amount: amount, token: token, to: recipient, purchaseID: invocation.purchaseID, session: context.session,
                toolArgs: invocation.arguments, limits: PaymentGateway.Limits(sliceUSD: context.sliceRemainingUSD),
                priceTable: context.settings.priceTable
            )
            let shown = context.format(amount, token: token.address)
            switch result {
            case .settled(let transaction, let intent):
                let usd = context.usdValue(intent.amount, token: intent.asset)
                return .success([
                    "summary": .string("Transferred \(shown) to \(recipient.checksummed) (tx \(transaction.prefix(10))…)"),
                    "to": .string(recipient.checksummed), "amount": .string(shown), "amount_usd": .string(usd.description),
                    "tx_hash": .string(transaction), "purchase_id": .string(invocation.purchaseID),
                ], cost: usd)
            case .approvalRequired(_, let reason):
                do {
                    guard let approval = try await context.paygent.approval(purchaseID: invocation.purchaseID) else {
                        return .failure(.internal, "the policy asked for approval but recorded no request: \(reason)")
                    }
                    if approval.decision == .rejected {
                        return .failure(.approvalRejected, "approval \(approval.id) was rejected" + (approval.decisionReason.map { ": \($0)" } ?? ""))
                    }
                    if approval.decision == .expired {
                        return .failure(.approvalExpired, "approval \(approval.id) expired without a decision")
                    }
                    return .approvalRequired(approvalID: approval.id, reason: approval.reason)
                } catch {
                    return .failure(.internal, "could not read the approval request: \(errorMessage(error))")
                }
            case .denied(let reason):
                if reason.contains("exceeds what this run may spend") { return .failure(.budgetExceeded, reason) }
                return .failure(.policyDenied, "transfer denied by policy: \(UntrustedText.line(reason, maxWidth: 400))")
            case .failed(let reason, let unknown):
                return .failure(.paymentFailed, "transfer \(unknown ? "outcome unknown" : "failed"): \(UntrustedText.line(reason, maxWidth: 300))")
            }
        } catch {
            return .failure(error, cost: .zero)
        }
    }
}
