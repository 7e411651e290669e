import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

@Suite("Approvals (real SQLite file, injected clock)")
struct ApprovalTests {
    /// A session whose 12 USDC payment asks a human (threshold 10 USD by default).
    func pendingApproval(_ paygent: EmbeddedPaygent, config: SessionConfig = SessionConfig(), purchase: String = "big")
        async throws -> (AgentSession, ApprovalRequest, PaymentIntent)
    {
        let session = try await paygent.createSession(CreateSessionRequest(name: "buyer", config: config), by: "test")
        let intent = Fixture.intent(purchase, amount: Fixture.usdcAmount("12.00"))
        let decision = try await paygent.paymentPolicy(sessionID: session.id).authorize(intent)
        #expect(Fixture.isAsk(decision))
        let approval = try #require(try await paygent.approval(purchaseID: purchase))
        return (session, approval, intent)
    }

    @Test("Above the threshold a human is asked; approve lets the retry hold; the request is durable", arguments: StoreKind.allCases)
    func approveThenPay(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (session, approval, intent) = try await pendingApproval(paygent)
        #expect(approval.decision == .pending)
        #expect(approval.amount == Fixture.usdcAmount("12.00"))
        #expect(approval.formattedAmount == "12.00")
        #expect(approval.currency == "USDC")
        #expect(approval.payee == Fixture.payee)
        #expect(approval.expiresAt == clock.now().adding(seconds: 300))
        #expect(try await paygent.session(id: session.id).status == .awaitingApproval)
        // Asking again does not create a second request.
        #expect(Fixture.isAsk(try await paygent.paymentPolicy(sessionID: session.id).authorize(intent)))
        #expect(try await paygent.approvals(ApprovalQuery()).total == 1)

        let result = try await paygent.approve(id: approval.id, by: "operator:alice")
        #expect(result.decision == .approved)
        #expect(result.request.decidedBy == "operator:alice")
        #expect(try await paygent.session(id: session.id).status == .running)
        let retry = try await paygent.paymentPolicy(sessionID: session.id).authorize(intent)
        #expect(Fixture.holdID(retry) != nil)
        try await paygent.close()
    }

    @Test("Two concurrent decisions on one approval: exactly one wins, the other gets a conflict", arguments: StoreKind.allCases)
    func concurrentDecisions(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        for round in 0..<20 {
            let (_, approval, _) = try await pendingApproval(paygent, purchase: "race-\(round)")
            async let first: Result<ApprovalDecisionResult, PaygentError> = decide { () throws(PaygentError) in try await paygent.approve(id: approval.id, by: "operator:a") }
            async let second: Result<ApprovalDecisionResult, PaygentError> = decide { () throws(PaygentError) in
                try await paygent.reject(id: approval.id, reason: "no", by: "operator:b")
            }
            let results = await [first, second]
            let wins = results.compactMap { try? $0.get() }
            let conflicts = results.compactMap { result -> PaygentError? in
                if case .failure(let error) = result { return error }
                return nil
            }
            #expect(wins.count == 1)
            #expect(conflicts.count == 1)
            #expect(conflicts.first?.code == .conflict)
            #expect(conflicts.first?.httpStatus == 409)
            let stored = try await paygent.approval(id: approval.id)
            #expect(stored.decision == wins[0].decision)
            // Exactly one decision event.
            let events = try await Fixture.allEvents(paygent).filter {
                $0.subjectID == approval.id && $0.type != .approvalRequested
            }
            #expect(events.count == 1)
        }
        try await paygent.close()
    }

