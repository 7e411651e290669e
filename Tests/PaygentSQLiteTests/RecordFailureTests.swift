import Foundation
import PaygentFoundation
import GRDB
@testable import PaygentCore
import PaygentEVM
import PaygentSQLite
import Synchronization
import Testing
import X402

/// The real ``SQLiteStore``, passed through unchanged, telling the test about every write it
/// refused: how many, with which error, and (synchronously, before the caller sees the error) a
/// hook that may heal the store.
final class ObservedStore: Store {
    let inner: SQLiteStore
    private let refused = Mutex<[String]>([])
    private let onRefusal: @Sendable (_ count: Int) -> Void

    init(_ inner: SQLiteStore, onRefusal: @escaping @Sendable (_ count: Int) -> Void = { _ in }) {
        self.inner = inner
        self.onRefusal = onRefusal
    }

    /// The messages of the writes the store refused so far.
    var refusals: [String] { refused.withLock { $0 } }

    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        do {
            return try await inner.write(body)
        } catch {
            let count = refused.withLock { list in
                list.append(String(describing: error))
                return list.count
            }
            onRefusal(count)
            throw error
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await inner.read(body)
    }

    var eventHub: EventHub { inner.eventHub }

    func close() async throws { try await inner.close() }
}

/// A write failure injected into the database file itself, from another connection: a trigger
/// that makes SQLite abort any statement that marks a payment `confirmed` (as a full or failing
/// disk would abort the capture), while every other write (the error event) still succeeds.
struct CaptureFault {
    static let message = "injected: the disk refused the write"
    let path: String

    private func execute(_ sql: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
    }

    func install() throws {
        try execute("""
            CREATE TRIGGER test_fail_capture BEFORE UPDATE OF status ON payments WHEN NEW.status = 'confirmed'
            BEGIN SELECT RAISE(ABORT, '\(Self.message)'); END
            """)
    }

    func remove() throws { try execute("DROP TRIGGER IF EXISTS test_fail_capture") }
}

@Suite("Outcome writes the store refuses: retried, reported, never lost (real SQLite file)")
struct RecordFailureTests {
    static func status(_ paygent: EmbeddedPaygent, _ purchase: String) async throws -> PaymentStatus? {
        try await paygent.payments(PaymentQuery()).items.first { $0.purchaseID == purchase }?.status
    }

    @Test("A capture the disk refuses every time: every attempt is made, payment.record_failed names the error, the payment stays signed and held; once writes succeed again, recovery captures it exactly once")
    func persistentFailureIsReportedAndRecovered() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock(Timestamp(seconds: 1_750_000_000))
        let store = ObservedStore(try SQLiteStore(path: db.path))
        let paygent = EmbeddedPaygent(store: store, clock: clock)
        var settings = try await paygent.policy()
        settings.maxPaymentsPerMinute = nil
        _ = try await paygent.updatePolicy(settings, by: "test")
        let session = try await paygent.createSession(CreateSessionRequest(name: "s", budgetLimitUSD: "10.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let intent = Fixture.intent("refused", amount: Fixture.usdcAmount("1.50"), validBefore: 1_750_000_300)
        let hold = try #require(Fixture.holdID(try await policy.authorize(intent)))
        let nonce = [UInt8](repeating: 9, count: 32)
        try await policy.recordSigned(nonce: nonce, for: intent, holdID: hold)
        // The facilitator settled it (the money moved) ...
        try await paygent.store.write { tx in
            try tx.markNonceUsed(nonce, authorizer: Fixture.payer, token: Fixture.usdc, transactionHash: "0xsettled", at: clock.now())
        }
        #expect(store.refusals.isEmpty)

        // ... but the disk refuses the capture.
        let fault = CaptureFault(path: db.path)
        try fault.install()
        await policy.record(.settled(transaction: "0xsettled"), for: intent, holdID: hold)

        let refusals = store.refusals
        #expect(refusals.count == RecordRetry.attempts, "\(refusals)")
        #expect(refusals.allSatisfy { $0.contains(CaptureFault.message) }, "\(refusals)")
        let reported = try await Fixture.allEvents(paygent).filter { $0.type == .paymentRecordFailed }
        #expect(reported.count == 1)
        let event = try #require(reported.first)
        #expect(event.subjectID == hold)
        #expect(event.data["purchase_id"] == "refused")
        #expect(event.data["outcome"]?.stringValue?.contains("0xsettled") == true, "\(event.data)")
        #expect(event.data["error"]?.stringValue?.contains(CaptureFault.message) == true, "\(event.data)")
        // Nothing was half-written: still signed and held, the amount held, nothing spent.
        #expect(try await Self.status(paygent, "refused") == .signed)
        var after = try await paygent.session(id: session.id)
        #expect(after.heldUSD == (try USDAmount(parsing: "1.50")))
        #expect(after.spentUSD == .zero)

        // While the disk still refuses, recovery cannot capture either, and loses nothing.
        let lookup = LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc])
        _ = try? await paygent.recover(settlements: lookup)
        #expect(try await Self.status(paygent, "refused") == .signed)

        // The disk recovers: the next recovery round captures it from the ledger, once.
        try fault.remove()
        let report = try await paygent.recover(settlements: lookup)
        #expect(report.captured == 1)
        #expect(try await Self.status(paygent, "refused") == .confirmed)
        after = try await paygent.session(id: session.id)
        #expect(after.spentUSD == (try USDAmount(parsing: "1.50")))
        #expect(after.heldUSD == .zero)
        #expect(try await paygent.recover(settlements: lookup).captured == 0)
        try await paygent.close()

        // Durable: a reopened store sees the capture and the error event.
        let reopened = try EmbeddedPaygent.open(path: db.path, clock: clock)
        let payments = try await reopened.payments(PaymentQuery()).items
        #expect(payments.map(\.status) == [.confirmed])
        #expect(payments.first?.txHash == "0xsettled")
        #expect(try await Fixture.allEvents(reopened).filter { $0.type == .paymentRecordFailed }.count == 1)
        try await reopened.close()
    }

    @Test("A capture the disk refuses once: the retry writes it, and no error is reported")
    func transientFailureIsRetried() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let fault = CaptureFault(path: db.path)
        // The store heals itself right after refusing the first write (before the payer sees it).
        let store = ObservedStore(try SQLiteStore(path: db.path)) { count in
            if count == 1 { try? fault.remove() }
        }
        let paygent = EmbeddedPaygent(store: store, clock: ManualClock())
        var settings = try await paygent.policy()
        settings.maxPaymentsPerMinute = nil
        _ = try await paygent.updatePolicy(settings, by: "test")
        let session = try await paygent.createSession(CreateSessionRequest(name: "s", budgetLimitUSD: "10.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let intent = Fixture.intent("once", amount: Fixture.usdcAmount("2.00"))
        let hold = try #require(Fixture.holdID(try await policy.authorize(intent)))
        try await policy.recordSigned(nonce: [UInt8](repeating: 4, count: 32), for: intent, holdID: hold)

        try fault.install()
        await policy.record(.settled(transaction: "0x04"), for: intent, holdID: hold)

        #expect(store.refusals.count == 1, "\(store.refusals)")
        #expect(store.refusals.first?.contains(CaptureFault.message) == true)
        #expect(try await Self.status(paygent, "once") == .confirmed)
        #expect(try await Fixture.allEvents(paygent).filter { $0.type == .paymentRecordFailed }.isEmpty)
        let after = try await paygent.session(id: session.id)
        #expect(after.spentUSD == (try USDAmount(parsing: "2.00")))
        #expect(after.heldUSD == .zero)
        try await paygent.close()
    }
}
