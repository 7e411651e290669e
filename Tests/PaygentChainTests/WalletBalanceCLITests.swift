import Foundation
import PaygentEVM
import Testing
import TestSupport
import X402

/// `paygent init` for a real network pointed at the stand-in node, then `paygent wallet balance`
/// with no flags: the balances are the chain's, exact; a node that is gone is an error naming it.
@Suite(.serialized) struct WalletBalanceCLITests {
    /// Runs the built `paygent` in `home`; returns status and output. Waits without blocking a
    /// thread: the stand-in node answers on the same cooperative pool.
    static func paygent(_ arguments: [String], home: String) async throws -> (status: Int32, out: String, err: String) {
        let ran = try await ChildProcess.run(try PaygentExecutable.path(), arguments, environment: [
            "PATH": "/usr/bin:/bin", "HOME": home, "XDG_CONFIG_HOME": home + "/.config", "XDG_DATA_HOME": home + "/.local/share",
        ])
        return (ran.termination.status, ran.stdout, ran.stderr)
    }

    @Test func balanceComesFromTheConfiguredNode() async throws {
        let home = NSTemporaryDirectory() + "paygent-chain-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        // A key file to import, so the wallet (and its balances on the node) are known up front.
        let key = try PrivateKey(hex: "0x" + String(repeating: "42", count: 32))
        let keyFile = home + "/import.key"
        try (key.exportHex() + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        let token = PaymentToken.cronosTestnetUSDC
        let word = String(repeating: "0", count: 64 - 8) + "05f5e100"   // 100.000000 devUSDC.e
        let node = FakeChainNode(
            tokenBalances: [Hex.encode(token.address.bytes, prefix: false) + "|" + Hex.encode(key.address.bytes, prefix: false): word],
            nativeBalances: [Hex.encode(key.address.bytes, prefix: false): "0xde0b6b3a7640001"])  // 1.000000000000000001
        let server = try await node.start()
        let url = server.baseURL + "/"

        let setup = try await Self.paygent(["init", "--yes", "--network", "cronos-testnet", "--key-file", keyFile, "--rpc-url", url], home: home)
        #expect(setup.status == 0, "\(setup.err)")
        let text = try await Self.paygent(["wallet", "balance"], home: home)
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("100.00") && text.out.contains("devUSDC.e"), "\(text.out)")
        let json = try await Self.paygent(["wallet", "balance", "--json"], home: home)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let tokens = try #require(report["tokens"] as? [[String: Any]])
        #expect(tokens.first?["units"] as? String == "100000000")
        #expect((report["native"] as? [String: Any])?["units"] as? String == "1000000000000000001")
        #expect(report["wallet"] as? String == key.address.checksummed)
        #expect(node.seen.withLock { $0 }.filter { $0 == "eth_getBalance" }.count == 2)

        // The node goes away: a clear error naming it, exit 2, no zero balance printed.
        await server.stop()
        let gone = try await Self.paygent(["wallet", "balance"], home: home)
        #expect(gone.status == 2)
        #expect(gone.err.contains("cannot reach the JSON-RPC node at \(url)"), "\(gone.err)")
        #expect(!gone.out.contains("0.00"))
    }
}
