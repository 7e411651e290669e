import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

/// `upto` in the policy: the maximum is held; settlement captures the charge and releases the
/// rest, exact to the base unit in the session budget, the wallet's rolling window and the
/// payment record — and still so after the store is reopened.
@Suite("upto partial capture (real SQLite file)")
struct UptoCaptureTests {
    static func upto(_ purchase: String, maximum: UInt256) -> PaymentIntent {
        var intent = Fixture.intent(purchase, amount: maximum)
        intent.scheme = PaymentRequirement.uptoScheme
        return intent
    }

    @Test("Hold the maximum, capture the charge, release the rest; budgets exact to one base unit", arguments: StoreKind.allCases)
    func partialCapture(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        var paygent = try await Fixture.open(db, clock: clock)
        var settings = try await paygent.policy()
        settings.walletDailyLimitUSD = try Validate.usd("2.00", field: "limit")
        settings = try await paygent.updatePolicy(settings, by: "test")
        let session = try await paygent.createSession(CreateSessionRequest(name: "metered", budgetLimitUSD: "1.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)

        let intent = Self.upto("llm-1", maximum: Fixture.usdcAmount("1.00"))
        let holdID = try #require(Fixture.holdID(try await policy.authorize(intent)))
        var held = try await paygent.session(id: session.id)
        #expect(held.heldUSD == (try Validate.usd("1.00", field: "x")))
        // While the maximum is held, nothing else fits the 1.00 budget.
        #expect(Fixture.isDeny(try await policy.authorize(Fixture.intent("other", amount: 1))))

        await policy.record(.settled(transaction: "0xabc", charged: Fixture.usdcAmount("0.370001")), for: intent, holdID: holdID)
        held = try await paygent.session(id: session.id)
        #expect(held.heldUSD == .zero)
        #expect(held.spentUSD == (try Validate.usd("0.370001", field: "x")))
        let payment = try #require(try await paygent.payments(PaymentQuery(sessionID: session.id)).items.first)
        #expect(payment.status == .confirmed)
        #expect(payment.amount == Fixture.usdcAmount("0.370001"))
        #expect(payment.maximumAmount == Fixture.usdcAmount("1.00"))
        #expect(payment.maximumAmountUSD == (try Validate.usd("1.00", field: "x")))
        #expect(payment.txHash == "0xabc")
        let settled = try await paygent.events(EventQuery(sessionID: session.id, types: [.paymentSettled], limit: 5)).events
        #expect(settled.count == 1)
        #expect(settled.first?.data["released_usd"]?.stringValue == "0.629999")
        #expect(settled.first?.data["maximum_amount"]?.stringValue == "1.00")

        // Exactly the released 0.629999 fits again; one base unit more does not.
        #expect(Fixture.isDeny(try await policy.authorize(Fixture.intent("too-much", amount: Fixture.usdcAmount("0.629999") + 1))))
        try await paygent.close()

        // Reopened (the rolling windows are rebuilt from the rows): the charge, not the maximum, counts.
        paygent = try await Fixture.open(db, clock: clock)
        let reopened = paygent.paymentPolicy(sessionID: session.id)
        let again = try #require(try await paygent.payments(PaymentQuery(sessionID: session.id)).items.first)
        #expect(again.amount == Fixture.usdcAmount("0.370001") && again.maximumAmount == Fixture.usdcAmount("1.00"))
        let rest = Fixture.intent("rest", amount: Fixture.usdcAmount("0.629999"))
        #expect(Fixture.holdID(try await reopened.authorize(rest)) != nil)
        #expect(Fixture.isDeny(try await reopened.authorize(Fixture.intent("one-more", amount: 1))))
        // The wallet's 2.00 window counts 0.370001 + 0.629999 = 1.00 exactly: a second session may spend 1.00 more.
        let other = try await paygent.createSession(CreateSessionRequest(name: "second", budgetLimitUSD: "5.00"), by: "test")
        let second = paygent.paymentPolicy(sessionID: other.id)
        #expect(Fixture.holdID(try await second.authorize(Fixture.intent("window-fits", amount: Fixture.usdcAmount("1.00")))) != nil)
        #expect(Fixture.isDeny(try await second.authorize(Fixture.intent("window-full", amount: 1))))
        try await paygent.close()
    }

    @Test("A charge of the whole maximum is an ordinary capture; a failure releases the whole maximum", arguments: StoreKind.allCases)
    func fullChargeAndFailure(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let session = try await paygent.createSession(CreateSessionRequest(name: "m", budgetLimitUSD: "1.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let full = Self.upto("full", maximum: Fixture.usdcAmount("0.40"))
        let fullHold = Fixture.holdID(try await policy.authorize(full))
        await policy.record(.settled(transaction: "0x1", charged: Fixture.usdcAmount("0.40")), for: full, holdID: fullHold)
        let failed = Self.upto("failed", maximum: Fixture.usdcAmount("0.60"))
        let failedHold = Fixture.holdID(try await policy.authorize(failed))
        await policy.record(.failed(reason: "permit2_allowance_required"), for: failed, holdID: failedHold)
        let s = try await paygent.session(id: session.id)
        #expect(s.spentUSD == (try Validate.usd("0.40", field: "x")))
        #expect(s.heldUSD == .zero)
        let payments = try await paygent.payments(PaymentQuery(sessionID: session.id)).items
        #expect(payments.first { $0.purchaseID == "full" }?.amount == Fixture.usdcAmount("0.40"))
        #expect(payments.first { $0.purchaseID == "failed" }?.status == .failed)
        try await paygent.close()
    }
}
