import Foundation
import PaygentFoundation
import Hummingbird
import NIOCore
import PaygentChain
import PaygentCore
import PaygentEVM
import PaygentServer
import Synchronization
import Testing
import X402

/// A stand-in Cronos JSON-RPC node on loopback: answers `eth_call` for EIP-3009
/// `authorizationState` from a set of used (authorizer, nonce) pairs, `eth_getLogs` for
/// `AuthorizationUsed`, `eth_call` for ERC-20 `balanceOf` and `eth_getBalance`, in the real
/// JSON-RPC wire format, and keeps the requests it saw.
final class FakeChainNode: Sendable {
    let used: [String: String]  // "authorizer-word|nonce" (lowercase hex) → transaction hash
    let tokenBalances: [String: String]  // "token|wallet" (lowercase hex, no 0x) → 32-byte word (hex)
    let nativeBalances: [String: String]  // wallet (lowercase hex, no 0x) → quantity ("0x…")
    let seen = Mutex<[String]>([])
    init(used: [String: String] = [:], tokenBalances: [String: String] = [:], nativeBalances: [String: String] = [:]) {
        self.used = used
        self.tokenBalances = tokenBalances
        self.nativeBalances = nativeBalances
    }

    func answer(_ body: [UInt8]) -> String {
        guard let json = try? JSONParser.parse(body), let object = json.objectValue,
              let method = object["method"]?.stringValue, let params = object["params"]?.arrayValue else {
            return #"{"jsonrpc":"2.0","id":1,"error":{"code":-32700,"message":"parse error"}}"#
        }
        seen.withLock { $0.append(method) }
        switch method {
        case "eth_getBalance":
            let wallet = (params.first?.stringValue ?? "").dropFirst(2).lowercased()
            return #"{"jsonrpc":"2.0","id":1,"result":"\#(nativeBalances[wallet] ?? "0x0")"}"#
        case "eth_call" where (params.first?.objectValue?["data"]?.stringValue ?? "").hasPrefix("0x70a08231"):
            // balanceOf(address): the token is `to`, the wallet the last 20 bytes of the argument.
            let call = params.first?.objectValue
            let token = (call?["to"]?.stringValue ?? "").dropFirst(2).lowercased()
            let wallet = (call?["data"]?.stringValue ?? "").suffix(40).lowercased()
            guard let word = tokenBalances[token + "|" + wallet] else {
                return #"{"jsonrpc":"2.0","id":1,"result":"0x"}"#  // not a token contract: empty return data
            }
            return #"{"jsonrpc":"2.0","id":1,"result":"0x\#(word)"}"#
        case "eth_call":
            let data = params.first?.objectValue?["data"]?.stringValue ?? ""
            let hex = String(data.dropFirst(2))
            guard hex.count == 8 + 128, hex.hasPrefix(Hex.encode(Array(Keccak256.hash("authorizationState(address,bytes32)").prefix(4)), prefix: false)) else {
                return #"{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted"}}"#
            }
            let key = String(hex.dropFirst(8).prefix(64)) + "|" + String(hex.suffix(64))
            let word = String(repeating: "0", count: 63) + (used[key] != nil ? "1" : "0")
            return #"{"jsonrpc":"2.0","id":1,"result":"0x\#(word)"}"#
        case "eth_getLogs":
            let topics = params.first?.objectValue?["topics"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard topics.count == 3, let tx = used[String(topics[1].dropFirst(2)) + "|" + String(topics[2].dropFirst(2))] else {
                return #"{"jsonrpc":"2.0","id":1,"result":[]}"#
            }
            return #"{"jsonrpc":"2.0","id":1,"result":[{"address":"0x0","topics":[],"data":"0x","blockNumber":"0x10","transactionHash":"\#(tx)","logIndex":"0x0"}]}"#
        default:
            return #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"method not found"}}"#
        }
    }

    func start() async throws -> RunningHTTPServer {
        let router = Router(context: BasicRequestContext.self)
        router.post("/") { request, _ -> Response in
            var buffer = try await request.body.collect(upTo: 65_536)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: self.answer(bytes))))
        }
        return try await PaygentHTTPServer.start(router: router)
    }
}

@Suite("Settlement state from the chain over JSON-RPC (a stand-in node on loopback)")
struct RPCSettlementLookupTests {
    static let token = PaymentToken.cronosTestnetUSDC.address
    static let payer = try! Address("0x" + String(repeating: "11", count: 20))

    static func payment(nonce: [UInt8], token: Address = token) -> Payment {
        var payment = Payment(
            id: "pay_1", purchaseID: "p", holdID: "hold_1", sessionID: nil, serviceID: nil, agentWallet: payer,
            recipient: try! Address("0x" + String(repeating: "22", count: 20)), amount: 10_000, token: token,
            tokenSymbol: "USDC", tokenDecimals: 6, amountUSD: USDAmount(micros: 10_000), network: "cronos-testnet",
            resource: "https://x.test", txHash: nil, status: .unknown, failureReason: nil,
            validBefore: Timestamp(milliseconds: 0), createdAt: Timestamp(milliseconds: 0), updatedAt: Timestamp(milliseconds: 0),
            settledAt: nil)
        payment.authorizationNonce = Hex.encode(nonce, prefix: true)
        return payment
    }

    @Test("Used → its transaction from the AuthorizationUsed log; unused → unused; other tokens → cannot tell")
    func answers() async throws {
        let usedNonce = [UInt8](repeating: 0xaa, count: 32)
        let word = String(repeating: "0", count: 24) + Hex.encode(Self.payer.bytes, prefix: false)
        let tx = "0x" + String(repeating: "cd", count: 32)
        let node = FakeChainNode(used: [word + "|" + Hex.encode(usedNonce, prefix: false): tx])
        let server = try await node.start()
        let lookup = RPCSettlementLookup(endpoint: server.baseURL + "/", tokens: [Self.token])
        #expect(try await lookup.state(of: Self.payment(nonce: usedNonce)) == .used(transaction: tx))
        #expect(try await lookup.state(of: Self.payment(nonce: [UInt8](repeating: 0xbb, count: 32))) == .unused)
        #expect(try await lookup.state(of: Self.payment(nonce: usedNonce, token: Self.payer)) == .cannotTell)
        #expect(node.seen.withLock { $0 } == ["eth_call", "eth_getLogs", "eth_call"])
        await server.stop()
    }

    @Test("A node error is an error (the payment stays held), never a guess")
    func nodeErrorsThrow() async throws {
        let node = FakeChainNode(used: [:])
        let server = try await node.start()
        let broken = RPCSettlementLookup(endpoint: server.baseURL + "/missing", tokens: [Self.token])
        await #expect(throws: (any Error).self) { try await broken.state(of: Self.payment(nonce: [UInt8](repeating: 1, count: 32))) }
        await server.stop()
        let gone = RPCSettlementLookup(endpoint: server.baseURL + "/", tokens: [Self.token])
        await #expect(throws: (any Error).self) { try await gone.state(of: Self.payment(nonce: [UInt8](repeating: 1, count: 32))) }
    }
}
