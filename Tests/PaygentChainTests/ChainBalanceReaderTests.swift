import PaygentChain
import PaygentEVM
import Testing
import X402

@Suite("Balances from the chain over JSON-RPC (a stand-in node on loopback)")
struct ChainBalanceReaderTests {
    static let wallet = try! Address("0x" + String(repeating: "ab", count: 20))
    static let token = PaymentToken.cronosTestnetUSDC

    static func key(_ token: Address, _ wallet: Address) -> String {
        Hex.encode(token.bytes, prefix: false) + "|" + Hex.encode(wallet.bytes, prefix: false)
    }

    @Test("balanceOf and eth_getBalance answers become exact base units, above 64 bits too")
    func exactBalances() async throws {
        // 12.345678 devUSDC.e; 2^70 + 5 wei of native coin.
        let word = String(repeating: "0", count: 64 - 6) + "bc614e"
        let node = FakeChainNode(tokenBalances: [Self.key(Self.token.address, Self.wallet): word],
                                 nativeBalances: [Hex.encode(Self.wallet.bytes, prefix: false): "0x400000000000000005"])
        let server = try await node.start()
        defer { Task { await server.stop() } }
        let reader = ChainBalanceReader(endpoint: server.baseURL + "/")
        let balances = try await reader.balances(of: Self.wallet, tokens: [Self.token])
        #expect(balances.tokens.map(\.units) == [UInt256(12_345_678)])
        #expect(Self.token.format(balances.tokens[0].units) == "12.345678")
        #expect(balances.native == (try UInt256(hex: "400000000000000005")))
        #expect(node.seen.withLock { $0 } == ["eth_getBalance", "eth_call"])
    }

    @Test("Not a token contract, a node error, an unreachable node: an error naming the URL, never a zero")
    func failuresNameTheNode() async throws {
        let node = FakeChainNode()
        let server = try await node.start()
        let reader = ChainBalanceReader(endpoint: server.baseURL + "/")
        // The stand-in answers "0x" (no code at that address) for an unknown token.
        await #expect { try await reader.balances(of: Self.wallet, tokens: [Self.token]) } throws: { error in
            "\(error)".contains("no 32-byte answer") && "\(error)".contains(server.baseURL)
        }
        let missing = ChainBalanceReader(endpoint: server.baseURL + "/missing")
        await #expect { try await missing.balances(of: Self.wallet, tokens: []) } throws: { error in
            "\(error)".contains("HTTP 404") && "\(error)".contains("/missing")
        }
        await server.stop()
        await #expect { try await reader.balances(of: Self.wallet, tokens: [Self.token]) } throws: { error in
            "\(error)".contains("cannot reach the JSON-RPC node at \(server.baseURL)/")
        }
    }
}
