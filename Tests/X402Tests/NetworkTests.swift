import Testing
@testable import X402

@Suite struct NetworkTests {
    @Test(arguments: [
        ("cronos-testnet", UInt64(338)), ("cronos", 25), ("cronos-mainnet", 25), ("base-sepolia", 84532),
        ("base", 8453), ("eip155:338", 338), ("eip155:25", 25), ("eip155:1", 1),
    ])
    func resolvesNames(_ name: String, _ chainID: UInt64) throws {
        let network = try Network(name)
        #expect(network.chainID == chainID)
        #expect(network.identifier == name)
        #expect(network.caip2.identifier == "eip155:\(chainID)")
    }

    @Test func legacySpelling() throws {
        #expect(try Network("eip155:338").legacy == .cronosTestnet)
        #expect(try Network("eip155:25").legacy.identifier == "cronos-mainnet")
        #expect(try Network("eip155:99999").legacy.identifier == "eip155:99999")
        #expect(Network.cronosTestnet.caip2 == .eip155(338))
        #expect(Network.cronosTestnet.isSameChain(as: .eip155(338)))
        #expect(Network.cronosTestnet != .eip155(338))
    }

    @Test(arguments: ["", "cronos-devnet", "eip155:", "eip155:0", "eip155:01", "eip155:-1", "eip155:1x", "eip155:99999999999999999", "solana:mainnet", "EIP155:1", "Cronos-Testnet"])
    func rejectsUnknown(_ name: String) {
        #expect(throws: DecodeError.unknownNetwork(name)) { try Network(name) }
    }
}
