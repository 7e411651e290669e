import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Testing
import X402

@Suite("Two stores on one database file (as two processes would be)")
struct SharedFileTests {
    @Test("A pause written by another connection is seen by the next payment, despite the writer's row cache")
    func otherWriterInvalidatesCache() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let console = try await Fixture.open(db, clock: clock)
        let session = try await console.createSession(CreateSessionRequest(name: "shared", budgetLimitUSD: "10.00"), by: "test")
        let policy = console.paymentPolicy(sessionID: session.id)
        // Warm the writer cache with the session (running) and the settings.
        let first = Fixture.intent("shared-1", amount: Fixture.usdcAmount("1.00"))
        #expect(Fixture.holdID(try await policy.authorize(first)) != nil)

        // Another process (the CLI) pauses the session and tightens the approval threshold.
        let cli = try EmbeddedPaygent.open(path: db.path, clock: clock)
        _ = try await cli.pauseSession(id: session.id, reason: "look", by: "operator:bob")
        try await cli.close()

        let second = Fixture.intent("shared-2", amount: Fixture.usdcAmount("1.00"))
        guard case .deny(let reason) = try await policy.authorize(second) else {
            Issue.record("a paused session must be refused")
            return
        }
        #expect(reason.contains("paused"))
        #expect(try await console.session(id: session.id).heldUSD == (try USDAmount(parsing: "1.00")))
        try await console.close()
    }

    @Test("Holds taken by another connection count in this store's rolling windows")
    func otherWriterHoldsCountInWindows() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let console = try await Fixture.open(db, clock: clock)
        var settings = try await console.policy()
        settings.walletDailyLimitUSD = try USDAmount(parsing: "5.00")
        _ = try await console.updatePolicy(settings, by: "test")
        let local = console.paymentPolicy(sessionID: nil)
        #expect(Fixture.holdID(try await local.authorize(Fixture.intent("w-1", amount: Fixture.usdcAmount("2.00")))) != nil)

        let other = try EmbeddedPaygent.open(path: db.path, clock: clock)
        let remote = other.paymentPolicy(sessionID: nil)
        #expect(Fixture.holdID(try await remote.authorize(Fixture.intent("w-2", amount: Fixture.usdcAmount("2.00")))) != nil)
        try await other.close()

        // 2 + 2 held; 2 more would make 6 > 5 — only if this store saw the other's hold.
        #expect(Fixture.isDeny(try await local.authorize(Fixture.intent("w-3", amount: Fixture.usdcAmount("2.00")))))
        #expect(Fixture.holdID(try await local.authorize(Fixture.intent("w-4", amount: Fixture.usdcAmount("1.00")))) != nil)
        try await console.close()
    }

    @Test("A store's first write counts the holds another connection took after it opened")
    func firstWriteSeesHoldsTakenAfterOpen() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let setup = try await Fixture.open(db, clock: clock)
        var settings = try await setup.policy()
        settings.walletDailyLimitUSD = try USDAmount(parsing: "5.00")
        _ = try await setup.updatePolicy(settings, by: "test")
        try await setup.close()

        // Opened (rolling windows read) before the other process pays: as a short-lived
        // `paygent agent run` beside others.
        let late = try EmbeddedPaygent.open(path: db.path, clock: clock)
        let other = try EmbeddedPaygent.open(path: db.path, clock: clock)
        #expect(Fixture.holdID(try await other.paymentPolicy(sessionID: nil).authorize(Fixture.intent("o-1", amount: Fixture.usdcAmount("4.00")))) != nil)
        try await other.close()

        // 4 held elsewhere + 2 > 5: refused, on this store's very first write.
        #expect(Fixture.isDeny(try await late.paymentPolicy(sessionID: nil).authorize(Fixture.intent("l-1", amount: Fixture.usdcAmount("2.00")))))
        #expect(Fixture.holdID(try await late.paymentPolicy(sessionID: nil).authorize(Fixture.intent("l-2", amount: Fixture.usdcAmount("1.00")))) != nil)
        try await late.close()
    }

    @Test("A zero price is refused: it would exempt the token from every USD limit")
    func zeroPriceIsRefused() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        var settings = try await paygent.policy()
        let before = settings
        guard var token = settings.priceTable.tokens.first else { Issue.record("no token in the price table"); return }
        token.usdPrice = .zero
        settings.priceTable.upsert(token)
        await #expect(throws: PaygentError.self) { _ = try await paygent.updatePolicy(settings, by: "test") }
        #expect(try await paygent.policy() == before)
        try await paygent.close()
    }

    @Test("The store's ledger is final about an unused nonce only when every transfer goes through it")
    func ledgerLookupAuthority() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (_, payment) = try await ReconciliationTests.unknownPayment(paygent, clock: clock, nonce: [UInt8](repeating: 7, count: 32))
        let settling = LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc])
        let elsewhere = LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc], settlesEveryTransfer: false)
        #expect(try await settling.state(of: payment) == .unused)
        #expect(try await elsewhere.state(of: payment) == .cannotTell)
        try await paygent.close()
    }

    @Test("Two stores racing 1,000 authorisations on one session budget: exactly the allowed count, spend equal to the limit to the base unit")
    func twoStoresRaceOneBudget() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let first = try await Fixture.open(db, clock: clock)
        let second = try EmbeddedPaygent.open(path: db.path, clock: clock)
        // 0.003 USDC each, budget 0.75 USD → exactly 250 fit.
        let session = try await first.createSession(
            CreateSessionRequest(name: "race", walletAddress: Fixture.payer.checksummed, budgetLimitUSD: "0.75"), by: "test")
        let amount = Fixture.usdcAmount("0.003")
        let stores = [first, second]
        let allowed = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let paygent = stores[index % 2]
                    let intent = Fixture.intent("race-\(index)", amount: amount)
                    let policy = paygent.paymentPolicy(sessionID: session.id)
                    let hold = Fixture.holdID(try await policy.authorize(intent))
                    guard let hold else { return (index, nil) }
                    // Signed and captured through the store that held it.
                    try await policy.recordSigned(nonce: Array(repeating: UInt8(index % 256), count: 31) + [UInt8(index / 256)],
                                                  for: intent, holdID: hold)
                    await policy.record(.settled(transaction: "0x\(index)"), for: intent, holdID: hold)
                    return (index, hold)
                }
            }
            var holds: [String] = []
            for try await (_, hold) in group { if let hold { holds.append(hold) } }
            return holds
        }
        #expect(allowed.count == 250)
        let after = try await second.session(id: session.id)
        #expect(after.spentUSD == (try USDAmount(parsing: "0.75")))
        #expect(after.heldUSD == .zero)
        #expect(after.paymentCount == 250)
        let stats = try await first.paymentStats(PaymentQuery(sessionID: session.id))
        #expect(stats.confirmedPayments == 250)
        #expect(stats.totalAmountUSD == (try USDAmount(parsing: "0.75")))
        var units = UInt256.zero
        for offset in stride(from: 0, to: 300, by: 100) {
            for payment in try await first.payments(PaymentQuery(status: .confirmed, page: PageRequest(offset: offset, limit: 100))).items {
                units = units + payment.amount
            }
        }
        #expect(units == Fixture.usdcAmount("0.75"))
        try await second.close()
        try await first.close()
    }
}
