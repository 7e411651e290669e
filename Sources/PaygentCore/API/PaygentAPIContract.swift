import Foundation
import PaygentEVM
import PaygentFoundation

/// The behaviour every ``PaygentAPI`` implementation must show, as runnable checks.
///
/// Written against the protocol only, so `EmbeddedPaygent` and `RemotePaygent` run the same
/// suite: a test target makes one parameterised test over ``cases`` and calls
/// ``run(_:on:)`` with a fresh API from its own factory. A failed check throws
/// ``ContractFailure`` naming the expectation.
public enum PaygentAPIContract {
    /// What a contract case gets: the API under test, plus an optional driver for the parts
    /// that only an agent can cause (payments, approval requests).
    public struct Fixture: Sendable {
        /// The implementation under test (fresh and empty).
        public var api: any PaygentAPI
        /// Makes payments and approval requests happen behind the API, when the harness can.
        public var driver: (any ContractDriver)?
        /// The actor recorded for a command sent `by:` this name: the name itself in-process; over
        /// HTTP the server records the authenticated token instead (`api:operator:tok_…`).
        public var actor: @Sendable (String) -> String

        /// Creates a fixture.
        public init(api: any PaygentAPI, driver: (any ContractDriver)? = nil, actor: @escaping @Sendable (String) -> String = { $0 }) {
            self.api = api
            self.driver = driver
            self.actor = actor
        }
    }

    /// A contract check that did not hold.
    public struct ContractFailure: Error, CustomStringConvertible {
        /// What was expected.
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Names of every case.
    public static let cases: [String] = [
        "sessions.create-show-list", "sessions.pause-resume-kill", "sessions.errors",
        "control.global-pause", "services.register-discover-update", "services.errors",
        "events.paging", "events.subscribe", "approvals.decide-once", "payments.history-stats",
        "policy.roundtrip", "wallet.allowance",
        "events.filter", "logs.read", "wallet.transactions", "wallet.spend-series", "approvals.edit", "approvals.expiry",
    ]

