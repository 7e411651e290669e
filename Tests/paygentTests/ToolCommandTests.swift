import Foundation
import Testing

/// The wallet, EVM, x402, server, set-up and demo subcommands through the real binary in an empty
/// home: happy path and `--json` shape, and bad input as one line with exit 2.
@Suite("paygent tool commands")
struct ToolCommandTests {
    @Test("keys new and keys address; evm sign-typed-data and recover agree; unreadable files refused")
    func keysAndTypedData() async throws {
        let cli = try CLIHarness()
        let keyFile = cli.directory + "/wallet.key"
        let address = try await cli.ok(["keys", "new", "--out", keyFile]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(address.hasPrefix("0x") && address.count == 42, "\(address)")
        #expect(try await cli.ok(["keys", "address", "--key-file", keyFile]).stdout == address + "\n")
        // The key file is not echoed anywhere.
        let secret = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        try await cli.refused(["keys", "new", "--out", keyFile], mentioning: keyFile)
        try await cli.refused(["keys", "address", "--key-file", cli.directory + "/none.key"], mentioning: "none.key")

        let document = cli.directory + "/typed.json"
        let typed = """
            {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"}],
             "Mail":[{"name":"contents","type":"string"}]},
             "primaryType":"Mail","domain":{"name":"Paygent","chainId":338},"message":{"contents":"hello"}}
            """
        try typed.write(toFile: document, atomically: true, encoding: .utf8)
        let signature = try await cli.ok(["evm", "sign-typed-data", "--key-file", keyFile, "--json", document]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(signature.hasPrefix("0x") && signature.count == 132, "\(signature)")
        #expect(!signature.contains(secret.suffix(60)))
        #expect(try await cli.ok(["evm", "recover", "--json", document, "--signature", signature]).stdout == address + "\n")
        let lines = cli.directory + "/interop.jsonl"
        try "{\"id\":1,\"doc\":\(typed.replacingOccurrences(of: "\n", with: " ")),\"signature\":\"\(signature)\"}\n".write(toFile: lines, atomically: true, encoding: .utf8)
        let interop = try await cli.ok(["evm", "interop", "--input", lines]).object()
        #expect(interop["recovered"] as? String == address, "\(interop)")
        try await cli.refused(["evm", "recover", "--json", document, "--signature", "0x12"], mentioning: "--signature")
        try await cli.refused(["evm", "sign-typed-data", "--key-file", keyFile, "--json", cli.directory + "/none.json"], mentioning: "cannot read JSON file")
        try await cli.refused(["evm", "interop", "--input", cli.directory + "/none.jsonl"], mentioning: "cannot read")
    }

    @Test("demo-services serve, x402 inspect and decode, pay, facilitator serve and services import, against real servers on port 0")
    func serversAndPayments() async throws {
        let cli = try CLIHarness()
        let services = try BackgroundCLI(cli, ["demo-services", "serve", "--port", "0"])
        let base = try #require(await services.url(), "no banner: \(services.stdout) \(services.stderr)")
        let inspected = try await cli.ok(["x402", "inspect", base + "/market-data", "--json"]).object()
        #expect(inspected.keys.isEmpty == false)
        #expect(inspected["status"] as? Int == 402)
        // The v2 PAYMENT-REQUIRED value the server sent, re-encoded as its header, decodes back.
        let raw = try #require(((inspected["forms"] as? [String: Any])?["v2"] as? [String: Any])?["raw"], "\(inspected)")
        let header = try JSONSerialization.data(withJSONObject: raw).base64EncodedString()
        let decoded = try await cli.ok(["x402", "decode", "PAYMENT-REQUIRED: " + header])
        #expect(try decoded.object().isEmpty == false)
        #expect(decoded.stdout.contains("10000"), "\(decoded)")
        try await cli.refused(["x402", "decode", "%%%not-base64"], mentioning: "not valid base64")

        let paid = try await cli.ok(["pay", base + "/market-data", "--devnet-account", "1", "--max-amount", "1.00"])
        #expect(!paid.stdout.isEmpty)
        try await cli.refused(["pay", base + "/market-data", "--devnet-account", "-1"], mentioning: "devnet-account")
        try await cli.refused(["pay", base + "/market-data", "--devnet-account", "1", "--max-amount", "-1"], mentioning: "max-amount")
        try await cli.refused(["pay", "ftp://nowhere", "--devnet-account", "1"], mentioning: "URL must start with http:// or https://")
        // The demo services' facilitator lists them for discovery: import fills the empty registry.
        let imported = try await cli.ok(["services", "import", "--facilitator", base + "/x402", "--json"]).json() as? [Any]
        #expect((imported?.count ?? 0) > 0, "\(String(describing: imported))")
        #expect((try await cli.object(["services", "discover"])["total"] as? Int ?? 0) > 0)
        #expect(await services.stop() == 0, "\(services.stderr)")

        let facilitator = try BackgroundCLI(cli, ["facilitator", "serve", "--port", "0"])
        let facilitatorURL = try #require(await facilitator.url(), "no banner: \(facilitator.stdout) \(facilitator.stderr)")
        #expect(facilitatorURL.hasPrefix("http://127.0.0.1:"))
        try await cli.refused(["services", "import", "--facilitator", facilitatorURL], mentioning: "answered HTTP 404")
        #expect(await facilitator.stop() == 0, "\(facilitator.stderr)")
        try await cli.refused(["facilitator", "serve", "--port", "70000"], mentioning: "port")
        try await cli.refused(["demo-services", "serve", "--port", "-1"], mentioning: "port")
    }

    @Test("init --yes on the devnet writes the set-up once; a second init is refused without --force")
    func initialSetUp() async throws {
        let cli = try CLIHarness()
        let first = try await cli.ok(["init", "--yes", "--network", "devnet", "--database", cli.database])
        #expect(!first.stdout.isEmpty)
        try await cli.refused(["init", "--yes", "--network", "devnet", "--database", cli.database], mentioning: "--force")
        try await cli.refused(["init", "--yes", "--network", "nowhere", "--force"], mentioning: "unknown network \"nowhere\"")
        try await cli.refused(["init", "--yes", "--daily-limit", "-1", "--force"], mentioning: "daily")
    }

    @Test("agent run --demo: a command's events as JSON lines, ending in its result; bad commands refused")
    func agentRun() async throws {
        let cli = try CLIHarness()
        let run = try await cli.ok(["agent", "run", "--demo", "--database", cli.database, "Check my balance", "--json"])
        let last = try #require(run.stdout.split(separator: "\n").last)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(result["status"] as? String == "completed", "\(run)")
        try await cli.refused(["agent", "run", "  "], mentioning: "the command is empty")
        try await cli.refused(["agent", "run", "--planner", "magic", "Check my balance"], mentioning: "--planner must be rule, anthropic or openai")
        try await cli.refused(["agent", "run", "--devnet-account", "-1", "Check my balance"], mentioning: "devnet-account")
        try await cli.refused(["agent", "run", "Check my balance"], mentioning: "paygent init")
    }

    @Test("demo --duration: summary lines as JSON; bad fleet sizes and paces refused")
    func demo() async throws {
        let cli = try CLIHarness()
        let run = try await cli.ok(["demo", "--duration", "2", "--agents", "1", "--json", "--database", cli.database])
        let first = try #require(run.stdout.split(separator: "\n").first)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(Set(line.keys) == ["seconds", "runs", "runs_per_second", "completed", "failed", "cancelled", "settled", "denied", "approvals", "spent_usd", "active"])
        try await cli.refused(["demo", "--agents", "-1"], mentioning: "agents")
        try await cli.refused(["demo", "--agents", "0"], mentioning: "agents")
        try await cli.refused(["demo", "--rate", "-1"], mentioning: "rate")
        try await cli.refused(["demo", "--rate=abc"], mentioning: "rate")
        try await cli.refused(["demo", "--duration", "-1"], mentioning: "duration")
        try await cli.refused(["--demo", "--agents", "-3"], mentioning: "agents")
        try await cli.refused(["--rate=abc"], mentioning: "rate")
    }
}
