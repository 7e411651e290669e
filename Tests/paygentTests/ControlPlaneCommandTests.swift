import Foundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Testing
import X402

/// The control-plane subcommands through the real binary on a fresh store without the demo: each
/// one's happy path (text and `--json` shape) and its bad input — one line on stderr, exit 2,
/// nothing written.
@Suite("paygent control-plane commands")
struct ControlPlaneCommandTests {
    static let payer = try! Address(bytes: [UInt8](repeating: 0x11, count: 20))
    static let payee = try! Address(bytes: [UInt8](repeating: 0x22, count: 20))

    /// The store of `cli`, opened in this process as a second process on the same file would.
    func withStore<T>(_ cli: CLIHarness, _ body: (EmbeddedPaygent) async throws -> T) async throws -> T {
        let paygent = try EmbeddedPaygent.open(path: cli.database)
        do {
            let result = try await body(paygent)
            try await paygent.close()
            return result
        } catch {
            try? await paygent.close()
            throw error
        }
    }

    static func pageKeys(_ object: [String: Any]) -> Set<String> { object.keySet }

    @Test("sessions: list, create, show, pause, resume, kill; bad input refused")
    func sessions() async throws {
        let cli = try CLIHarness()
        let empty = try await cli.object(["sessions", "list"])
        #expect(empty.keySet == ["sessions", "total", "offset", "limit"])
        #expect(empty["total"] as? Int == 0)
        #expect(try await cli.ok(["sessions", "list"]).stdout == "no sessions\n")

        let created = try await cli.object(["sessions", "create", "--name", "cli test", "--budget", "5.00"])
        let id = try #require(created["id"] as? String)
        #expect(created["status"] as? String == "running")
        #expect(created["name"] as? String == "cli test")
        #expect(try await cli.ok(["sessions", "create", "--name", "second"]).stdout.hasPrefix("created session ses_"))

        let listed = try await cli.object(["sessions", "list", "--limit", "1"])
        #expect(listed["total"] as? Int == 2)
        #expect((listed["sessions"] as? [Any])?.count == 1)
        #expect(listed["limit"] as? Int == 1)
        #expect(try await cli.object(["sessions", "show", id])["id"] as? String == id)
        #expect(try await cli.ok(["sessions", "show", id]).stdout.contains("session  \(id)"))
        #expect(try await cli.object(["sessions", "pause", id, "--reason", "lunch"])["status"] as? String == "paused")
        #expect(try await cli.object(["sessions", "resume", id])["status"] as? String == "running")
        let killed = try await cli.object(["sessions", "kill", id, "--reason", "done", "--by", "operator:test"])
        #expect(killed["status"] as? String == "killed")

        try await cli.refused(["sessions", "kill", id], mentioning: id)
        try await cli.refused(["sessions", "show", "ses_nosuch"], mentioning: "no session with id ses_nosuch")
        try await cli.refused(["sessions", "pause", "ses_nosuch"], mentioning: "no session with id ses_nosuch")
        try await cli.refused(["sessions", "list", "--limit", "-1"], mentioning: "limit")
        try await cli.refused(["sessions", "list", "--limit", "0"], mentioning: "limit")
        try await cli.refused(["sessions", "list", "--offset", "-5"], mentioning: "offset")
        try await cli.refused(["sessions", "list", "--limit", "ten"], mentioning: "--limit")
        try await cli.refused(["sessions", "list", "--status", "bogus"], mentioning: "--status must be one of")
        try await cli.refused(["sessions", "create", "--budget", "-5"], mentioning: "budget")
        try await cli.refused(["sessions", "create", "--budget", "1.0000001"], mentioning: "budget")
        try await cli.refused(["sessions", "list", "--no-such-option"], mentioning: "--no-such-option")
        try await cli.refused(["sessions", "show"], mentioning: "<id>")
        try await cli.refused(["sessions", "show", "ses_\u{1b}[2J"], mentioning: "session_id: contains whitespace or control characters")
        // Nothing the refusals asked for was written.
        #expect(try await cli.object(["sessions", "list"])["total"] as? Int == 2)
    }

