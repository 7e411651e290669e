import PaygentCore
import PaygentFoundation
import Synchronization

/// Lets callers wait for a run driven by a background task: until it finishes, or until it
/// first waits for an approval.
final class RunProgress: Sendable {
    private struct State {
        var latest: AgentRun
        var waiters: [(stopAtApproval: Bool, continuation: CheckedContinuation<AgentRun, Never>)] = []
    }

    private let state: Mutex<State>

    init(_ run: AgentRun) { state = Mutex(State(latest: run)) }

    /// The latest known state.
    var latest: AgentRun { state.withLock { $0.latest } }

    /// Publishes a new state and wakes the waiters it satisfies.
    func update(_ run: AgentRun) {
        let ready: [CheckedContinuation<AgentRun, Never>] = state.withLock { state in
            state.latest = run
            var ready: [CheckedContinuation<AgentRun, Never>] = []
            state.waiters.removeAll { waiter in
                let done = run.status.isFinished || (waiter.stopAtApproval && run.status == .awaitingApproval)
                if done { ready.append(waiter.continuation) }
                return done
            }
            return ready
        }
        for continuation in ready { continuation.resume(returning: run) }
    }

    /// Wakes every waiter with `run` (the runtime let go of it).
    func release(_ run: AgentRun) {
        let all: [CheckedContinuation<AgentRun, Never>] = state.withLock { state in
            state.latest = run
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        for continuation in all { continuation.resume(returning: run) }
    }

    /// Waits until the run finishes (or, with `stopAtApproval`, awaits an approval).
    func wait(stopAtApproval: Bool) async -> AgentRun {
        await withCheckedContinuation { continuation in
            let immediate: AgentRun? = state.withLock { state in
                let run = state.latest
                if run.status.isFinished || (stopAtApproval && run.status == .awaitingApproval) { return run }
                state.waiters.append((stopAtApproval, continuation))
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }
}

/// A run started by an ``AgentRuntime``: its ids, and ways to wait for it.
public struct AgentRunHandle: Sendable {
    /// Run id (execution log id).
    public let runID: String
    /// Session.
    public let sessionID: String
    let progress: RunProgress
    let clock: any WallClock

    /// Waits until the run finishes, or with `stopAtApproval` until it waits for an approval.
    public func wait(stopAtApproval: Bool = false) async -> AgentRunResult {
        AgentRunResult(await progress.wait(stopAtApproval: stopAtApproval), now: clock.now())
    }

    /// Where the run stands now.
    public var current: AgentRunResult { AgentRunResult(progress.latest, now: clock.now()) }
}
