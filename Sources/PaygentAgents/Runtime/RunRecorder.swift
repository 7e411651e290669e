import PaygentCore
import PaygentFoundation

/// Why a run cannot go on right now, found in the same transaction that would have started a step.
enum SessionGate: Error {
    case killed(by: String?, reason: String?)
    case paused
    case finished(SessionStatus)
    case missing
    /// Another process drives the run (its lease is live).
    case leased(RunLease)
}

/// Persists runs: each change of a run is written together with its events in one store
/// transaction, so the execution log and the event log never disagree.
///
/// Each run carries a lease (``RunLease``: this control plane's owner id and an expiry), claimed in
/// the write that creates the run and checked and extended in every write that saves it — the
/// write that starts a step included — so two processes never drive one run.
struct RunRecorder: Sendable {
    let paygent: EmbeddedPaygent
    /// How long a claimed lease lasts.
    let leaseDuration: Duration

    var now: Timestamp { paygent.context.clock.now() }
    var owner: String { paygent.context.owner.id }

    func lease(from time: Timestamp) -> RunLease {
        let components = leaseDuration.components
        return RunLease(owner: owner, expiresAt: time.adding(milliseconds: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000))
    }

    /// In a write: refuses when another live owner holds the run's lease, else (re)claims it.
    static func claim(_ lease: RunLease, logID: String, tx: any StoreTransaction, now: Timestamp) throws {
        if let current = try tx.runLease(logID: logID), !current.allows(lease.owner, at: now) {
            throw SessionGate.leased(current)
        }
        try tx.setRunLease(lease, logID: logID)
    }

    /// Claims the lease on run `id` for this process; false when another process holds it.
    func claim(_ id: String) async throws(AgentFailure) -> RunLease? {
        let at = now
        let lease = lease(from: at)
        do {
            try await paygent.store.write { tx in try Self.claim(lease, logID: id, tx: tx, now: at) }
            return nil
        } catch SessionGate.leased(let current) {
            return current
        } catch {
            throw AgentFailure(.internal, "storage failed: \(error)")
        }
    }

    /// Extends every lease this process holds (the heartbeat).
    func renewLeases() async throws {
        let expiry = lease(from: now).expiresAt
        let owner = owner
        _ = try await paygent.store.write { tx in try tx.renewRunLeases(owner: owner, until: expiry) }
    }

    /// Gives up every lease this control plane holds, its subagents' included (a clean shutdown:
    /// another process may resume the runs at once): they lapse now.
    func releaseLeases() async throws {
        let at = now
        let owner = owner
        _ = try await paygent.store.write { tx in try tx.renewRunLeases(owner: owner, until: at) }
    }

    /// Ids of unfinished runs after `after`, in id order.
    func unfinishedRunIDs(after: String?, limit: Int) async throws(AgentFailure) -> [String] {
        do {
            return try await paygent.store.read { try $0.unfinishedRunIDs(after: after, limit: limit) }
        } catch {
            throw AgentFailure(.internal, "cannot list runs: \(error)")
        }
    }

    /// Inserts a new run's execution log, with `events`.
    func create(_ run: AgentRun, events: [NewEvent]) async throws(AgentFailure) {
        let at = now
        let log: ExecutionLog
        do { log = try run.executionLog(now: at) } catch { throw AgentFailure(.internal, "cannot encode the run: \(error)") }
        let lease = lease(from: at)
        do {
            try await paygent.store.write { tx in
                guard let session = try tx.session(id: run.sessionID) else { throw SessionGate.missing }
                if session.status.isTerminal { throw SessionGate.finished(session.status) }
                try tx.insertExecutionLog(log)
                try tx.setRunLease(lease, logID: log.id)
                for event in events { _ = try tx.appendEvent(event, at: at) }
            }
        } catch SessionGate.missing {
            throw AgentFailure(.invalidArguments, "no session with id \(run.sessionID)")
        } catch SessionGate.finished(let status) {
            throw AgentFailure(status == .killed ? .killed : .invalidArguments, "session \(run.sessionID) is \(status.rawValue)")
        } catch {
            throw AgentFailure(.internal, "storage failed: \(error)")
        }
    }

    /// Saves `run` with `events`, in a transaction that first checks and extends this process's
    /// lease on it (``SessionGate/leased(_:)`` when another process drives it). With `gate`, also
    /// checks that the session may go on (running or awaiting approval) and returns it; nothing
    /// is written when it may not.
    @discardableResult
    func save(_ run: AgentRun, events: [NewEvent], gate: Bool = false) async throws -> AgentSession? {
        let at = now
        var copy = run
        copy.updatedAt = at
        let log = try copy.executionLog(now: at)
        let lease = lease(from: at)
        let finished = run.status.isFinished
        return try await paygent.store.write { tx in
            try Self.claim(lease, logID: log.id, tx: tx, now: at)
            // A finished run needs no driver: its lease goes with the write that finishes it.
            if finished { try tx.setRunLease(nil, logID: log.id) }
            var session: AgentSession?
            if gate {
                guard let found = try tx.session(id: run.sessionID) else { throw SessionGate.missing }
                switch found.status {
                case .running, .awaitingApproval: break
                case .paused: throw SessionGate.paused
                case .killed: throw SessionGate.killed(by: found.statusChangedBy, reason: found.statusReason)
                case .completed, .failed: throw SessionGate.finished(found.status)
                }
                session = found
            }
            try tx.updateExecutionLog(log)
            for event in events { _ = try tx.appendEvent(event, at: at) }
            return session
        }
    }

    /// The run stored under `id`.
    func load(_ id: String) async throws(AgentFailure) -> AgentRun? {
        let log: ExecutionLog?
        do {
            log = try await paygent.store.read { try $0.executionLog(id: id) }
        } catch {
            throw AgentFailure(.internal, "storage failed: \(error)")
        }
        guard let log else { return nil }
        do { return try AgentRun(log: log) } catch { throw AgentFailure(.internal, "execution log \(id) is not an agent run: \(error)") }
    }

    /// The session, fresh.
    func session(_ id: String) async throws(AgentFailure) -> AgentSession {
        do {
            return try await paygent.session(id: id)
        } catch {
            throw AgentFailure(error.code == .notFound ? .invalidArguments : .internal, errorMessage(error))
        }
    }
}
