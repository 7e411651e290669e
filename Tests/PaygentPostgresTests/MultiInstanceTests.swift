import Foundation
import PaygentCore
import PaygentEVM
import PaygentFoundation
import PaygentPostgres
import StoreTestSupport
import Testing
import X402

/// Three control planes — each with its own PostgresStore (pool, writer connection, LISTEN
/// connection), as three `paygent serve` instances have — on one database.
@Suite("PostgreSQL: several instances on one database")
struct MultiInstanceTests {
    @Test("1,000 concurrent payments spread over three instances against one session budget: exactly 250, spend to the base unit")
    func sessionBudgetAcrossInstances() async throws {
        let instances = try await Instances.open(3)
        let first = instances.all[0]
        var policy = try await first.policy()
        policy.maxPaymentsPerMinute = nil
        _ = try await first.updatePolicy(policy, by: "test")
        // 0.003 USDC each, budget 0.75 USD → exactly 250 fit.
        let session = try await first.createSession(
            CreateSessionRequest(name: "budget", walletAddress: PG.payer.checksummed, budgetLimitUSD: "0.75"), by: "test")
        let amount = PG.usdcAmount("0.003")
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<1000 {
                let paygent = instances.all[index % 3]
                group.addTask {
                    let decision = try await paygent.paymentPolicy(sessionID: session.id).authorize(PG.intent("p-\(index)", amount: amount))
                    return (index, PG.allowed(decision))
                }
            }
            var all: [(Int, Bool)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.filter(\.1).count == 250)
        // Every instance admitted some: the limit held across instances, not inside one.
        for instance in 0..<3 { #expect(results.contains { $0.1 && $0.0 % 3 == instance }) }
        for paygent in instances.all {
            let after = try await paygent.session(id: session.id)
            #expect(after.heldUSD == (try USDAmount(parsing: "0.75")))
        }
        // Settle them all, each on another instance than the one that held it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, ok) in results where ok {
                let paygent = instances.all[(index + 1) % 3]
                group.addTask {
                    try await paygent.policyEngine.record(.settled(transaction: "0xabc\(index)"), intent: PG.intent("p-\(index)", amount: amount), holdID: nil)
                }
            }
            try await group.waitForAll()
        }
        let settled = try await instances.all[2].session(id: session.id)
        #expect(settled.spentUSD == (try USDAmount(parsing: "0.75")))
        #expect(settled.heldUSD == .zero)
        #expect(settled.paymentCount == 250)
        let stats = try await instances.all[1].paymentStats(PaymentQuery(sessionID: session.id))
        #expect(stats.confirmedPayments == 250)
        #expect(stats.totalAmountUSD == (try USDAmount(parsing: "0.75")))
        // One event log: dense sequences 1…N.
        let events = try await allEvents(instances.all[0])
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))
        try await instances.close()
    }

    @Test("A rolling 24 h wallet limit and a velocity limit hold across three instances")
    func rollingAndVelocityAcrossInstances() async throws {
        let instances = try await Instances.open(3)
        let first = instances.all[0]
        var policy = try await first.policy()
        policy.walletDailyLimitUSD = try USDAmount(parsing: "1.00")
        policy.maxPaymentsPerMinute = nil
        _ = try await first.updatePolicy(policy, by: "test")
        // 0.007 USDC each: 142 fit in 1.00 (0.994).
        let amount = PG.usdcAmount("0.007")
        let allowed = try await authorizeSpread(instances, count: 600, prefix: "w", amount: amount)
        #expect(allowed == 142)
        let allowance = try await instances.all[2].walletAllowance(wallet: PG.payer)
        #expect(allowance.spentTodayUSD == (try USDAmount(parsing: "0.994")))
        // A day later the window is empty again: exactly 142 more.
        instances.clock.advance(milliseconds: 86_400_000)
        #expect(try await authorizeSpread(instances, count: 600, prefix: "w2", amount: amount) == 142)

        // Velocity: 40 holds a minute for a wallet, whichever instance takes them.
        policy.walletDailyLimitUSD = nil
        policy.maxPaymentsPerMinute = 40
        _ = try await first.updatePolicy(policy, by: "test")
        instances.clock.advance(milliseconds: 86_400_000)
        let other = PG.address(0x44)
        #expect(try await authorizeSpread(instances, count: 300, prefix: "v", amount: PG.usdcAmount("0.001"), payer: other) == 40)
        try await instances.close()
    }

    func authorizeSpread(_ instances: Instances, count: Int, prefix: String, amount: UInt256, payer: Address = PG.payer) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                let engine = instances.all[index % instances.all.count].policyEngine
                group.addTask {
                    PG.allowed(try await engine.authorize(PG.intent("\(prefix)-\(index)", amount: amount, payer: payer), context: PaymentContext()))
                }
            }
            var allowed = 0
            for try await ok in group where ok { allowed += 1 }
            return allowed
        }
    }

    @Test("Two instances racing on one approval: one decision, one 409")
    func approvalRaceAcrossInstances() async throws {
        let instances = try await Instances.open(2)
        let (a, b) = (instances.all[0], instances.all[1])
        let session = try await a.createSession(CreateSessionRequest(name: "buyer"), by: "test")
        for round in 0..<10 {
            let purchase = "race-\(round)"
            let decision = try await a.paymentPolicy(sessionID: session.id).authorize(PG.intent(purchase, amount: PG.usdcAmount("12.00")))
            guard case .askHuman = decision else { Issue.record("expected an approval request, got \(decision)"); return }
            let approval = try #require(try await b.approval(purchaseID: purchase))
            async let first = outcome { () throws(PaygentError) in try await a.approve(id: approval.id, by: "operator:a") }
            async let second = outcome { () throws(PaygentError) in try await b.reject(id: approval.id, reason: "no", by: "operator:b") }
            let results = await [first, second]
            let wins = results.compactMap { try? $0.get() }
            let conflicts = results.compactMap { result -> PaygentError? in
                if case .failure(let error) = result { return error }
                return nil
            }
            #expect(wins.count == 1)
            #expect(conflicts.count == 1)
            #expect(conflicts.first?.httpStatus == 409)
            let stored = try await a.approval(id: approval.id)
            #expect(stored.decision == wins.first?.decision)
        }
        try await instances.close()
    }

    func outcome(_ body: () async throws(PaygentError) -> ApprovalDecisionResult) async -> Result<ApprovalDecisionResult, PaygentError> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    @Test("A subscriber on instance B sees A's and C's events in order without gaps; resuming on C after seq N gives exactly the rest")
    func eventsAcrossInstances() async throws {
        let instances = try await Instances.open(3)
        let (a, b, c) = (instances.all[0], instances.all[1], instances.all[2])
        let total = 400
        let subscription = b.subscribe(after: 0)
        let collector = Task { try await PG.collect(subscription, count: total, where: { $0.type == "test.tick" }) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, paygent) in [a, c].enumerated() {
                group.addTask {
                    for index in 0..<(total / 2) {
                        try await paygent.appendEvent(NewEvent("test.tick", actor: "test", data: ["w": .integer(writer), "i": .integer(index)]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let seen = try await collector.value.map(\.seq)
        #expect(seen == seen.sorted())
        #expect(Set(seen).count == total)
        #expect(seen == Array(seen[0]...(seen[0] + Int64(total) - 1)))
        // Resume on C from the middle (Last-Event-ID): exactly the rest, no duplicates.
        let rest = try await PG.collect(c.subscribe(after: seen[149]), count: total - 150, where: { $0.type == "test.tick" }).map(\.seq)
        #expect(rest == Array(seen[150...]))
        try await instances.close()
    }

    @Test("A run lease holds across instances: another instance takes the run only after it lapses, also when its owner is on another machine")
    func runLeaseAcrossInstances() async throws {
        let instances = try await Instances.open(2)
        let (a, b) = (instances.all[0], instances.all[1])
        let session = try await a.createSession(CreateSessionRequest(name: "runner"), by: "test")
        let now = instances.clock.now()
        let log = ExecutionLog(id: "log_lease", sessionID: session.id, command: "fetch", plan: .array([]), toolCalls: .array([]),
                               result: nil, status: "running", error: nil, totalCostUSD: .zero, durationMs: nil, createdAt: now, updatedAt: now)
        let leaseA = RunLease(owner: StoreOwner.current().id, expiresAt: now.adding(milliseconds: 30_000))
        _ = try await a.createRun(log, lease: leaseA, events: [])
        // B (another control plane) is refused while A's lease runs, and is told who holds it.
        let leaseB = RunLease(owner: StoreOwner.current().id, expiresAt: now.adding(milliseconds: 30_000))
        #expect(try await b.claimRun(logID: log.id, lease: leaseB) == leaseA)
        // A process of another machine (its pid does not exist here): never judged by this /proc.
        let foreign = RunLease(owner: "999999.12345.1.00000000deadbeef", expiresAt: now.adding(milliseconds: 60_000))
        try await a.store.write { tx in try tx.setRunLease(foreign, logID: log.id) }
        #expect(try await b.claimRun(logID: log.id, lease: leaseB) == foreign)
        // Once the lease lapses, B takes the run over, and A is refused in turn.
        instances.clock.advance(milliseconds: 60_000)
        let later = RunLease(owner: leaseB.owner, expiresAt: instances.clock.now().adding(milliseconds: 30_000))
        #expect(try await b.claimRun(logID: log.id, lease: later) == nil)
        #expect(try await a.claimRun(logID: log.id, lease: leaseA) == later)
        try await instances.close()
    }

    @Test("Three instances starting at once on a new schema migrate it exactly once")
    func concurrentMigrations() async throws {
        let url = try TestPostgres.freshURL()
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<3 { group.addTask { try await PostgresStore.open(url) } }
            var all: [PostgresStore] = []
            for try await store in group { all.append(store) }
            return all
        }
        #expect(stores.count == 3)
        let paygent = EmbeddedPaygent(store: stores[0])
        let session = try await paygent.createSession(CreateSessionRequest(name: "after-migration"), by: "test")
        let seen = try await EmbeddedPaygent(store: stores[2]).session(id: session.id)
        #expect(seen.name == "after-migration")
        for store in stores { try await store.close() }
    }

    func allEvents(_ api: any PaygentAPI) async throws -> [PaygentEvent] {
        var result: [PaygentEvent] = []
        var after: Int64 = 0
        while true {
            let page = try await api.events(EventQuery(after: after, limit: 1000))
            result += page.events
            guard let last = page.events.last, page.hasMore else { break }
            after = last.seq
        }
        return result
    }
}
