import PaygentCore

/// Why a run cannot go on right now, found in the same transaction that would have started a step.
enum SessionGate: Error {
    case killed(by: String?, reason: String?)
    case paused
    case finished(SessionStatus)
    case missing
}

/// Persists runs: each change of a run is written together with its events in one store
/// transaction, so the execution log and the event log never disagree.
struct RunRecorder: Sendable {
    let paygent: EmbeddedPaygent

    var now: Timestamp { paygent.context.clock.now() }

    /// Inserts a new run's execution log, with `events`.
    func create(_ run: AgentRun, events: [NewEvent]) async throws(AgentFailure) {
        let at = now
        let log: ExecutionLog
        do { log = try run.executionLog(now: at) } catch { throw AgentFailure(.internal, "cannot encode the run: \(error)") }
        do {
            try await paygent.store.write { tx in
                guard let session = try tx.session(id: run.sessionID) else { throw SessionGate.missing }
                if session.status.isTerminal { throw SessionGate.finished(session.status) }
                try tx.insertExecutionLog(log)
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

    /// Saves `run` with `events`. With `gate`, first checks in the same transaction that the
    /// session may go on (running or awaiting approval) and returns it; nothing is written when
    /// it may not.
    @discardableResult
    func save(_ run: AgentRun, events: [NewEvent], gate: Bool = false) async throws -> AgentSession? {
        let at = now
        var copy = run
        copy.updatedAt = at
        let log = try copy.executionLog(now: at)
        return try await paygent.store.write { tx in
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