    @Test("approvals: list, show, approve, reject, edit; unknown ids and lost races refused")
    func approvals() async throws {
        let cli = try CLIHarness()
        #expect(try await cli.object(["approvals", "list"])["total"] as? Int == 0)
        #expect(try await cli.ok(["approvals", "list"]).stdout == "no pending approval requests\n")
        let ids = try await withStore(cli) { paygent -> [String] in
            let session = try await paygent.createSession(CreateSessionRequest(userID: "test", name: "asks", walletAddress: Self.payer.checksummed), by: "test")
            var ids: [String] = []
            for _ in 0..<3 {
                let request = try await paygent.requestApproval(
                    sessionID: session.id, toolName: "transfer", toolArgs: ["to": .string(Self.payee.checksummed)],
                    amount: 5_000_000, token: KnownTokens.devUSDCe, payee: Self.payee, reason: "above the threshold", by: "test")
                ids.append(request.id)
            }
            return ids
        }
        let page = try await cli.object(["approvals", "list"])
        #expect(page["total"] as? Int == 3)
        let shown = try await cli.object(["approvals", "show", ids[0]])
        #expect(shown["id"] as? String == ids[0])
        #expect(shown["decision"] as? String == "pending")
        #expect(try await cli.ok(["approvals", "show", ids[0]]).stdout.contains("request   \(ids[0])"))

        let approved = try await cli.object(["approvals", "approve", ids[0], "--by", "operator:test"])
        #expect(approved["request_id"] as? String == ids[0])
        #expect(try await cli.object(["approvals", "show", ids[0]])["decision"] as? String == "approved")
        try await cli.refused(["approvals", "approve", ids[0]], mentioning: ids[0])

        #expect(try await cli.object(["approvals", "reject", ids[1], "--reason", "too dear"])["request_id"] as? String == ids[1])
        #expect(try await cli.object(["approvals", "show", ids[1]])["decision"] as? String == "rejected")

        try await cli.refused(["approvals", "edit", ids[2], "--amount", "9.00"], mentioning: "amount")
        try await cli.refused(["approvals", "edit", ids[2], "--amount", "-1"], mentioning: "amount")
        try await cli.refused(["approvals", "edit", ids[2], "--args", "{not json"], mentioning: "--args")
        #expect(try await cli.object(["approvals", "show", ids[2]])["decision"] as? String == "pending")
        #expect(try await cli.object(["approvals", "edit", ids[2], "--amount", "2.50"])["request_id"] as? String == ids[2])
        #expect(try await cli.object(["approvals", "show", ids[2]])["decision"] as? String == "edited")
        #expect(try await cli.object(["approvals", "list", "--all"])["total"] as? Int == 3)
        #expect(try await cli.object(["approvals", "list"])["total"] as? Int == 0)

        try await cli.refused(["approvals", "show", "apr_nosuch"], mentioning: "no approval request with id apr_nosuch")
        try await cli.refused(["approvals", "approve", "apr_nosuch"], mentioning: "no approval request with id apr_nosuch")
        try await cli.refused(["approvals", "reject", "apr_nosuch"], mentioning: "no approval request with id apr_nosuch")
        try await cli.refused(["approvals", "list", "--limit", "-1"], mentioning: "limit")
    }

    @Test("payments: list, show, stats, resolve, reconcile; bad outcomes refused")
    func payments() async throws {
        let cli = try CLIHarness()
        #expect(try await cli.object(["payments", "list"])["total"] as? Int == 0)
        let stats = try await cli.object(["payments", "stats"])
        #expect(stats["pending_payments"] as? Int == 0, "\(stats)")
        let paymentIDs = try await withStore(cli) { paygent -> [String] in
            let session = try await paygent.createSession(CreateSessionRequest(userID: "test", name: "payer", walletAddress: Self.payer.checksummed), by: "test")
            var ids: [String] = []
            for index in 0..<2 {
                let intent = PaymentIntent(purchaseID: "cli-\(index)", resource: "http://127.0.0.1:9/data", scheme: "exact", network: "cronos-testnet",
                                           chainID: 338, asset: KnownTokens.devUSDCe, payTo: Self.payee, amount: 100_000, payer: Self.payer,
                                           validBefore: 4_000_000_000, description: "test")
                guard case .allow = try await paygent.paymentPolicy(sessionID: session.id).authorize(intent) else {
                    throw CLIHarness.HarnessError("payment \(index) was not allowed")
                }
                ids.append(try await paygent.payments(PaymentQuery(sessionID: session.id)).items.first { $0.purchaseID == intent.purchaseID }!.id)
            }
            return ids
        }
        let listed = try await cli.object(["payments", "list"])
        #expect(listed["total"] as? Int == 2)
        let shown = try await cli.object(["payments", "show", paymentIDs[0]])
        #expect(shown["id"] as? String == paymentIDs[0])
        #expect(shown["status"] as? String == "pending")
        #expect(try await cli.object(["payments", "stats"])["pending_payments"] as? Int == 2)

        try await cli.refused(["payments", "resolve", paymentIDs[0]], mentioning: "give exactly one of --settled TX or --failed REASON")
        try await cli.refused(["payments", "resolve", paymentIDs[0], "--settled", "0x12"], mentioning: "--settled must be a transaction hash")
        try await cli.refused(["payments", "resolve", paymentIDs[0], "--failed", " "], mentioning: "--failed needs a reason")
        let failed = try await cli.object(["payments", "resolve", paymentIDs[0], "--failed", "never sent"])
        #expect(failed["status"] as? String == "failed")
        try await cli.refused(["payments", "resolve", paymentIDs[0], "--failed", "again"], mentioning: "already failed")
        let hash = "0x" + String(repeating: "ab", count: 32)
        let settled = try await cli.object(["payments", "resolve", paymentIDs[1], "--settled", hash])
        #expect(settled["status"] as? String == "confirmed")
        #expect(settled["tx_hash"] as? String == hash)

        let reconciled = try await cli.object(["payments", "reconcile"])
        #expect(reconciled.keySet == ["resolved", "released_unsigned", "captured", "expired", "still_pending", "still_signed", "still_unknown"])
        #expect(reconciled["still_pending"] as? Int == 0)
        try await cli.refused(["payments", "reconcile", "--rpc", "ftp://node"], mentioning: "--rpc must be an http:// or https:// URL")
        try await cli.refused(["payments", "show", "pay_nosuch"], mentioning: "no payment with id pay_nosuch")
        try await cli.refused(["payments", "list", "--limit", "-1"], mentioning: "limit")
        try await cli.refused(["payments", "list", "--since", "yesterday"], mentioning: "--since is not an ISO-8601 time")
    }

