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
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var version: UInt64 = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes every waiter (it re-evaluates what it waits for).
    public func notify() {
        let woken = state.withLock { state -> [Waiter] in
            state.version &+= 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.continuation.resume(returning: false) }
    }

    /// Evaluates `value` now and after every change until it returns non-nil or `deadline` passes;
    /// returns its answer, or nil on the deadline.
    ///
    /// The deadline is kept by a Dispatch timer, not a task: a task's timer needs a free
    /// cooperative thread to fire, and CPU-bound tests running beside this one can hold every such
    /// thread for many seconds — the deadline would then lose to whatever happened later.
    public func wait<T>(until deadline: ContinuousClock.Instant, for value: () -> T?) async -> T? {
        while true {
            let seen = state.withLock { $0.version }
            if let found = value() { return found }
            if ContinuousClock.now >= deadline { return nil }
            if await changed(since: seen, deadline: deadline) { return nil }
        }
    }

    /// Waits until `condition` holds or `deadline` passes; returns whether it held.
    public func wait(until deadline: ContinuousClock.Instant, _ condition: () -> Bool) async -> Bool {
        await wait(until: deadline) { condition() ? true : nil } ?? false
    }

    /// Waits for the next change after `seen`; true when the deadline came first.
    private func changed(since seen: UInt64, deadline: ContinuousClock.Instant) async -> Bool {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let already = state.withLock { state -> Bool in
                if state.version != seen { return true }
                state.waiters[id] = Waiter(continuation: continuation)
                return false
            }
            if already {
                continuation.resume(returning: false)
                return
            }
            let (seconds, attoseconds) = max(.zero, deadline - .now).components
            Self.timers.asyncAfter(deadline: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)), execute: { [weak self] in self?.expire(id) })
        }
    }

    /// Deadlines fire here (a private queue: its thread is not one of the cooperative pool's). A
    /// timer whose waiter was woken earlier finds nothing to do.
    private static let timers = DispatchQueue(label: "paygent.tests.deadlines")

    private func expire(_ id: UInt64) {
        guard let waiter = state.withLock({ $0.waiters.removeValue(forKey: id) }) else { return }
        waiter.continuation.resume(returning: true)
    }
}