    func decide(_ body: () async throws(PaygentError) -> ApprovalDecisionResult) async -> Result<ApprovalDecisionResult, PaygentError> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    @Test("A decision after the deadline is refused, and the request expires (deny by default)", arguments: StoreKind.allCases)
    func decisionAfterDeadline(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (session, approval, intent) = try await pendingApproval(paygent)
        clock.advance(seconds: 300)
        await #expect(throws: PaygentError.self) { try await paygent.approve(id: approval.id, by: "operator:late") }
        do {
            _ = try await paygent.approve(id: approval.id, by: "operator:late")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .conflict)  // already expired by the first late attempt
        }
        let stored = try await paygent.approval(id: approval.id)
        #expect(stored.decision == .expired)
        #expect(stored.decidedBy == "system:timeout")
        // The payment is denied.
        let retry = try await paygent.paymentPolicy(sessionID: session.id).authorize(intent)
        guard case .deny(let reason) = retry else { Issue.record("expected deny"); return }
        #expect(reason.contains("expired"))
        try await paygent.close()
    }

    @Test("The first late decision gets `expired`", arguments: StoreKind.allCases)
    func lateDecisionCode(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (_, approval, _) = try await pendingApproval(paygent)
        clock.advance(seconds: 301)
        do {
            _ = try await paygent.reject(id: approval.id, reason: nil, by: "operator:late")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .expired)
        }
        try await paygent.close()
    }

    @Test("Expiry by the sweeper denies by default; a session may choose allow", arguments: StoreKind.allCases)
    func expirySweep(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (denySession, denied, denyIntent) = try await pendingApproval(paygent, purchase: "deny")
        var allowConfig = SessionConfig()
        allowConfig.onApprovalTimeout = .allow
        allowConfig.approvalTimeoutSeconds = 60
        let (allowSession, allowed, allowIntent) = try await pendingApproval(paygent, config: allowConfig, purchase: "allow")
        #expect(try await paygent.runMaintenance() == 0)
        clock.advance(seconds: 60)
        #expect(try await paygent.runMaintenance() == 1)
        #expect(try await paygent.approval(id: allowed.id).decision == .approved)
        #expect(try await paygent.approval(id: denied.id).decision == .pending)
        clock.advance(seconds: 240)
        #expect(try await paygent.runMaintenance() == 1)
        #expect(try await paygent.approval(id: denied.id).decision == .expired)
        #expect(Fixture.isDeny(try await paygent.paymentPolicy(sessionID: denySession.id).authorize(denyIntent)))
        #expect(Fixture.holdID(try await paygent.paymentPolicy(sessionID: allowSession.id).authorize(allowIntent)) != nil)
        #expect(try await paygent.session(id: denySession.id).status == .running)
        try await paygent.close()
    }

    @Test("Edit lowers the amount: the retry may pay at most the edited amount; a higher edit is refused", arguments: StoreKind.allCases)
    func editLowersAmount(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let (session, approval, intent) = try await pendingApproval(paygent)
        let seq = try await paygent.events(EventQuery(limit: 1)).latestSeq
        do {
            _ = try await paygent.editApproval(id: approval.id, ApprovalEdit(amount: "12.01"), by: "op")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidInput)
            #expect(error.field == "amount")
        }
        do {
            _ = try await paygent.editApproval(id: approval.id, ApprovalEdit(amount: "1.0000001"), by: "op")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidInput)
        }
        #expect(try await paygent.events(EventQuery(limit: 1)).latestSeq == seq)
        let edited = try await paygent.editApproval(
            id: approval.id, ApprovalEdit(editedArgs: ["url": "http://127.0.0.1:9/cheaper"], amount: "11.50"), by: "op")
        #expect(edited.decision == .edited)
        #expect(edited.request.approvedAmount == Fixture.usdcAmount("11.50"))
        #expect(edited.request.editedArgs?["url"]?.stringValue == "http://127.0.0.1:9/cheaper")
        // The original amount is now too much; the edited amount passes.
        #expect(Fixture.isDeny(try await paygent.paymentPolicy(sessionID: session.id).authorize(intent)))
        var cheaper = intent
        cheaper.amount = Fixture.usdcAmount("11.50")
        #expect(Fixture.holdID(try await paygent.paymentPolicy(sessionID: session.id).authorize(cheaper)) != nil)
        try await paygent.close()
    }

    @Test("waitForDecision returns when an operator decides", arguments: StoreKind.allCases)
    func waitForDecision(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let (_, approval, _) = try await pendingApproval(paygent)
        async let waited = paygent.waitForDecision(approvalID: approval.id)
        try await Task.sleep(for: .milliseconds(50))
        _ = try await paygent.reject(id: approval.id, reason: "too much", by: "operator:bob")
        let decided = try await waited
        #expect(decided.decision == .rejected)
        #expect(decided.decisionReason == "too much")
        try await paygent.close()
    }
}
