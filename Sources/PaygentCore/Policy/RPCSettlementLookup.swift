import Http
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
    let client: HTTPClient

    /// A lookup against `endpoint` for payments in `tokens`.
    public init(endpoint: String, tokens: Set<Address>, client: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.tokens = tokens
        self.client = client
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
        let result = try await rpc("eth_call", params: "[\(call),\"latest\"]")
        guard let word = result.stringValue.flatMap({ try? Hex.decode($0) }), word.count == 32 else {
            throw RPCError(message: "eth_call returned no 32-byte word")
        }
        guard word.contains(where: { $0 != 0 }) else { return .unused }
        let filter = """
            {"address":"\(token)","fromBlock":"earliest","toBlock":"latest","topics":["\(Hex.encode(Self.usedTopic, prefix: true))",\
            "\(Hex.encode(authorizer, prefix: true))","\(Hex.encode(nonce, prefix: true))"]}
            """
        // The transaction is a detail: a node that refuses the log query still gives a final state.
        let logs = try? await rpc("eth_getLogs", params: "[\(filter)]")
        let transaction = logs?.arrayValue?.first?.objectValue?["transactionHash"]?.stringValue
        return .used(transaction: transaction)
    }

    private func rpc(_ method: String, params: String) async throws -> X402.JSONValue {
        let body = #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#
        let response = try await client.post(endpoint, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        guard response.status == 200 else { throw RPCError(message: "\(method): HTTP \(response.status)") }
        let json = try JSONParser.parse(response.body, limits: JSONLimits(maxBytes: 4 * 1024 * 1024, maxDepth: 16))
        guard let object = json.objectValue else { throw RPCError(message: "\(method): the answer is not a JSON object") }
        if let error = object["error"]?.objectValue {
            throw RPCError(message: "\(method): \(error["message"]?.stringValue.map { String($0.prefix(200)) } ?? "error")")
        }
        guard let result = object["result"] else { throw RPCError(message: "\(method): no result") }
        return result
    }
}

/// A JSON-RPC call that failed (transport, HTTP status, or an error object).
public struct RPCError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    public var description: String { "JSON-RPC: \(message)" }
}

/// The first lookup that can tell, in order (the ledger for devnet tokens, the chain for others).
public struct FirstSettlementLookup: SettlementLookup {
    let lookups: [any SettlementLookup]

    /// Asks `lookups` in order.
    public init(_ lookups: [any SettlementLookup]) { self.lookups = lookups }

    public func state(of payment: Payment) async throws -> AuthorizationState {
        for lookup in lookups {
            let state = try await lookup.state(of: payment)
            if state != .cannotTell { return state }
        }
        return .cannotTell
    }
}
