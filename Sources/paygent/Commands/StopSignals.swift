import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT turned into a clean stop: the first one runs the action given to
/// ``onStop(_:)`` (at once if it came before the action was given) — the command then records its
/// state and exits with 128 + the signal's number; a second one, while that clean stop is under
/// way, exits at once with the same status (nothing is lost: every state change is already
/// durable, and a lease this process held ends because its process is gone).
final class StopSignals: Sendable {
    private struct State {
        var signal: Int32?
        var action: (@Sendable (Int32) -> Void)?
    }

    private let state = Mutex(State())
    /// The write end of the self-pipe the signal handler writes the signal's number to.
    nonisolated(unsafe) private static var wakeFD: Int32 = -1

    /// The first signal received, if any.
    var signal: Int32? { state.withLock { $0.signal } }

    /// The exit status for the signal received: 128 + its number (130 for SIGINT, 143 for SIGTERM).
    var exitStatus: Int32? { signal.map { 128 + $0 } }

    /// The signal's name, for messages.
    var name: String? { signal.map(Self.name) }

    static func name(_ number: Int32) -> String { number == SIGTERM ? "SIGTERM" : number == SIGINT ? "SIGINT" : "signal \(number)" }

    /// Installs handlers for SIGTERM and SIGINT until the process exits (call it once per process).
    ///
    /// A plain `sigaction` handler writing to a self-pipe, read by a dedicated thread: it is in
    /// force when this returns. (A Dispatch signal source is not: it registers asynchronously on a
    /// queue, and a signal that came in between — with the disposition already SIG_IGN — was lost,
    /// so an agent run under load now and then ignored its SIGTERM.)
    static func install() -> StopSignals {
        let signals = StopSignals()
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fatalError("paygent: cannot create the signal pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let reader = fds[0]
        wakeFD = fds[1]
        Thread.detachNewThread {
            var number: UInt8 = 0
            while true {
                let count = read(reader, &number, 1)
                if count == 1 { signals.received(Int32(number)); continue }
                if count < 0 && errno == EINTR { continue }
                return
            }
        }
        for number in [SIGTERM, SIGINT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                // Async-signal-safe: one write(2) of one byte.
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(StopSignals.wakeFD, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        return signals
    }

    /// What the first signal does; run now when one has already come.
    func onStop(_ action: @escaping @Sendable (Int32) -> Void) {
        let pending = state.withLock { state -> Int32? in
            state.action = action
            return state.signal
        }
        if let pending { action(pending) }
    }

    private func received(_ number: Int32) {
        let (first, action) = state.withLock { state -> (Bool, (@Sendable (Int32) -> Void)?) in
            guard state.signal == nil else { return (false, nil) }
            state.signal = number
            return (true, state.action)
        }
        guard first else { _exit(128 + number) }
        action?(number)
    }
}
