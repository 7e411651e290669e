import Http
import PaygentFoundation
import PaygentEVM
import X402

/// A wallet's balances read from the chain: ERC-20 `balanceOf(address)` by `eth_call` for each
/// token, and the native coin by `eth_getBalance`, as exact base units.
public struct ChainBalanceReader: Sendable {
    /// One token's balance.
    public struct TokenBalance: Sendable, Equatable {
        public var token: PaymentToken
        /// Base units.
        public var units: UInt256
    }

    /// What the chain says about one wallet.
    public struct Balances: Sendable, Equatable {
        public var wallet: Address
        /// The native coin, in wei (18 decimals).
        public var native: UInt256
        public var tokens: [TokenBalance]
    }

    let node: JSONRPCClient

    /// A reader against the JSON-RPC node at `endpoint`.
    public init(endpoint: String, client: HTTPClient = .shared) {
        node = JSONRPCClient(endpoint: endpoint, client: client)
    }

    /// The node's URL.
    public var endpoint: String { node.endpoint }

    /// `balanceOf(address)`.
    static let balanceOf = Array(Keccak256.hash("balanceOf(address)").prefix(4))

    /// Balances of `wallet` in the native coin and in `tokens`; any failure is an ``RPCError``
    /// naming the node (never a zero).
    public func balances(of wallet: Address, tokens: [PaymentToken]) async throws(RPCError) -> Balances {
        let address = Hex.encode(wallet.bytes, prefix: true)
        let native = try Self.quantity(try await node.call("eth_getBalance", params: "[\"\(address)\",\"latest\"]"), method: "eth_getBalance", at: endpoint)
        var balances: [TokenBalance] = []
        for token in tokens {
            let data = Hex.encode(Self.balanceOf + [UInt8](repeating: 0, count: 12) + wallet.bytes, prefix: true)
            let call = #"{"to":"\#(Hex.encode(token.address.bytes, prefix: true))","data":"\#(data)"}"#
            let word = try await node.call("eth_call", params: "[\(call),\"latest\"]")
            guard let text = word.stringValue, let bytes = try? Hex.decode(text), bytes.count == 32 else {
                throw RPCError(message: "eth_call balanceOf on \(token.symbol) \(token.address.checksummed) at \(endpoint): no 32-byte answer (is it a token contract on this chain?)")
            }
            balances.append(TokenBalance(token: token, units: try! UInt256(bigEndianBytes: bytes)))  // 32 bytes always fit
        }
        return Balances(wallet: wallet, native: native, tokens: balances)
    }

    /// A JSON-RPC quantity (`"0x1bc16d674ec80000"`) as an exact integer.
    static func quantity(_ value: JSONValue, method: String, at endpoint: String) throws(RPCError) -> UInt256 {
        guard let text = value.stringValue, text.hasPrefix("0x"), let amount = try? UInt256(hex: text) else {
            throw RPCError(message: "\(method) at \(endpoint): \"\(String((value.stringValue ?? "?").prefix(80)))\" is not a quantity")
        }
        return amount
    }
}
