import Dispatch
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
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// The first signal received, if any.
    var signal: Int32? { state.withLock { $0.signal } }

    /// The exit status for the signal received: 128 + its number (130 for SIGINT, 143 for SIGTERM).
    var exitStatus: Int32? { signal.map { 128 + $0 } }

    /// The signal's name, for messages.
    var name: String? { signal.map(Self.name) }

    static func name(_ number: Int32) -> String { number == SIGTERM ? "SIGTERM" : number == SIGINT ? "SIGINT" : "signal \(number)" }

    /// Installs handlers for SIGTERM and SIGINT until the process exits.
    static func install() -> StopSignals {
        let signals = StopSignals()
        for number in [SIGTERM, SIGINT] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { signals.received(number) }
            source.resume()
            sources.append(source)
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
