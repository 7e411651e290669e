import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import TestSupport
import X402

/// A process that exists while the test needs it and is then ended: its owner id names "another
/// process that has exited".
struct ExitedProcess {
    let owner: StoreOwner

    static func make() async throws -> ExitedProcess {
        let process = try ChildProcess.spawn("/bin/sleep", ["30"], environment: [:])
        let owner = try #require(StoreOwner.ofProcess(process.pid))
        #expect(await process.stop(SIGTERM, grace: .seconds(30)) == .signalled(SIGTERM))
        return ExitedProcess(owner: owner)
    }
}

@Suite("Payment safety: idempotency, the signed state, start-up recovery (real SQLite file)")
struct PaymentSafetyTests {
    static func reason(_ decision: PolicyDecision) -> String? {
        if case .deny(let reason) = decision { return reason }
        return nil
    }

    static func deniedRules(_ paygent: EmbeddedPaygent) async throws -> [String] {
        try await Fixture.allEvents(paygent).filter { $0.type == .paymentDenied }.compactMap { $0.data["rule"]?.stringValue }
    }

    @Test("A purchase repeated after its capture is refused (already_paid): nothing new is held or counted", arguments: StoreKind.allCases)
    func repeatAfterCaptureRefused(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let session = try await paygent.createSession(CreateSessionRequest(name: "s", budgetLimitUSD: "10.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let intent = Fixture.intent("once", amount: Fixture.usdcAmount("1.00"))
        let hold = try #require(Fixture.holdID(try await policy.authorize(intent)))
        try await policy.recordSigned(nonce: [UInt8](repeating: 1, count: 32), for: intent, holdID: hold)
        await policy.record(.settled(transaction: "0x01"), for: intent, holdID: hold)

        let again = try await policy.authorize(intent)
        #expect(Self.reason(again)?.contains("already_paid") == true, "\(again)")
        let after = try await paygent.session(id: session.id)
        #expect(after.spentUSD == (try USDAmount(parsing: "1.00")))
        #expect(after.heldUSD == .zero)
        #expect(try await paygent.payments(PaymentQuery()).total == 1)
        #expect(try await Self.deniedRules(paygent) == ["already_paid"])
        try await paygent.close()
    }

    @Test("A repeated purchase: pause is checked before the shortcut; a signed one is in flight; another payee is a mismatch", arguments: StoreKind.allCases)
    func repeatWhileHeld(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let session = try await paygent.createSession(CreateSessionRequest(name: "s", budgetLimitUSD: "10.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let intent = Fixture.intent("held", amount: Fixture.usdcAmount("1.00"))
        let hold = try #require(Fixture.holdID(try await policy.authorize(intent)))
        // Held and unsigned, same intent: the same hold.
        #expect(Fixture.holdID(try await policy.authorize(intent)) == hold)
        // Another payee under the same purchase id: refused.
        let other = Fixture.intent("held", amount: Fixture.usdcAmount("1.00"), payTo: Fixture.otherPayee)
        #expect(Self.reason(try await policy.authorize(other))?.contains("purchase_mismatch") == true)
        // Paused: refused before any shortcut.
        _ = try await paygent.pauseAll(reason: "audit", by: "operator:alice")
        #expect(Self.reason(try await policy.authorize(intent))?.contains("paused") == true)
        _ = try await paygent.resumeAll(by: "operator:alice")
        // Signed: in flight, never a second authorisation.
        try await policy.recordSigned(nonce: [UInt8](repeating: 2, count: 32), for: intent, holdID: hold)
        // A second signer that got the same hold before (two payers, one purchase) is refused
        // at the signed write and sends nothing; the first one's payment stays signed and held.
        await #expect(throws: PaygentError.self) {
            try await policy.recordSigned(nonce: [UInt8](repeating: 8, count: 32), for: intent, holdID: hold)
        }
        #expect(try await paygent.payments(PaymentQuery(status: .signed)).items.first?.authorizationNonce
            == Hex.encode([UInt8](repeating: 2, count: 32), prefix: true))
        #expect(Self.reason(try await policy.authorize(intent))?.contains("payment_in_flight") == true)
        #expect(try await paygent.session(id: session.id).heldUSD == (try USDAmount(parsing: "1.00")))
        #expect(try await Self.deniedRules(paygent) == ["purchase_mismatch", "global_pause", "payment_in_flight"])
        try await paygent.close()
    }

    @Test("The signed write is the last gate: a kill between hold and signature releases the hold and refuses to send; kill keeps signed holds", arguments: StoreKind.allCases)
    func killAndSignedState(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let session = try await paygent.createSession(CreateSessionRequest(name: "s", budgetLimitUSD: "10.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let signed = Fixture.intent("signed", amount: Fixture.usdcAmount("2.00"))
        let unsigned = Fixture.intent("unsigned", amount: Fixture.usdcAmount("3.00"))
        let signedHold = try #require(Fixture.holdID(try await policy.authorize(signed)))
        let unsignedHold = try #require(Fixture.holdID(try await policy.authorize(unsigned)))
        try await policy.recordSigned(nonce: [UInt8](repeating: 3, count: 32), for: signed, holdID: signedHold)
        let row = try #require(try await paygent.payments(PaymentQuery(status: .signed)).items.first)
        #expect(row.authorizationNonce == Hex.encode([UInt8](repeating: 3, count: 32), prefix: true))
        #expect(row.signedAt != nil)
        #expect(row.validBefore == Timestamp(seconds: Int64(signed.validBefore)))

        _ = try await paygent.killSession(id: session.id, reason: "stop", by: "operator:alice")
        // The unsigned one was released by the kill; signing it now is refused.
        await #expect(throws: PaygentError.self) {
            try await policy.recordSigned(nonce: [UInt8](repeating: 4, count: 32), for: unsigned, holdID: unsignedHold)
        }
        #expect(try await paygent.payments(PaymentQuery(status: .failed)).items.map(\.purchaseID) == ["unsigned"])
        // The signed one stays held: its settlement may still land.
        #expect(try await paygent.payments(PaymentQuery(status: .signed)).items.map(\.purchaseID) == ["signed"])
        #expect(try await paygent.session(id: session.id).heldUSD == (try USDAmount(parsing: "2.00")))
        try await paygent.close()
    }

    @Test("Start-up recovery: an exited process's unsigned hold is released at once, a live one's is kept; signed ones follow the ledger and validBefore")
    func startupRecovery() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock(Timestamp(seconds: 1_750_000_000))
        let dead = try await ExitedProcess.make().owner
        let validBefore = UInt64(1_750_000_000 + 300)

        // "Another process" (now exited) held three payments and signed two of them; the ledger
        // settled one. A live process (this one) holds a fourth, unsigned.
        let crashed = EmbeddedPaygent(store: try SQLiteStore(path: db.path), clock: clock, owner: dead)
        var settings = try await crashed.policy()
        settings.maxPaymentsPerMinute = nil
        _ = try await crashed.updatePolicy(settings, by: "test")
        let session = try await crashed.createSession(CreateSessionRequest(name: "s", budgetLimitUSD: "10.00"), by: "test")
        let policy = crashed.paymentPolicy(sessionID: session.id)
        var intents: [PaymentIntent] = []
        for (index, purchase) in ["unsigned", "settled", "unused"].enumerated() {
            let intent = Fixture.intent(purchase, amount: Fixture.usdcAmount("1.00"), validBefore: validBefore)
            let hold = try #require(Fixture.holdID(try await policy.authorize(intent)))
            if index > 0 { try await policy.recordSigned(nonce: [UInt8](repeating: UInt8(index), count: 32), for: intent, holdID: hold) }
            intents.append(intent)
        }
        try await crashed.store.write { tx in
            try tx.markNonceUsed([UInt8](repeating: 1, count: 32), authorizer: Fixture.payer, token: Fixture.usdc,
                                 transactionHash: "0xsettled", at: clock.now())
        }
        try await crashed.close()

        let paygent = EmbeddedPaygent(store: try SQLiteStore(path: db.path), clock: clock)
        let live = paygent.paymentPolicy(sessionID: session.id)
        #expect(Fixture.holdID(try await live.authorize(Fixture.intent("live", amount: Fixture.usdcAmount("1.00")))) != nil)
        #expect(try await paygent.session(id: session.id).heldUSD == (try USDAmount(parsing: "4.00")))

        let lookup = LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc])
        let report = try await paygent.recover(settlements: lookup)
        #expect(report.releasedUnsigned == 1)
        #expect(report.captured == 1)
        #expect(report.expired == 0)
        func status(_ purchase: String) async throws -> PaymentStatus? {
            try await paygent.payments(PaymentQuery()).items.first { $0.purchaseID == purchase }?.status
        }
        #expect(try await status("unsigned") == .failed)
        #expect(try await status("settled") == .confirmed)
        #expect(try await status("unused") == .signed)
        #expect(try await status("live") == .pending)
        var after = try await paygent.session(id: session.id)
        #expect(after.spentUSD == (try USDAmount(parsing: "1.00")))
        #expect(after.heldUSD == (try USDAmount(parsing: "2.00")))

        // After validBefore (and the grace), the unused authorisation can never settle: released.
        clock.advance(seconds: 300 + 31)
        let later = try await paygent.recover(settlements: lookup)
        #expect(later.expired == 1)
        #expect(try await status("unused") == .failed)
        #expect(try await status("live") == .pending)
        after = try await paygent.session(id: session.id)
        #expect(after.heldUSD == (try USDAmount(parsing: "1.00")))
        try await paygent.close()
    }

