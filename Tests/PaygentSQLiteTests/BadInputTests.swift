import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Testing

@Suite("Bad input to every command: a specific error, nothing written (real SQLite file)")
struct BadInputTests {
    struct Snapshot: Equatable {
        var seq: Int64
        var sessions: Int
        var services: Int
        var approvals: Int
        var control: ControlState
        var policy: PolicySettings
    }

    func snapshot(_ api: EmbeddedPaygent) async throws -> Snapshot {
        Snapshot(
            seq: try await api.events(EventQuery(limit: 1)).latestSeq,
            sessions: try await api.sessions(SessionQuery()).total,
            services: try await api.discoverServices(ServiceQuery()).total,
            approvals: try await api.approvals(ApprovalQuery(decision: nil)).total,
            control: try await api.controlState(),
            policy: try await api.policy())
    }

    /// Runs `body`, expects a ``PaygentError`` with `code` (and `field` when given), and that nothing changed.
    func expectRefused<T>(_ api: EmbeddedPaygent, _ code: PaygentError.Code, field: String? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation,
                          _ body: () async throws(PaygentError) -> T) async throws {
        let before = try await snapshot(api)
        do {
            _ = try await body()
            Issue.record("expected \(code) error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            if let field { #expect(error.field == field, "\(error)", sourceLocation: sourceLocation) }
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
        let after = try await snapshot(api)
        #expect(before == after, "something was written", sourceLocation: sourceLocation)
    }

    @Test("Every command refuses bad input")
    func everyCommand() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let api = try await Fixture.open(db, clock: ManualClock())
        let session = try await api.createSession(CreateSessionRequest(name: "ok"), by: "test")
        let service = try await api.registerService(NewService(name: "S", endpoint: "https://s.test/api", priceAmount: "0.10"), by: "test")
        let long = String(repeating: "x", count: 5000)
        let longID = String(repeating: "a", count: 200)
        let malformed = "0x12345"
        let badChecksum = "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2B"

        // Sessions
        try await expectRefused(api, .invalidInput, field: "user_id") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(userID: ""), by: "t") }
        try await expectRefused(api, .invalidInput, field: "name") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(name: long), by: "t") }
        try await expectRefused(api, .invalidInput, field: "wallet_address") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(walletAddress: malformed), by: "t") }
        try await expectRefused(api, .invalidInput, field: "wallet_address") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(walletAddress: badChecksum), by: "t") }
        try await expectRefused(api, .invalidInput, field: "budget_limit_usd") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(budgetLimitUSD: "-5"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "budget_limit_usd") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(budgetLimitUSD: "0.0000001"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "budget_limit_usd") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(budgetLimitUSD: "five"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "max_payments_per_minute") { () throws(PaygentError) in
            try await api.createSession(CreateSessionRequest(config: SessionConfig(maxPaymentsPerMinute: 0)), by: "t")
        }
        try await expectRefused(api, .invalidInput, field: "by") { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(), by: "") }
        for (name, command) in [
            ("kill", { (id: String) async throws(PaygentError) in _ = try await api.killSession(id: id, reason: nil, by: "t") }),
            ("pause", { (id: String) async throws(PaygentError) in _ = try await api.pauseSession(id: id, reason: nil, by: "t") }),
            ("resume", { (id: String) async throws(PaygentError) in _ = try await api.resumeSession(id: id, by: "t") }),
            ("show", { (id: String) async throws(PaygentError) in _ = try await api.session(id: id) }),
        ] {
            try await expectRefused(api, .notFound) { () throws(PaygentError) in try await command("ses_missing") }
            try await expectRefused(api, .invalidInput, field: "session_id") { () throws(PaygentError) in try await command("") }
            try await expectRefused(api, .invalidInput, field: "session_id") { () throws(PaygentError) in try await command(longID) }
            _ = name
        }
        try await expectRefused(api, .invalidInput, field: "reason") { () throws(PaygentError) in try await api.killSession(id: session.id, reason: long, by: "t") }

        // Approvals
        try await expectRefused(api, .notFound) { () throws(PaygentError) in try await api.approve(id: "apr_missing", by: "t") }
        try await expectRefused(api, .notFound) { () throws(PaygentError) in try await api.reject(id: "apr_missing", reason: nil, by: "t") }
        try await expectRefused(api, .notFound) { () throws(PaygentError) in try await api.editApproval(id: "apr_missing", ApprovalEdit(amount: "1"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "request_id") { () throws(PaygentError) in try await api.approve(id: "bad id", by: "t") }
        try await expectRefused(api, .invalidInput, field: "edited_args") { () throws(PaygentError) in try await api.editApproval(id: "apr_x", ApprovalEdit(), by: "t") }
        try await expectRefused(api, .invalidInput, field: "reason") { () throws(PaygentError) in try await api.reject(id: "apr_x", reason: long, by: "t") }
        let pending = try await api.approvalDesk.request(sessionID: session.id, toolName: "x402_fetch", toolArgs: [:],
                                                         amount: Fixture.usdcAmount("20"), token: Fixture.usdc, reason: "big", by: "t")
        try await expectRefused(api, .invalidInput, field: "amount") { () throws(PaygentError) in try await api.editApproval(id: pending.id, ApprovalEdit(amount: "-1"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "amount") { () throws(PaygentError) in try await api.editApproval(id: pending.id, ApprovalEdit(amount: "1.0000001"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "amount") { () throws(PaygentError) in try await api.editApproval(id: pending.id, ApprovalEdit(amount: "20.000001"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "amount") { () throws(PaygentError) in try await api.editApproval(id: pending.id, ApprovalEdit(amount: "0"), by: "t") }
        #expect(try await api.approval(id: pending.id).decision == .pending)

        // Registry
        func register(_ change: (inout NewService) -> Void) -> () async throws(PaygentError) -> Service {
            var request = NewService(name: "New", endpoint: "https://new.test/x", priceAmount: "0.10")
            change(&request)
            let final = request
            return { () throws(PaygentError) in try await api.registerService(final, by: "t") }
        }
        try await expectRefused(api, .invalidInput, field: "name", register { $0.name = "" })
        try await expectRefused(api, .invalidInput, field: "name", register { $0.name = "   " })
        try await expectRefused(api, .invalidInput, field: "name", register { $0.name = long })
        try await expectRefused(api, .invalidInput, field: "description", register { $0.description = long })
        try await expectRefused(api, .invalidInput, field: "endpoint", register { $0.endpoint = "ftp://x" })
        try await expectRefused(api, .invalidInput, field: "endpoint", register { $0.endpoint = "" })
        try await expectRefused(api, .invalidInput, field: "endpoint", register { $0.endpoint = "https://" + long })
        try await expectRefused(api, .invalidInput, field: "category", register { $0.category = "Bad Category!" })
        try await expectRefused(api, .invalidInput, field: "pricing_model", register { $0.pricingModel = "sometimes" })
        try await expectRefused(api, .invalidInput, field: "price_amount", register { $0.priceAmount = "-0.10" })
        try await expectRefused(api, .invalidInput, field: "price_amount", register { $0.priceAmount = "0.0000001" })
        try await expectRefused(api, .invalidInput, field: "price_amount", register { $0.priceAmount = "1e3" })
        try await expectRefused(api, .invalidInput, field: "price_token", register { $0.priceToken = "DOGE" })
        try await expectRefused(api, .invalidInput, field: "price_token", register { $0.priceToken = malformed })
        try await expectRefused(api, .invalidInput, field: "reputation_score", register { $0.reputationScore = 7 })
        try await expectRefused(api, .conflict, register { $0.endpoint = service.endpoint })
        try await expectRefused(api, .notFound) { () throws(PaygentError) in try await api.updateService(id: "svc_missing", ServiceUpdate(name: "x"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "body") { () throws(PaygentError) in try await api.updateService(id: service.id, ServiceUpdate(), by: "t") }
        try await expectRefused(api, .invalidInput, field: "price_amount") { () throws(PaygentError) in try await api.updateService(id: service.id, ServiceUpdate(priceAmount: "-1"), by: "t") }
        try await expectRefused(api, .invalidInput, field: "name") { () throws(PaygentError) in try await api.updateService(id: service.id, ServiceUpdate(name: ""), by: "t") }
        try await expectRefused(api, .notFound) { () throws(PaygentError) in try await api.pricing(serviceID: "svc_missing") }

        // Global control and policy
        try await expectRefused(api, .conflict) { () throws(PaygentError) in try await api.resumeAll(by: "t") }
        try await expectRefused(api, .invalidInput, field: "reason") { () throws(PaygentError) in try await api.pauseAll(reason: long, by: "t") }
        var policy = try await api.policy()
        policy.approvalTimeoutSeconds = 0
        let badPolicy = policy
        try await expectRefused(api, .invalidInput, field: "approval_timeout_seconds") { () throws(PaygentError) in try await api.updatePolicy(badPolicy, by: "t") }

        // Queries
        try await expectRefused(api, .invalidInput, field: "limit") { () throws(PaygentError) in try await api.sessions(SessionQuery(page: PageRequest(limit: 0))) }
        try await expectRefused(api, .invalidInput, field: "limit") { () throws(PaygentError) in try await api.payments(PaymentQuery(page: PageRequest(limit: 101))) }
        try await expectRefused(api, .invalidInput, field: "offset") { () throws(PaygentError) in try await api.discoverServices(ServiceQuery(page: PageRequest(offset: -1))) }
        try await expectRefused(api, .invalidInput, field: "min_price") { () throws(PaygentError) in try await api.discoverServices(ServiceQuery(minPriceUSD: 5, maxPriceUSD: 1)) }
        try await expectRefused(api, .invalidInput, field: "limit") { () throws(PaygentError) in try await api.events(EventQuery(limit: 0)) }
        try await expectRefused(api, .notFound) { () throws(PaygentError) in try await api.payment(id: "pay_missing") }
        try await expectRefused(api, .notFound) { () throws(PaygentError) in try await api.executionLogSummary(sessionID: "ses_missing") }
        try await expectRefused(api, .invalidInput, field: "wallet") { () throws(PaygentError) in try await api.walletBalance(wallet: nil) }
        try await expectRefused(api, .invalidInput, field: "bucket_seconds") { () throws(PaygentError) in try await api.spendSeries(since: Timestamp(milliseconds: 0), bucketSeconds: 0) }
        try await api.close()
    }

    @Test("Errors map to HTTP statuses and one-line messages")
    func errorShape() {
        #expect(PaygentError.invalid("name", "must not be empty").httpStatus == 422)
        #expect(PaygentError.notFound("session", "x").httpStatus == 404)
        #expect(PaygentError.conflict("x").httpStatus == 409)
        #expect(PaygentError.notFound("session", "a\u{1b}[2Jb").message == "no session with id ab", "the escape sequence is removed whole")
    }
}
