import Dispatch
import Synchronization

/// Wakes waiters whenever something they watch may have changed (output arrived, a process
/// exited), so tests wait on a signal instead of sleeping in a loop. Every wait has a deadline.
///
/// ```swift
/// let line = await signal.wait(until: .now + .seconds(30)) { output.firstLine(containing: "listening") }
/// ```
public final class ChangeSignal: Sendable {
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var version: UInt64 = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var sleepers: [UInt64: DispatchSemaphore] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes every waiter (it re-evaluates what it waits for).
    public func notify() {
        let (woken, sleepers) = state.withLock { state -> ([Waiter], [DispatchSemaphore]) in
            state.version &+= 1
            defer {
                state.waiters.removeAll()
                state.sleepers.removeAll()
            }
            return (Array(state.waiters.values), Array(state.sleepers.values))
        }
        for sleeper in sleepers { sleeper.signal() }
        for waiter in woken {
            waiter.timer?.cancel()
            waiter.continuation.resume()
        }
    }

    /// Evaluates `value` now and after every change until it returns non-nil or `deadline` passes;
    /// returns its last answer (nil on the deadline).
    public func wait<T>(until deadline: ContinuousClock.Instant, for value: () -> T?) async -> T? {
        while true {
            let seen = state.withLock { $0.version }
            if let found = value() { return found }
            if ContinuousClock.now >= deadline { return nil }
            await changed(since: seen, deadline: deadline)
        }
    }

    /// Waits until `condition` holds or `deadline` passes; returns whether it held.
    public func wait(until deadline: ContinuousClock.Instant, _ condition: () -> Bool) async -> Bool {
        await wait(until: deadline) { condition() ? true : nil } ?? false
    }

    /// Blocks the calling thread until `condition` holds or `deadline` passes; returns whether
    /// it held. (For synchronous test code; async code uses ``wait(until:_:)``.)
    public func waitBlocking(until deadline: ContinuousClock.Instant, _ condition: () -> Bool) -> Bool {
        while true {
            let seen = state.withLock { $0.version }
            if condition() { return true }
            let now = ContinuousClock.now
            if now >= deadline { return false }
            let semaphore = DispatchSemaphore(value: 0)
            let id = state.withLock { state -> UInt64? in
                if state.version != seen { return nil }
                state.nextID &+= 1
                state.sleepers[state.nextID] = semaphore
                return state.nextID
            }
            guard let id else { continue }
            let (seconds, attoseconds) = (deadline - now).components
            _ = semaphore.wait(timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
            _ = state.withLock { $0.sleepers.removeValue(forKey: id) }
        }
    }

    private func changed(since seen: UInt64, deadline: ContinuousClock.Instant) async {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = state.withLock { state -> Bool in
                if state.version != seen { return true }
                state.waiters[id] = Waiter(continuation: continuation, timer: nil)
                return false
            }
            if already {
                continuation.resume()
                return
            }
            let timer = Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                self?.expire(id)
            }
            state.withLock { state in state.waiters[id]?.timer = timer }
        }
    }

    private func expire(_ id: UInt64) {
        guard let waiter = state.withLock({ $0.waiters.removeValue(forKey: id) }) else { return }
        waiter.continuation.resume()
    }
}