    @Test("services: add, discover, show, update; bad prices and unknown ids refused")
    func services() async throws {
        let cli = try CLIHarness()
        #expect(try await cli.object(["services", "discover"])["total"] as? Int == 0)
        let added = try await cli.object(["services", "add", "--name", "Weather", "--endpoint", "http://127.0.0.1:9/weather",
                                    "--price", "0.10", "--category", "weather"])
        let id = try #require(added["id"] as? String)
        #expect(added["category"] as? String == "weather")
        let found = try await cli.object(["services", "discover", "--category", "weather"])
        #expect(found["total"] as? Int == 1)
        #expect(try await cli.object(["services", "show", id])["name"] as? String == "Weather")
        #expect(try await cli.object(["services", "update", id, "--name", "Weather Pro"])["name"] as? String == "Weather Pro")

        try await cli.refused(["services", "add", "--name", "Again", "--endpoint", "http://127.0.0.1:9/weather", "--price", "0.10"], mentioning: "endpoint")
        try await cli.refused(["services", "add", "--name", "Bad", "--endpoint", "http://127.0.0.1:9/bad", "--price", "-0.10"], mentioning: "price")
        try await cli.refused(["services", "add", "--name", "Bad", "--endpoint", "ftp://x", "--price", "0.10"], mentioning: "endpoint")
        try await cli.refused(["services", "discover", "--min-reputation", "-1"], mentioning: "reputation")
        try await cli.refused(["services", "discover", "--min-reputation", "abc"], mentioning: "--min-reputation")
        try await cli.refused(["services", "show", "svc_nosuch"], mentioning: "no service with id svc_nosuch")
        try await cli.refused(["services", "update", "svc_nosuch", "--name", "x"], mentioning: "no service with id svc_nosuch")
        try await cli.refused(["services", "import", "--facilitator", "http://127.0.0.1:9", "--max", "-1"], mentioning: "--max")
        #expect(try await cli.object(["services", "discover"])["total"] as? Int == 1)
    }

    @Test("pause and resume: the global switch, and refusing to flip it twice")
    func pauseAndResume() async throws {
        let cli = try CLIHarness()
        let paused = try await cli.object(["pause", "--reason", "incident"])
        #expect(paused["global_pause"] as? Bool == true)
        try await cli.refused(["pause"], mentioning: "paused")
        #expect(try await cli.object(["policy", "show"]).isEmpty == false)
        let resumed = try await cli.object(["resume"])
        #expect(resumed["global_pause"] as? Bool == false)
        try await cli.refused(["resume"], mentioning: "not paused")
    }

    @Test("policy: show and set; out-of-range values refused and nothing changed")
    func policy() async throws {
        let cli = try CLIHarness()
        let before = try await cli.object(["policy", "show"])
        #expect(before["price_table"] != nil, "\(before.keys.sorted())")
        let after = try await cli.object(["policy", "set", "--daily-limit", "100", "--approval-timeout", "600"])
        #expect(after["wallet_daily_limit_usd"] as? String == "100.00", "\(after)")
        #expect(after["approval_timeout_seconds"] as? Int == 600, "\(after)")
        try await cli.refused(["policy", "set", "--approval-timeout", "-1"], mentioning: "approval")
        try await cli.refused(["policy", "set", "--daily-limit", "abc"], mentioning: "daily")
        try await cli.refused(["policy", "set", "--default-wallet", "0x12"], mentioning: "wallet")
        #expect(try await cli.object(["policy", "show"])["approval_timeout_seconds"] as? Int == 600)
    }

    @Test("wallet: balance and allowance of an address; no wallet and bad addresses refused")
    func wallet() async throws {
        let cli = try CLIHarness()
        let address = Self.payer.checksummed
        let balance = try await cli.object(["wallet", "balance", address])
        #expect(balance["wallet_address"] as? String != nil, "\(balance)")
        let allowance = try await cli.object(["wallet", "allowance", address])
        #expect(allowance["spent_today_usd"] as? String == "0.00", "\(allowance)")
        try await cli.refused(["wallet", "allowance"], mentioning: "wallet")
        try await cli.refused(["wallet", "balance", "0xnothex"], mentioning: "address")
        try await cli.refused(["wallet", "allowance", "0x1234"], mentioning: "address")
    }
}
