import Foundation
import PaygentCore
import Testing

/// A new user's first run through the real `paygent` binary in a temporary home: `paygent init`
/// without questions, then `policy show --json`, an agent run paying `paygent demo-services serve`
/// — each with no flags beyond what the step itself is about.
@Suite(.serialized) struct FirstRunTests {
    /// A temporary HOME with its own XDG directories.
    struct Home {
        let root = NSTemporaryDirectory() + "paygent-home-" + UUID().uuidString
        var environment: [String: String] {
            ["HOME": root, "XDG_CONFIG_HOME": root + "/.config", "XDG_DATA_HOME": root + "/.local/share"]
        }
        var config: String { root + "/.config/paygent/config.toml" }
        func make() throws { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
        func remove() { try? FileManager.default.removeItem(atPath: root) }
        func run(_ arguments: [String]) async throws -> PaygentBinary.Result {
            try await PaygentBinary.run(arguments, environment: environment)
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func initThenPolicyThenAnAgentPayingDemoServices() async throws {
        let home = Home()
        try home.make()
        defer { home.remove() }

        // Before init: the agent says what is missing.
        let early = try await home.run(["agent", "run", "Check my balance"])
        #expect(early.status == 2)
        #expect(early.stderr.contains("run `paygent init` first"), "\(early.stderr)")

        let setup = try await home.run(["init", "--yes", "--network", "devnet", "--new-key", "--daily-limit", "5.00", "--approval-threshold", "1.00"])
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(setup.stdout.contains("Next:"))
        let config = try String(contentsOfFile: home.config, encoding: .utf8)
        #expect(config.contains("[network]") && config.contains("name = \"devnet\"") && config.contains("chain_id = 338"))
        #expect(config.contains("eip712_name = \"Bridged USDC (Stargate)\""))
        let address = try #require(config.split(separator: "\n").first { $0.hasPrefix("address = ") }?.split(separator: "\"")[1]).description
        // The key file: mode 0600 under XDG_CONFIG_HOME/paygent/keys, never printed.
        let keyPath = home.root + "/.config/paygent/keys/\(address).key"
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try String(contentsOfFile: keyPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count == 66)
        #expect(!setup.stdout.contains(key.dropFirst(2)) && !setup.stderr.contains(key.dropFirst(2)))

        // Init again: refused without --force, and nothing changes.
        let again = try await home.run(["init", "--yes"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already set up") && again.stderr.contains("--force"))
        #expect(try String(contentsOfFile: home.config, encoding: .utf8) == config)
        // Without a terminal and without --yes it does not hang on a question.
        let asked = try await home.run(["init", "--force"])
        #expect(asked.status == 2 && asked.stderr.contains("--yes"))

        // The policy init set, exactly.
        let shown = try await home.run(["policy", "show", "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let policy = try Self.json(shown.stdout)
        #expect(policy["wallet_daily_limit_usd"] as? String == "5.00")
        #expect(policy["approval_threshold_usd"] as? String == "1.00")
        #expect(policy["default_wallet"] as? String == address)

        // An agent run paying the demo services, with no flags.
        let services = try PaygentBinary.start(["demo-services", "serve", "--port", "0", "--fund", "\(address)=10"], environment: home.environment)
        defer { services.stop() }
        let banner = try #require(await services.line(containing: "listening on"), "demo services did not start: \(services.output.text)")
        let base = try #require(banner.split(separator: " ").last).description
        let run = try await home.run(["agent", "run", "Pay 0.05 USDC for \(base)/market-data"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("settled 0.01 devUSDC.e"), "\(run.stdout)")
        #expect(run.stdout.contains("wallet \(address)"))
        let payments = try Self.json(try await home.run(["payments", "list", "--json"]).stdout)
        let items = try #require(payments["payments"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items.first?["status"] as? String == "confirmed")
        #expect(items.first?["amount"] as? String == "0.01")
    }

    @Test func policySetNamesTheFieldAndRecordsOldAndNew() async throws {
        let home = Home()
        try home.make()
        defer { home.remove() }
        #expect(try await home.run(["init", "--yes", "--network", "devnet"]).status == 0)
        let bad = try await home.run(["policy", "set", "--daily-limit", "10.00", "--recipient-cap", "0xnothex=1.00"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--recipient-cap") && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        // Bad input changed nothing, not even the valid part.
        #expect(try Self.json(try await home.run(["policy", "show", "--json"]).stdout)["wallet_daily_limit_usd"] as? String == "5.00")
        let set = try await home.run(["policy", "set", "--daily-limit", "12.34", "--velocity", "none", "--by", "operator:alice"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("wallet_daily_limit_usd: 5.00 → 12.34"))
        // The event names who changed what, old → new.
        let store = try EmbeddedPaygent.open(path: home.root + "/.local/share/paygent/paygent.sqlite")
        let page = try await store.events(EventQuery(types: [.policyUpdated], limit: 10))
        try await store.close()
        let last = try #require(page.events.last)
        #expect(last.actor == "operator:alice")
        let change = last.data["changes"]?["wallet_daily_limit_usd"]
        #expect(change?["old"] == .string("5.00") && change?["new"] == .string("12.34"))
        #expect(last.data["changes"]?["max_payments_per_minute"]?["new"] == .null)
        #expect(last.data["changes"]?["approval_threshold_usd"] == nil)     // unchanged fields are not listed
    }
}
