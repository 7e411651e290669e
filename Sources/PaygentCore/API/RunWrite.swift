/// What a run write (``AgentHost/createRun(_:lease:events:)``, ``AgentHost/saveRun(_:lease:events:gated:)``)
/// did: saved, or refused by a check made in the same transaction — in which case nothing was written.
public enum RunWrite: Sendable, Hashable {
    /// Written; `session` is the session as read in the transaction (gated saves only).
    case saved(session: AgentSession?)
    /// Nothing written, for this reason.
    case refused(RunRefusal)
}

/// Why a run write was refused: the run may not go on right now.
public enum RunRefusal: Sendable, Hashable, Error {
    /// The run's session does not exist.
    case sessionMissing
    /// The session is paused: the run waits.
    case sessionPaused
    /// The session was killed.
    case sessionKilled(by: String?, reason: String?)
    /// The session has completed or failed.
    case sessionFinished(SessionStatus)
    /// Another live owner drives the run.
    case leased(RunLease)
}
