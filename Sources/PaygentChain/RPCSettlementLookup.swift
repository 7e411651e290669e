import Http
import PaygentCore
import PaygentEVM
import X402

/// The chain's answer, over Ethereum JSON-RPC: EIP-3009 `authorizationState(authorizer, nonce)`
/// by `eth_call`, and, when used, the `AuthorizationUsed` log for its transaction hash.
/// Authoritative for payments in `tokens` on the chain `endpoint` serves (Cronos EVM).
public struct RPCSettlementLookup: SettlementLookup {
    /// The JSON-RPC endpoint (`https://evm-t3.cronos.org`).
    public let endpoint: String
    /// Token contracts on that chain.
    public let tokens: Set<Address>
    let node: JSONRPCClient

    /// A lookup against `endpoint` for payments in `tokens`.
    public init(endpoint: String, tokens: Set<Address>, client: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.tokens = tokens
        self.node = JSONRPCClient(endpoint: endpoint, client: client)
    }

    /// `authorizationState(address,bytes32)`.
    static let selector = Array(Keccak256.hash("authorizationState(address,bytes32)").prefix(4))
    /// `AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)`.
    static let usedTopic = Keccak256.hash("AuthorizationUsed(address,bytes32)")

    public func state(of payment: Payment) async throws -> AuthorizationState {
        guard tokens.contains(payment.token), let text = payment.authorizationNonce,
              let nonce = try? Hex.decode(text), nonce.count == 32 else { return .cannotTell }
        let authorizer = [UInt8](repeating: 0, count: 12) + payment.agentWallet.bytes
        let token = Hex.encode(payment.token.bytes, prefix: true)
        let call = """
            {"to":"\(token)","data":"\(Hex.encode(Self.selector + authorizer + nonce, prefix: true))"}
            """
        let result = try await node.call("eth_call", params: "[\(call),\"latest\"]")
        guard let word = result.stringValue.flatMap({ try? Hex.decode($0) }), word.count == 32 else {
            throw RPCError(message: "eth_call returned no 32-byte word")
        }
        guard word.contains(where: { $0 != 0 }) else { return .unused }
        let filter = """
            {"address":"\(token)","fromBlock":"earliest","toBlock":"latest","topics":["\(Hex.encode(Self.usedTopic, prefix: true))",\
            "\(Hex.encode(authorizer, prefix: true))","\(Hex.encode(nonce, prefix: true))"]}
            """
        // The transaction is a detail: a node that refuses the log query still gives a final state.
        let logs = try? await node.call("eth_getLogs", params: "[\(filter)]")
        let transaction = logs?.arrayValue?.first?.objectValue?["transactionHash"]?.stringValue
        return .used(transaction: transaction)
    }
}
