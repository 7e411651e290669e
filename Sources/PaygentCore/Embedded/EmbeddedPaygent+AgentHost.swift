import PaygentEVM
import PaygentFoundation
import X402

/// ``AgentHost`` in-process: payments through the ``PolicyEngine``, runs and leases in one store
/// transaction each (the methods not here are in `EmbeddedPaygent+Runtime.swift`).
extension EmbeddedPaygent {
    public var runOwner: String { context.owner.id }

    public var clock: any WallClock { context.clock }

    public func makeID(_ prefix: String) -> String { context.ids.make(prefix) }

    // MARK: Payments

    public func authorizePayment(_ intent: PaymentIntent, context paymentContext: PaymentContext) async throws(PaygentError) -> PolicyDecision {
        try await policyEngine.authorize(intent, context: paymentContext)
    }

    public func recordSigned(_ intent: PaymentIntent, holdID: String?, nonce: [UInt8], actor: String?) async throws(PaygentError) {
        try await policyEngine.markSigned(intent, holdID: holdID, nonce: nonce, actor: actor)
    }

    public func recordPaymentOutcome(_ outcome: PaymentOutcome, intent: PaymentIntent, holdID: String?, actor: String?) async throws(PaygentError) {
        try await policyEngine.record(outcome, intent: intent, holdID: holdID, actor: actor)
    }

    public func cancelUnsignedPayment(_ intent: PaymentIntent, holdID: String?, reason: String, actor: String?) async throws(PaygentError) {
        try await policyEngine.cancelUnsigned(intent, holdID: holdID, reason: reason, actor: actor)
    }

    public func liveHold(purchaseID: String) async throws(PaygentError) -> Hold? {
        let id = try Validate.text(purchaseID, field: "purchase_id", max: 200, required: true)
        return try await context.read { try $0.liveHold(purchaseID: id) }
    }

    // MARK: Approvals

    @discardableResult
    public func expireOverdueApprovals() async throws(PaygentError) -> Int {
        try await approvalDesk.expireOverdue()
    }

    // MARK: Runs and leases

    public func createRun(_ log: ExecutionLog, lease: RunLease, events: [NewEvent]) async throws(PaygentError) -> RunWrite {
        let at = context.clock.now()
        return try await runWrite { tx in
            guard let session = try tx.session(id: log.sessionID) else { throw RunRefusal.sessionMissing }
            if session.status.isTerminal { throw RunRefusal.sessionFinished(session.status) }
            try tx.insertExecutionLog(log)
            try tx.setRunLease(lease, logID: log.id)
            for event in events { _ = try tx.appendEvent(event, at: at) }
            return nil
        }
    }

    public func saveRun(_ log: ExecutionLog, lease: RunLease, events: [NewEvent], gated: Bool) async throws(PaygentError) -> RunWrite {
        let at = context.clock.now()
        let finished = log.status == "completed" || log.status == "failed" || log.status == "cancelled"
        return try await runWrite { tx in
            try Self.claim(lease, logID: log.id, tx: tx, now: at)
            // A finished run needs no driver: its lease goes with the write that finishes it.
            if finished { try tx.setRunLease(nil, logID: log.id) }
            var session: AgentSession?
            if gated {
                guard let found = try tx.session(id: log.sessionID) else { throw RunRefusal.sessionMissing }
                switch found.status {
                case .running, .awaitingApproval: break
                case .paused: throw RunRefusal.sessionPaused
                case .killed: throw RunRefusal.sessionKilled(by: found.statusChangedBy, reason: found.statusReason)
                case .completed, .failed: throw RunRefusal.sessionFinished(found.status)
                }
                session = found
            }
            try tx.updateExecutionLog(log)
            for event in events { _ = try tx.appendEvent(event, at: at) }
            return session
        }
    }

    public func claimRun(logID: String, lease: RunLease) async throws(PaygentError) -> RunLease? {
        let at = context.clock.now()
        switch try await runWrite({ tx in try Self.claim(lease, logID: logID, tx: tx, now: at); return nil }) {
        case .refused(.leased(let current)): return current
        case .refused(let other): throw PaygentError(.internal, "claiming run \(logID) was refused: \(other)")
        case .saved: return nil
        }
    }

    @discardableResult
    public func renewRunLeases(owner: String, until expiresAt: Timestamp) async throws(PaygentError) -> Int {
        try await context.write { tx in try tx.renewRunLeases(owner: owner, until: expiresAt) }
    }

    public func unfinishedRunIDs(after: String?, limit: Int) async throws(PaygentError) -> [String] {
        guard (1...1000).contains(limit) else { throw .invalid("limit", "must be between 1 and 1000, got \(limit)") }
        return try await context.read { try $0.unfinishedRunIDs(after: after, limit: limit) }
    }

    // MARK: Registry

    public func service(endpoint: String) async throws(PaygentError) -> Service? {
        let endpoint = try Validate.text(endpoint, field: "endpoint", max: 2048, required: true)
        return try await context.read { try $0.service(endpoint: endpoint) }
    }

    /// In a write: refuses when another live owner holds the run's lease, else (re)claims it.
    static func claim(_ lease: RunLease, logID: String, tx: any StoreTransaction, now: Timestamp) throws {
        if let current = try tx.runLease(logID: logID), !current.allows(lease.owner, at: now) {
            throw RunRefusal.leased(current)
        }
        try tx.setRunLease(lease, logID: logID)
    }

    /// One write whose body may refuse with a ``RunRefusal`` (rolled back, reported as a value).
    private func runWrite(_ body: @escaping @Sendable (any StoreTransaction) throws -> AgentSession?) async throws(PaygentError) -> RunWrite {
        do {
            return .saved(session: try await context.store.write(body))
        } catch let refusal as RunRefusal {
            return .refused(refusal)
        } catch let error as PaygentError {
            throw error
        } catch {
            throw .storage(error)
        }
    }
}
