import PaygentCore
import PaygentFoundation

/// Persists runs through the ``AgentHost``: each change of a run is written together with its
/// events in one host command (one store transaction), so the execution log and the event log
/// never disagree.
///
/// Each run carries a lease (``RunLease``: the host's run owner id and an expiry), claimed in
/// the write that creates the run and checked and extended in every write that saves it — the
/// write that starts a step included — so two processes never drive one run. A write the host
/// refuses throws its ``RunRefusal``.
struct RunRecorder: Sendable {
    let paygent: any AgentHost
    /// How long a claimed lease lasts.
    let leaseDuration: Duration

    var now: Timestamp { paygent.clock.now() }
    var owner: String { paygent.runOwner }

    func lease(from time: Timestamp) -> RunLease {
        let components = leaseDuration.components
        return RunLease(owner: owner, expiresAt: time.adding(milliseconds: components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000))
    }

    /// Claims the lease on run `id` for this process; returns the other driver's lease when another process holds it.
    func claim(_ id: String) async throws(AgentFailure) -> RunLease? {
        do {
            return try await paygent.claimRun(logID: id, lease: lease(from: now))
        } catch {
            throw AgentFailure(.internal, errorMessage(error))
        }
    }

    /// Extends every lease this process holds (the heartbeat).
    func renewLeases() async throws {
        try await paygent.renewRunLeases(owner: owner, until: lease(from: now).expiresAt)
    }

    /// Gives up every lease this control plane holds, its subagents' included (a clean shutdown:
    /// another process may resume the runs at once): they lapse now.
    func releaseLeases() async throws {
        try await paygent.renewRunLeases(owner: owner, until: now)
    }

    /// Ids of unfinished runs after `after`, in id order.
    func unfinishedRunIDs(after: String?, limit: Int) async throws(AgentFailure) -> [String] {
        do {
            return try await paygent.unfinishedRunIDs(after: after, limit: limit)
        } catch {
            throw AgentFailure(.internal, "cannot list runs: \(errorMessage(error))")
        }
    }

    /// Inserts a new run's execution log, with `events`.
    func create(_ run: AgentRun, events: [NewEvent]) async throws(AgentFailure) {
        let at = now
        let log: ExecutionLog
        do { log = try run.executionLog(now: at) } catch { throw AgentFailure(.internal, "cannot encode the run: \(error)") }
        let written: RunWrite
        do {
            written = try await paygent.createRun(log, lease: lease(from: at), events: events)
        } catch {
            throw AgentFailure(.internal, errorMessage(error))
        }
        switch written {
        case .saved: return
        case .refused(.sessionFinished(let status)):
            throw AgentFailure(status == .killed ? .killed : .invalidArguments, "session \(run.sessionID) is \(status.rawValue)")
        case .refused(.sessionKilled):
            throw AgentFailure(.killed, "session \(run.sessionID) is killed")
        case .refused(let refusal):
            throw AgentFailure(.invalidArguments, refusal == .sessionMissing ? "no session with id \(run.sessionID)" : "run \(run.id) was refused: \(refusal)")
        }
    }

    /// Saves `run` with `events`, in a write that first checks and extends this process's lease
    /// on it (``RunRefusal/leased(_:)`` when another process drives it). With `gate`, also checks
    /// that the session may go on (running or awaiting approval) and returns it; nothing is
    /// written when it may not (the ``RunRefusal`` is thrown).
    @discardableResult
    func save(_ run: AgentRun, events: [NewEvent], gate: Bool = false) async throws -> AgentSession? {
        let at = now
        var copy = run
        copy.updatedAt = at
        let log = try copy.executionLog(now: at)
        switch try await paygent.saveRun(log, lease: lease(from: at), events: events, gated: gate) {
        case .saved(let session): return session
        case .refused(let refusal): throw refusal
        }
    }

    /// The run stored under `id`.
    func load(_ id: String) async throws(AgentFailure) -> AgentRun? {
        let log: ExecutionLog
        do {
            log = try await paygent.executionLog(id: id)
        } catch where error.code == .notFound {
            return nil
        } catch {
            throw AgentFailure(.internal, errorMessage(error))
        }
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
