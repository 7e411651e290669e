import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

@Suite("Concurrent payments against limits (real SQLite file)")
struct ConcurrentBudgetTests {
    @Test("1,000 concurrent attempts against a session budget that fits exactly 250", arguments: StoreKind.allCases)
    func sessionBudgetExact(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        // 0.003 USDC each, budget 0.75 USD → exactly 250 fit.
        let session = try await paygent.createSession(
            CreateSessionRequest(name: "budget", walletAddress: Fixture.payer.checksummed, budgetLimitUSD: "0.75"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let amount = Fixture.usdcAmount("0.003")
        let decisions = try await withThrowingTaskGroup(of: (Int, PolicyDecision).self) { group in
            for index in 0..<1000 {
                group.addTask {
                    (index, try await policy.authorize(Fixture.intent("p-\(index)", amount: amount)))
                }
            }
            var all: [(Int, PolicyDecision)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let allowed = decisions.compactMap { Fixture.holdID($0.1) }
        #expect(allowed.count == 250)
        #expect(decisions.filter { Fixture.isDeny($0.1) }.count == 750)
        var after = try await paygent.session(id: session.id)
        #expect(after.heldUSD == (try USDAmount(parsing: "0.75")))
        #expect(after.spentUSD == .zero)

        // Settle half, fail the other half concurrently: spend never goes above the budget.
        let allowedIndexes = decisions.filter { Fixture.holdID($0.1) != nil }.map(\.0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (n, index) in allowedIndexes.enumerated() {
                group.addTask {
                    let intent = Fixture.intent("p-\(index)", amount: amount)
                    let outcome: PaymentOutcome = n % 2 == 0 ? .settled(transaction: "0xabc\(index)") : .failed(reason: "test")
                    try await paygent.policyEngine.record(outcome, intent: intent, holdID: nil)
                }
            }
            try await group.waitForAll()
        }
        after = try await paygent.session(id: session.id)
        #expect(after.spentUSD == (try USDAmount(parsing: "0.375")))
        #expect(after.heldUSD == .zero)
        #expect(after.paymentCount == 125)
        let stats = try await paygent.paymentStats(PaymentQuery(sessionID: session.id))
        #expect(stats.confirmedPayments == 125)
        #expect(stats.failedPayments == 125)
        #expect(stats.totalAmountUSD == (try USDAmount(parsing: "0.375")))

        // The released half can be spent again, exactly.
        let second = try await withThrowingTaskGroup(of: PolicyDecision.self) { group in
            for index in 1000..<1300 {
                group.addTask { try await policy.authorize(Fixture.intent("p-\(index)", amount: amount)) }
            }
            var all: [PolicyDecision] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(second.compactMap(Fixture.holdID).count == 125)
        after = try await paygent.session(id: session.id)
        #expect(after.spentUSD.adding(after.heldUSD) == (try USDAmount(parsing: "0.75")))
        try await paygent.close()
    }

    @Test("1,000 concurrent attempts against a rolling 24 h wallet limit, in two windows", arguments: StoreKind.allCases)
    func walletRollingWindowExact(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        var policy = try await paygent.policy()
        policy.walletDailyLimitUSD = try USDAmount(parsing: "1.00")
        policy.tokenDailyLimits[Fixture.usdc.lowercasedHex] = Fixture.usdcAmount("5.00")
        _ = try await paygent.updatePolicy(policy, by: "test")
        let engine = paygent.policyEngine
        // 0.007 USDC each: 142 fit in 1.00 (0.994), the 143rd would be 1.001.
        let amount = Fixture.usdcAmount("0.007")
        var holdTimes: [(Timestamp, UInt256)] = []

        for window in 0..<2 {
            let start = clock.now()
            let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let decision = try await engine.authorize(
                            Fixture.intent("w\(window)-\(index)", amount: amount), context: PaymentContext())
                        return Fixture.holdID(decision) != nil
                    }
                }
                var count = 0
                for try await ok in group where ok { count += 1 }
                return count
            }
            #expect(allowed == 142)
            let allowance = try await paygent.walletAllowance(wallet: Fixture.payer)
            #expect(allowance.spentTodayUSD == (try USDAmount(parsing: "0.994")))
            #expect(allowance.remainingAllowanceUSD == (try USDAmount(parsing: "0.006")))
            #expect(allowance.resetsAt == start.adding(milliseconds: 86_400_000))
            for _ in 0..<142 { holdTimes.append((start, amount)) }
            // One millisecond before the window ends, still nothing fits.
            clock.advance(milliseconds: 86_400_000 - 1)
            let late = try await engine.authorize(Fixture.intent("late-\(window)", amount: amount), context: PaymentContext())
            #expect(Fixture.isDeny(late))
            clock.advance(milliseconds: 1)
        }

        // Independent check from the payments table: in every 24 h window ending at a payment, spend ≤ limit.
        let payments = try await allPayments(paygent)
        #expect(payments.count == 284)
        for payment in payments {
            let end = payment.createdAt.milliseconds
            let inWindow = payments.filter { $0.createdAt.milliseconds > end - 86_400_000 && $0.createdAt.milliseconds <= end }
            let sum = inWindow.reduce(UInt256.zero) { $0 + $1.amount }
            #expect(sum == Fixture.usdcAmount("0.994"))
        }
        try await paygent.close()
    }

    func allPayments(_ api: any PaygentAPI) async throws -> [Payment] {
        var result: [Payment] = []
        var offset = 0
        while true {
            let page = try await api.payments(PaymentQuery(page: PageRequest(offset: offset, limit: 100)))
            result += page.items
            offset += page.items.count
            if !page.hasMore { break }
        }
        return result
    }

    @Test("Per-service, per-recipient, per-token caps, lists, velocity and global pause each deny with a reason", arguments: StoreKind.allCases)
    func everyRuleDenies(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let service = try await paygent.registerService(
            NewService(name: "Data", endpoint: "http://127.0.0.1:9/data", category: "market-data", priceAmount: "0.10"), by: "test")
        var policy = try await paygent.policy()
        policy.serviceDailyCapsUSD[service.id] = try USDAmount(parsing: "0.20")
        policy.recipientDailyCapsUSD[Fixture.otherPayee.checksummed] = try USDAmount(parsing: "0.10")
        policy.deniedRecipients = [Fixture.address(0x44)]
        _ = try await paygent.updatePolicy(policy, by: "test")
        let engine = paygent.policyEngine
        let amount = Fixture.usdcAmount("0.10")

        // Service attributed by URL prefix; cap 0.20 → two pass, the third is denied.
        for index in 0..<2 {
            let ok = try await engine.authorize(Fixture.intent("s\(index)", amount: amount, resource: "http://127.0.0.1:9/data?q=\(index)"), context: PaymentContext())
            #expect(Fixture.holdID(ok) != nil)
        }
        let capped = try await engine.authorize(Fixture.intent("s2", amount: amount, resource: "http://127.0.0.1:9/data/x"), context: PaymentContext())
        guard case .deny(let reason) = capped else { Issue.record("expected deny"); return }
        #expect(reason.contains("service \(service.id) cap"))

        let recipientOK = try await engine.authorize(Fixture.intent("r0", amount: amount, payTo: Fixture.otherPayee, resource: "http://x.test/a"), context: PaymentContext())
        #expect(Fixture.holdID(recipientOK) != nil)
        let recipientCapped = try await engine.authorize(Fixture.intent("r1", amount: amount, payTo: Fixture.otherPayee, resource: "http://x.test/a"), context: PaymentContext())
        guard case .deny(let reason2) = recipientCapped else { Issue.record("expected deny"); return }
        #expect(reason2.contains("cap"))

        let denied = try await engine.authorize(Fixture.intent("d0", amount: amount, payTo: Fixture.address(0x44), resource: "http://x.test/b"), context: PaymentContext())
        guard case .deny(let reason3) = denied else { Issue.record("expected deny"); return }
        #expect(reason3.contains("deny list"))

        // Velocity: 3 per minute for this session.
        var config = SessionConfig()
        config.maxPaymentsPerMinute = 3
        let session = try await paygent.createSession(CreateSessionRequest(config: config), by: "test")
        let bound = paygent.paymentPolicy(sessionID: session.id)
        for index in 0..<3 {
            #expect(Fixture.holdID(try await bound.authorize(Fixture.intent("v\(index)", amount: 1, resource: "http://v.test/"))) != nil)
        }
        guard case .deny(let reason4) = try await bound.authorize(Fixture.intent("v3", amount: 1, resource: "http://v.test/")) else {
            Issue.record("expected velocity deny"); return
        }
        #expect(reason4.contains("velocity"))
        clock.advance(seconds: 61)
        #expect(Fixture.holdID(try await bound.authorize(Fixture.intent("v4", amount: 1, resource: "http://v.test/"))) != nil)

        // Global pause denies everything until resumed.
        _ = try await paygent.pauseAll(reason: "panic", by: "operator:alice")
        guard case .deny(let reason5) = try await bound.authorize(Fixture.intent("g0", amount: 1, resource: "http://v.test/")) else {
            Issue.record("expected pause deny"); return
        }
        #expect(reason5.contains("paused by operator:alice"))
        _ = try await paygent.resumeAll(by: "operator:alice")
        #expect(Fixture.holdID(try await bound.authorize(Fixture.intent("g1", amount: 1, resource: "http://v.test/"))) != nil)

        // Unknown token.
        var foreign = Fixture.intent("t0", amount: 1)
        foreign.asset = Fixture.address(0x55)
        guard case .deny(let reason6) = try await engine.authorize(foreign, context: PaymentContext()) else {
            Issue.record("expected token deny"); return
        }
        #expect(reason6.contains("no USD price"))

        // Every denial is an event with the rule.
        let events = try await Fixture.allEvents(paygent)
        let rules = Set(events.filter { $0.type == .paymentDenied }.compactMap { $0.data["rule"]?.stringValue })
        #expect(rules.isSuperset(of: ["service_daily_cap", "recipient_daily_cap", "recipient_denied", "velocity", "global_pause", "token"]))

        // Reputation moved with real outcomes.
        try await engine.record(.settled(transaction: "0x1"), intent: Fixture.intent("s0", amount: amount), holdID: nil)
        clock.advance(seconds: 2)
        try await engine.record(.failed(reason: "500"), intent: Fixture.intent("s1", amount: amount), holdID: nil)
        let rated = try await paygent.service(id: service.id)
        #expect(rated.totalCalls == 2)
        #expect(rated.successfulCalls == 1)
        #expect(rated.reputationScore == Reputation.score(calls: 2, successes: 1, latencyMs: rated.averageLatencyMs.map(Int64.init)))
        try await paygent.close()
    }
}