    /// Runs case `name` on `fixture`.
    public static func run(_ name: String, on fixture: Fixture) async throws {
        let api = fixture.api
        // A fresh store may already hold its harness's own set-up events (a remote harness issues
        // the token it authenticates with): sequence checks are relative to where the case starts.
        let base = try await api.overview().latestSeq
        switch name {
        case "sessions.create-show-list":
            let created = try await api.createSession(
                CreateSessionRequest(userID: "alice", name: "research", walletAddress: "0x" + String(repeating: "11", count: 20),
                                     budgetLimitUSD: "5.00"), by: "contract")
            try check(created.status == .running, "new session is running")
            try check(created.config.budgetLimitUSD == (try USDAmount(parsing: "5.00")), "budget parsed exactly")
            try check(created.remainingUSD == (try USDAmount(parsing: "5.00")), "remaining = budget")
            let shown = try await api.session(id: created.id)
            try check(shown == created, "show returns what create returned")
            _ = try await api.createSession(CreateSessionRequest(userID: "bob", name: "second"), by: "contract")
            let page = try await api.sessions(SessionQuery(page: PageRequest(offset: 0, limit: 1)))
            try check(page.total == 2 && page.items.count == 1 && page.hasMore, "paging: total 2, one item, more")
            try check(page.items.first?.name == "second", "newest first")
            let alice = try await api.sessions(SessionQuery(userID: "alice"))
            try check(alice.items.map(\.id) == [created.id], "filter by user")
        case "sessions.pause-resume-kill":
            let session = try await api.createSession(CreateSessionRequest(name: "s"), by: "contract")
            let paused = try await api.pauseSession(id: session.id, reason: "look", by: "operator:a")
            try check(paused.status == .paused && paused.statusChangedBy == fixture.actor("operator:a"), "paused by actor")
            try await expectError(.conflict) { () throws(PaygentError) in try await api.pauseSession(id: session.id, reason: nil, by: "x") }
            let resumed = try await api.resumeSession(id: session.id, by: "operator:a")
            try check(resumed.status == .running, "resumed")
            let killed = try await api.killSession(id: session.id, reason: "runaway", by: "operator:b")
            try check(killed.status == .killed && killed.statusReason == "runaway", "killed with reason")
            try await expectError(.conflict) { () throws(PaygentError) in try await api.killSession(id: session.id, reason: nil, by: "x") }
            try check(try await api.sessions(SessionQuery(status: .killed)).total == 1, "status filter")
            let events = try await api.events(EventQuery(sessionID: session.id, limit: 100)).events.map(\.type)
            try check(events.starts(with: [.sessionCreated, .sessionPaused, .sessionResumed, .sessionKilled]), "events in order: \(events)")
        case "sessions.errors":
            try await expectError(.notFound) { () throws(PaygentError) in try await api.session(id: "ses_nope") }
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(budgetLimitUSD: "-1"), by: "x") }
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.createSession(CreateSessionRequest(walletAddress: "0xnope"), by: "x") }
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.sessions(SessionQuery(page: PageRequest(limit: 1000))) }
            try check(try await api.sessions(SessionQuery()).total == 0, "nothing written")
        case "control.global-pause":
            try check(try await api.controlState().globalPause == false, "not paused initially")
            let paused = try await api.pauseAll(reason: "panic", by: "operator:a")
            try check(paused.globalPause && paused.changedBy == fixture.actor("operator:a"), "paused by actor")
            try check(try await api.overview().control.globalPause, "overview shows pause")
            try await expectError(.conflict) { () throws(PaygentError) in try await api.pauseAll(reason: nil, by: "x") }
            try check(try await api.resumeAll(by: "operator:a").globalPause == false, "resumed")
            let types = try await api.events(EventQuery(after: base, limit: 100)).events.map(\.type)
            try check(types == [.controlPaused, .controlResumed], "pause events: \(types)")
        case "services.register-discover-update":
            var ids: [String] = []
            for (index, price) in ["0.01", "0.05", "0.10", "1.00"].enumerated() {
                let service = try await api.registerService(NewService(
                    name: "svc\(index)", description: "d", endpoint: "https://svc\(index).test/api",
                    category: index % 2 == 0 ? "market-data" : "news", priceAmount: price, priceToken: "USDC",
                    mcpCompatible: index == 3, reputationScore: Double(index)), by: "admin")
                ids.append(service.id)
            }
            let all = try await api.discoverServices(ServiceQuery())
            try check(all.total == 4 && all.items.map(\.name) == ["svc3", "svc2", "svc1", "svc0"], "ordered by reputation desc")
            let cheap = try await api.discoverServices(ServiceQuery(maxPriceUSD: try USDAmount(parsing: "0.05")))
            try check(Set(cheap.items.map(\.name)) == ["svc0", "svc1"], "max price filter")
            let mid = try await api.discoverServices(ServiceQuery(minPriceUSD: try USDAmount(parsing: "0.05"), maxPriceUSD: try USDAmount(parsing: "0.10")))
            try check(Set(mid.items.map(\.name)) == ["svc1", "svc2"], "price range")
            try check(try await api.discoverServices(ServiceQuery(category: "news")).total == 2, "category filter")
            try check(try await api.discoverServices(ServiceQuery(minReputation: 2)).total == 2, "min reputation")
            try check(try await api.discoverServices(ServiceQuery(mcpCompatible: true)).items.map(\.name) == ["svc3"], "mcp filter")
            let window = try await api.discoverServices(ServiceQuery(page: PageRequest(offset: 1, limit: 2)))
            try check(window.items.map(\.name) == ["svc2", "svc1"] && window.total == 4, "offset/limit")
            let pricing = try await api.pricing(serviceID: ids[2])
            try check(pricing.priceAmount == "0.10" && pricing.priceAmountBaseUnits == UInt256(100_000) && pricing.tokenSymbol == "USDC", "pricing")
            let updated = try await api.updateService(id: ids[0], ServiceUpdate(description: "new", priceAmount: "0.02"), by: "admin")
            try check(updated.description == "new" && updated.formattedPrice == "0.02" && updated.name == "svc0", "partial update")
            try check(try await api.service(id: ids[0]) == updated, "update persisted")
        case "services.errors":
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.registerService(NewService(name: "", endpoint: "https://a.test", priceAmount: "1"), by: "x") }
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.registerService(NewService(name: "a", endpoint: "https://a.test", priceAmount: "0.0000001"), by: "x") }
            try await expectError(.notFound) { () throws(PaygentError) in try await api.service(id: "svc_nope") }
            try await expectError(.notFound) { () throws(PaygentError) in try await api.updateService(id: "svc_nope", ServiceUpdate(name: "n"), by: "x") }
            try check(try await api.discoverServices(ServiceQuery()).total == 0, "nothing written")
        case "events.paging":
            for index in 0..<25 { _ = try await api.createSession(CreateSessionRequest(name: "e\(index)"), by: "contract") }
            let first = try await api.events(EventQuery(after: base, limit: 10))
            try check(first.events.map(\.seq) == Array(base + 1...base + 10) && first.hasMore && first.latestSeq == base + 25, "first page")
            let next = try await api.events(EventQuery(after: base + 10, limit: 10))
            try check(next.events.map(\.seq) == Array(base + 11...base + 20), "after")
            let back = try await api.events(EventQuery(before: base + 11, limit: 5))
            try check(back.events.map(\.seq) == Array(base + 6...base + 10) && back.hasMore, "before")
            let last = try await api.events(EventQuery(after: base + 20, limit: 10))
            try check(last.events.map(\.seq) == Array(base + 21...base + 25) && !last.hasMore, "end")
        case "events.subscribe":
            for index in 0..<3 { _ = try await api.createSession(CreateSessionRequest(name: "x\(index)"), by: "contract") }
            let stream = api.subscribe(after: base + 1)
            let reader = Task {
                var seqs: [Int64] = []
                for try await event in stream {
                    seqs.append(event.seq)
                    if seqs.count == 5 { break }
                }
                return seqs
            }
            for index in 0..<3 { _ = try await api.createSession(CreateSessionRequest(name: "y\(index)"), by: "contract") }
            let seqs = try await reader.value
            try check(seqs == Array(base + 2...base + 6), "replay then live, no gap or duplicate: \(seqs)")
        case "approvals.decide-once":
            guard let driver = fixture.driver else { return }
            let session = try await api.createSession(CreateSessionRequest(name: "buyer"), by: "contract")
            let id = try await driver.requestApproval(sessionID: session.id, amount: "12.00")
            let pending = try await api.approvals(ApprovalQuery())
            try check(pending.items.map(\.id) == [id], "listed as pending")
            try check(try await api.session(id: session.id).status == .awaitingApproval, "session awaits approval")
            let result = try await api.approve(id: id, by: "operator:a")
            try check(result.decision == .approved && result.requestID == id, "approved")
            try await expectError(.conflict) { () throws(PaygentError) in try await api.reject(id: id, reason: nil, by: "operator:b") }
            try check(try await api.approval(id: id).decidedBy == fixture.actor("operator:a"), "first decision kept")
            try check(try await api.approvals(ApprovalQuery()).total == 0, "no longer pending")
            try check(try await api.session(id: session.id).status == .running, "session running again")
        case "payments.history-stats":
            guard let driver = fixture.driver else { return }
            let session = try await api.createSession(CreateSessionRequest(name: "payer", budgetLimitUSD: "1.00"), by: "contract")
            for index in 0..<3 { try await driver.pay(sessionID: session.id, amount: "0.10", settle: index != 1) }
            let history = try await api.payments(PaymentQuery(sessionID: session.id))
            try check(history.total == 3, "three payments")
            let stats = try await api.paymentStats(PaymentQuery(sessionID: session.id))
            try check(stats.confirmedPayments == 2 && stats.failedPayments == 1, "stats counts")
            try check(stats.totalAmountUSD == (try USDAmount(parsing: "0.20")), "confirmed USD exact")
            let shown = try await api.session(id: session.id)
            try check(shown.spentUSD == (try USDAmount(parsing: "0.20")) && shown.heldUSD == .zero, "session spend")
            let payment = try await api.payment(id: history.items[0].id)
            try check(payment == history.items[0], "show payment")
            let budgets = try await api.budgets()
            try check(budgets.sessions.contains { $0.sessionID == session.id && $0.remainingUSD == (try? USDAmount(parsing: "0.80")) }, "budget gauge")
        case "policy.roundtrip":
            var policy = try await api.policy()
            try check(policy.approvalThresholdUSD == 10, "default threshold 10 USD")
            policy.walletDailyLimitUSD = try USDAmount(parsing: "25.50")
            policy.approvalThresholdUSD = try USDAmount(parsing: "2.00")
            _ = try await api.updatePolicy(policy, by: "admin")
            let again = try await api.policy()
            try check(again.walletDailyLimitUSD == (try USDAmount(parsing: "25.50")) && again.approvalThresholdUSD == 2, "persisted")
        case "wallet.allowance":
            var policy = try await api.policy()
            let wallet = try Address("0x" + String(repeating: "ab", count: 20))
            policy.walletDailyLimitUSD = 3
            policy.defaultWallet = wallet
            _ = try await api.updatePolicy(policy, by: "admin")
            let allowance = try await api.walletAllowance(wallet: nil)
            try check(allowance.walletAddress == wallet && allowance.remainingAllowanceUSD == 3 && allowance.spentTodayUSD == .zero, "allowance")
            let balance = try await api.walletBalance(wallet: nil)
            try check(balance.walletAddress == wallet && !balance.balances.isEmpty, "balance lists priced tokens")
        case "events.filter":
            let one = try await api.createSession(CreateSessionRequest(name: "one"), by: "contract")
            let two = try await api.createSession(CreateSessionRequest(name: "two"), by: "contract")
            _ = try await api.pauseSession(id: one.id, reason: nil, by: "contract")
            _ = try await api.killSession(id: two.id, reason: nil, by: "contract")
            let ofOne = try await api.events(EventQuery(sessionID: one.id, limit: 100)).events
            try check(ofOne.map(\.type) == [.sessionCreated, .sessionPaused] && ofOne.allSatisfy { $0.sessionID == one.id }, "session filter: \(ofOne.map(\.type))")
            let kills = try await api.events(EventQuery(types: [.sessionKilled, .sessionPaused], limit: 100)).events
            try check(kills.map(\.type) == [.sessionPaused, .sessionKilled], "type filter: \(kills.map(\.type))")
            let both = try await api.events(EventQuery(sessionID: two.id, types: [.sessionKilled], limit: 100)).events
            try check(both.count == 1 && both.first?.sessionID == two.id, "session and type filter")
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.events(EventQuery(limit: 0)) }
        case "logs.read":
            let session = try await api.createSession(CreateSessionRequest(name: "runs"), by: "contract")
            let logs = try await api.executionLogs(LogQuery(sessionID: session.id))
            try check(logs.total == 0 && logs.items.isEmpty, "no runs yet")
            let summary = try await api.executionLogSummary(sessionID: session.id)
            try check(summary.totalRuns == 0 && summary.totalCostUSD == .zero, "empty summary")
            try await expectError(.notFound) { () throws(PaygentError) in try await api.executionLog(id: "log_nope") }
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.executionLogs(LogQuery(page: PageRequest(limit: 0))) }
        case "wallet.transactions":
            let page = try await api.walletTransactions(wallet: nil, page: PageRequest(offset: 0, limit: 10))
            try check(page.offset == 0 && page.items.count <= 10 && page.total >= page.items.count, "a page of movements")
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.walletTransactions(wallet: nil, page: PageRequest(limit: 500)) }
        case "wallet.spend-series":
            let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            let since = Timestamp(milliseconds: (now.milliseconds / 60_000 - 4) * 60_000)
            if let driver = fixture.driver {
                let session = try await api.createSession(CreateSessionRequest(name: "spender"), by: "contract")
                try await driver.pay(sessionID: session.id, amount: "0.25", settle: true)
                try await driver.pay(sessionID: session.id, amount: "0.50", settle: true)
            }
            let points = try await api.spendSeries(since: since, bucketSeconds: 60)
            try check(points.count >= 5 && points.count <= 6, "one point per minute: \(points.count)")
            let total = points.reduce(USDAmount.zero) { $0.adding($1.amountUSD) ?? $0 }
            let expected = fixture.driver == nil ? USDAmount.zero : try USDAmount(parsing: "0.75")
            try check(total == expected, "series sums the confirmed spend exactly: \(total)")
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.spendSeries(since: since, bucketSeconds: 0) }
        case "approvals.edit":
            guard let driver = fixture.driver else { return }
            let session = try await api.createSession(CreateSessionRequest(name: "edited"), by: "contract")
            let id = try await driver.requestApproval(sessionID: session.id, amount: "20.00")
            try await expectError(.invalidInput) { () throws(PaygentError) in try await api.editApproval(id: id, ApprovalEdit(amount: "25.00"), by: "x") }
            try check(try await api.approval(id: id).decision == .pending, "a refused edit changes nothing")
            let result = try await api.editApproval(id: id, ApprovalEdit(editedArgs: .object(["q": .string("less")]), amount: "12.50"), by: "operator:a")
            try check(result.decision == .edited, "edited")
            let shown = try await api.approval(id: id)
            try check(shown.decision == .edited && shown.editedArgs == .object(["q": .string("less")]) && shown.decidedBy == fixture.actor("operator:a"), "edit recorded")
            try await expectError(.conflict) { () throws(PaygentError) in try await api.approve(id: id, by: "y") }
        case "approvals.expiry":
            guard let driver = fixture.driver else { return }
            var policy = try await api.policy()
            policy.approvalTimeoutSeconds = 1
            _ = try await api.updatePolicy(policy, by: "admin")
            let session = try await api.createSession(CreateSessionRequest(name: "slow"), by: "contract")
            let id = try await driver.requestApproval(sessionID: session.id, amount: "15.00")
            let request = try await api.approval(id: id)
            let deadline = ContinuousClock.now + .seconds(10)
            // Wait for the wall clock to pass the request's deadline (bounded), then decide too late.
            while Int64(Date().timeIntervalSince1970 * 1000) <= request.expiresAt.milliseconds + 5 {
                guard ContinuousClock.now < deadline else { throw ContractFailure("the clock did not pass the deadline within 10 s") }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await expectError(.expired) { () throws(PaygentError) in try await api.approve(id: id, by: "operator:late") }
            let expired = try await api.approval(id: id)
            try check(expired.decision != .pending && expired.decision != .approved, "expired request is decided by its timeout action: \(expired.decision)")
            try check(try await api.approvals(ApprovalQuery()).total == 0, "no longer pending")
        default:
            throw ContractFailure("unknown contract case \(name)")
        }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ContractFailure(message()) }
    }

    static func expectError<T>(_ code: PaygentError.Code, _ body: () async throws(PaygentError) -> T) async throws {
        do {
            _ = try await body()
        } catch {
            if error.code != code { throw ContractFailure("expected \(code.rawValue), got \(error.code.rawValue): \(error.message)") }
            return
        }
        throw ContractFailure("expected \(code.rawValue) error, got success")
    }
}

/// What a contract harness can make happen behind the API (an agent paying, asking).
public protocol ContractDriver: Sendable {
    /// Makes `sessionID` ask for approval of a payment of `amount` USDC; returns the request id.
    func requestApproval(sessionID: String, amount: String) async throws -> String
    /// Makes `sessionID` pay `amount` USDC, then settle (or fail) it.
    func pay(sessionID: String, amount: String, settle: Bool) async throws
}