    @Test("A retried purchase whose unsigned hold belongs to an exited process gets a fresh hold; a live process's hold is in flight")
    func retryAfterOwnerExited() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        let dead = EmbeddedPaygent(store: try SQLiteStore(path: db.path), clock: clock, owner: try await ExitedProcess.make().owner)
        let session = try await dead.createSession(CreateSessionRequest(name: "s", budgetLimitUSD: "10.00"), by: "test")
        let intent = Fixture.intent("retry", amount: Fixture.usdcAmount("1.00"))
        let oldHold = try #require(Fixture.holdID(try await dead.paymentPolicy(sessionID: session.id).authorize(intent)))
        try await dead.close()

        let one = EmbeddedPaygent(store: try SQLiteStore(path: db.path), clock: clock)
        let two = EmbeddedPaygent(store: try SQLiteStore(path: db.path), clock: clock)
        let newHold = try #require(Fixture.holdID(try await one.paymentPolicy(sessionID: session.id).authorize(intent)))
        #expect(newHold != oldHold)
        #expect(try await one.session(id: session.id).heldUSD == (try USDAmount(parsing: "1.00")))
        // A second live process (another store on the file) may not share or sign that hold.
        let refused = try await two.paymentPolicy(sessionID: session.id).authorize(intent)
        #expect(Self.reason(refused)?.contains("payment_in_flight") == true, "\(refused)")
        await #expect(throws: PaygentError.self) {
            try await two.paymentPolicy(sessionID: session.id).recordSigned(nonce: [UInt8](repeating: 9, count: 32), for: intent, holdID: newHold)
        }
        try await two.close()
        try await one.close()
    }
}
