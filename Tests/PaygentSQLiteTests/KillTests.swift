import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

@Suite("Kill switch during in-flight payments (real SQLite file)")
struct KillTests {
    @Test("No hold is taken after the kill event; in-flight holds are released; approvals rejected", arguments: StoreKind.allCases)
    func killDuringPayments(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let session = try await paygent.createSession(CreateSessionRequest(name: "runaway", budgetLimitUSD: "1000.00"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        // A pending approval that the kill must reject.
        #expect(Fixture.isAsk(try await policy.authorize(Fixture.intent("big", amount: Fixture.usdcAmount("20.00")))))

        let killSeq = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<60 {
                        let intent = Fixture.intent("w\(worker)-\(index)", amount: Fixture.usdcAmount("0.01"))
                        let decision = try await policy.authorize(intent)
                        // Settle every third allowed payment; leave the rest in flight.
                        if index % 3 == 0, Fixture.holdID(decision) != nil {
                            await policy.record(.settled(transaction: "0x\(worker)\(index)"), for: intent, holdID: nil)
                        }
                    }
                    return nil
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(30))
                _ = try await paygent.killSession(id: session.id, reason: "runaway", by: "operator:alice")
                let kill = try await paygent.events(EventQuery(sessionID: session.id, types: [.sessionKilled], limit: 1))
                return kill.events.first?.seq
            }
            var seq: Int64?
            for try await value in group { if let value { seq = value } }
            return seq
        }
        let killEventSeq = try #require(killSeq)
        let events = try await Fixture.allEvents(paygent).filter { $0.sessionID == session.id }
        let holdsAfter = events.filter { $0.type == .paymentAuthorized && $0.seq > killEventSeq }
        #expect(holdsAfter.isEmpty)
        let allowedBefore = events.filter { $0.type == .paymentAuthorized }.count
        #expect(allowedBefore > 0)
        let deniedAfter = events.filter { $0.type == .paymentDenied && $0.seq > killEventSeq }
        #expect(deniedAfter.allSatisfy { $0.data["rule"]?.stringValue == "session_killed" })

        let killed = try await paygent.session(id: session.id)
        #expect(killed.status == .killed)
        #expect(killed.statusChangedBy == "operator:alice")
        #expect(killed.heldUSD == .zero)
        #expect(try await paygent.payments(PaymentQuery(status: .pending, sessionID: session.id)).total == 0)
        let approval = try #require(try await paygent.approval(purchaseID: "big"))
        #expect(approval.decision == .rejected)
        #expect(approval.decidedBy == "operator:alice")
        // Spend equals the settled payments, exactly.
        let stats = try await paygent.paymentStats(PaymentQuery(sessionID: session.id))
        #expect(stats.totalAmountUSD == killed.spentUSD)
        #expect(stats.pendingPayments == 0)
        // A payment signed before the kill that settles afterwards is still captured (money moved).
        if let cancelled = try await paygent.payments(PaymentQuery(status: .failed, sessionID: session.id)).items.first {
            await policy.record(.settled(transaction: "0xlate"), for: Fixture.intent(cancelled.purchaseID, amount: cancelled.amount),
                                holdID: cancelled.holdID)
            let after = try await paygent.session(id: session.id)
            #expect(after.spentUSD == killed.spentUSD.adding(cancelled.amountUSD))
        }
        // Kill is final.
        do {
            _ = try await paygent.killSession(id: session.id, reason: nil, by: "operator:bob")
            Issue.record("expected conflict")
        } catch { #expect(error.code == .conflict) }
        do {
            _ = try await paygent.resumeSession(id: session.id, by: "operator:bob")
            Issue.record("expected conflict")
        } catch { #expect(error.code == .conflict) }
        #expect(Fixture.isDeny(try await policy.authorize(Fixture.intent("after", amount: 1))))
        try await paygent.close()
    }

    @Test("Pause refuses payments; resume restores; each names the actor", arguments: StoreKind.allCases)
    func pauseResume(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let session = try await paygent.createSession(CreateSessionRequest(name: "p"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        _ = try await paygent.pauseSession(id: session.id, reason: "look", by: "operator:carol")
        guard case .deny(let reason) = try await policy.authorize(Fixture.intent("a", amount: 1)) else {
            Issue.record("expected deny"); return
        }
        #expect(reason.contains("paused by operator:carol"))
        do {
            _ = try await paygent.pauseSession(id: session.id, reason: nil, by: "x")
            Issue.record("expected conflict")
        } catch { #expect(error.code == .conflict) }
        _ = try await paygent.resumeSession(id: session.id, by: "operator:carol")
        #expect(Fixture.holdID(try await policy.authorize(Fixture.intent("b", amount: 1))) != nil)
        let events = try await Fixture.allEvents(paygent)
        #expect(events.contains { $0.type == .sessionPaused && $0.actor == "operator:carol" })
        #expect(events.contains { $0.type == .sessionResumed && $0.actor == "operator:carol" })
        try await paygent.close()
    }
}
