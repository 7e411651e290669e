import Synchronization

/// A run's stop flag: set by ``AgentRuntime/cancel(runID:reason:)`` or a session kill, read
/// between steps and by the payment gate right before anything is signed.
final class RunCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, reason: String?, killed: Bool, detached: Bool)>((false, nil, false, false))

    /// Whether the run must stop.
    var isCancelled: Bool { state.withLock { $0.cancelled } }
    /// Why.
    var reason: String? { state.withLock { $0.reason } }
    /// Whether the stop is a session kill.
    var isKill: Bool { state.withLock { $0.killed } }

    /// Whether the runtime let go of the run (shutdown): it stops without changing its stored state.
    var isDetached: Bool { state.withLock { $0.detached } }

    /// Lets go of the run: it stops where it is and keeps its stored state, to be resumed later.
    func detach() {
        state.withLock { state in
            state.detached = true
            state.cancelled = true
            if state.reason == nil { state.reason = "runtime shut down" }
        }
    }

    /// Asks the run to stop; the first reason is kept.
    func cancel(reason: String, kill: Bool = false) {
        state.withLock { state in
            if !state.cancelled { state.reason = reason }
            state.cancelled = true
            state.killed = state.killed || kill
        }
    }
}

/// Runs `body` in a task of its own, so a write still happens when the calling task was
/// cancelled (the store refuses work from cancelled tasks).
func uncancelled<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    if !Task.isCancelled { return try await body() }
    return try await Task { try await body() }.value
}
