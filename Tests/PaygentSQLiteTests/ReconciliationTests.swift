import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Testing
import X402

@Suite("Unknown outcomes are reconciled from the settlement lookup (real SQLite file)")
struct ReconciliationTests {
    /// A session with one payment whose outcome was unknown, signed with `nonce`, valid until 10 minutes after the clock's start.
    static func unknownPayment(_ paygent: EmbeddedPaygent, clock: ManualClock, nonce: [UInt8], token: Address = Fixture.usdc)
        async throws -> (session: AgentSession, payment: Payment) {
        let session = try await paygent.createSession(CreateSessionRequest(name: "reconcile", budgetLimitUSD: "10.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        var intent = Fixture.intent("r-\(nonce[0])", amount: Fixture.usdcAmount("2.00"),
                                    validBefore: UInt64(clock.now().milliseconds / 1000 + 600))
        intent.asset = token
        guard case .allow(let hold) = try await policy.authorize(intent) else { throw PaygentError(.internal, "not allowed") }
        await policy.record(.unknown(reason: "no payment response header", nonce: nonce), for: intent, holdID: hold)
        let payment = try #require(try await paygent.payments(PaymentQuery(status: .unknown, sessionID: session.id)).items.first)
        return (session, payment)
    }

    static func markUsed(_ paygent: EmbeddedPaygent, nonce: [UInt8], by payer: Address, clock: ManualClock) async throws {
        try await paygent.store.write { tx in
            try tx.markNonceUsed(nonce, authorizer: payer, token: Fixture.usdc, transactionHash: "0x" + String(repeating: "ab", count: 32), at: clock.now())
        }
    }

    @Test("Used on the ledger: the hold is captured at once and the payment confirmed with the ledger's transaction")
    func usedIsCaptured() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let nonce = [UInt8](repeating: 7, count: 32)
        let (session, payment) = try await Self.unknownPayment(paygent, clock: clock, nonce: nonce)
        #expect(payment.authorizationNonce == Hex.encode(nonce, prefix: true))
        try await Self.markUsed(paygent, nonce: nonce, by: Fixture.payer, clock: clock)
        let lookup = LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc])

        // The ledger is final at once: no need to wait for validBefore.
        #expect(try await paygent.runMaintenance(settlements: lookup) == 1)
        let settled = try await paygent.payment(id: payment.id)
        #expect(settled.status == .confirmed)
        #expect(settled.txHash == "0x" + String(repeating: "ab", count: 32))
        let after = try await paygent.session(id: session.id)
        #expect(after.spentUSD == (try USDAmount(parsing: "2.00")))
        #expect(after.heldUSD == .zero)
        let events = try await paygent.events(EventQuery(sessionID: session.id, types: [.paymentSettled], limit: 10)).events
        #expect(events.map(\.actor) == ["reconciler"])
        // A second round has nothing left to do.
        #expect(try await paygent.runMaintenance(settlements: lookup) == 0)
        try await paygent.close()
    }

    @Test("Unused: held until validBefore has passed, then released and the payment fails; budget room comes back")
    func unusedIsReleased() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (session, payment) = try await Self.unknownPayment(paygent, clock: clock, nonce: [UInt8](repeating: 9, count: 32))
        #expect(try await paygent.session(id: session.id).heldUSD == (try USDAmount(parsing: "2.00")))
        // Unused but still valid: it may settle yet.
        #expect(try await paygent.runMaintenance(settlements: LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc])) == 0)
        #expect(try await paygent.payment(id: payment.id).status == .unknown)
        clock.advance(seconds: 700)
        #expect(try await paygent.runMaintenance(settlements: LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc])) == 1)
        let failed = try await paygent.payment(id: payment.id)
        #expect(failed.status == .failed)
        #expect(failed.failureReason?.contains("expired unused") == true)
        let after = try await paygent.session(id: session.id)
        #expect(after.heldUSD == .zero)
        #expect(after.spentUSD == .zero)
        try await paygent.close()
    }

    @Test("A lookup that cannot tell (another token, no lookup at all) leaves the payment unknown and held")
    func cannotTellStaysHeld() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (session, payment) = try await Self.unknownPayment(paygent, clock: clock, nonce: [UInt8](repeating: 3, count: 32))
        clock.advance(seconds: 700)
        let elsewhere = LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.address(0x44)])
        #expect(try await paygent.runMaintenance(settlements: elsewhere) == 0)
        #expect(try await paygent.runMaintenance() == 0)
        #expect(try await paygent.payment(id: payment.id).status == .unknown)
        #expect(try await paygent.session(id: session.id).heldUSD == (try USDAmount(parsing: "2.00")))
        // An operator can still settle it by hand; a second decision is a conflict.
        let resolved = try await paygent.policyEngine.resolve(paymentID: payment.id, outcome: .failed(reason: "checked the explorer"), by: "operator:alice")
        #expect(resolved.status == .failed)
        await #expect(throws: PaygentError.self) {
            _ = try await paygent.policyEngine.resolve(paymentID: payment.id, outcome: .settled(transaction: "0x" + String(repeating: "cd", count: 32)), by: "operator:bob")
        }
        try await paygent.close()
    }

    /// Cannot tell about the payments it is given; asks the ledger about the rest.
    struct PartlyBlind: SettlementLookup {
        let ledger: LedgerSettlementLookup
        let blind: Set<String>
        func state(of payment: Payment) async throws -> AuthorizationState {
            blind.contains(payment.id) ? .cannotTell : try await ledger.state(of: payment)
        }
    }

    @Test("Payments no lookup can tell about do not hide the ones after them (paged by validBefore, id)")
    func pagesPastTheUntellable() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        var payments: [Payment] = []
        for byte in UInt8(1)...5 {
            payments.append(try await Self.unknownPayment(paygent, clock: clock, nonce: [UInt8](repeating: byte, count: 32)).payment)
        }
        clock.advance(seconds: 700)
        let ordered = payments.sorted { ($0.validBefore.milliseconds, $0.id) < ($1.validBefore.milliseconds, $1.id) }
        let blind = Set(ordered.prefix(3).map(\.id))
        let lookup = PartlyBlind(ledger: LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc]), blind: blind)
        let report = try await PaymentReconciler(engine: paygent.policyEngine, lookup: lookup).reconcile(pageSize: 2)
        #expect(report.resolved == 2)
        #expect(report.expired == 2)
        #expect(report.stillInFlight == 3)
        for payment in ordered {
            let status = try await paygent.payment(id: payment.id).status
            #expect(status == (blind.contains(payment.id) ? .unknown : .failed))
        }
        try await paygent.close()
    }
}
