import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT turned into a clean stop: the first one calls `onStop` with the signal's
/// number (the command then records its state and exits with 128 + that number); a second one,
/// while that clean stop is under way, exits at once with the same status (nothing is lost: every
/// state change is already durable, and a lease this process held lapses because it is gone).
final class StopSignals: Sendable {
    private let received = Mutex<Int32?>(nil)
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// The first signal received, if any.
    var signal: Int32? { received.withLock { $0 } }

    /// The exit status for the signal received: 128 + its number (130 for SIGINT, 143 for SIGTERM).
    var exitStatus: Int32? { signal.map { 128 + $0 } }

    /// The signal's name, for messages.
    var name: String? { signal.map { $0 == SIGTERM ? "SIGTERM" : $0 == SIGINT ? "SIGINT" : "signal \($0)" } }

    /// Installs handlers for SIGTERM and SIGINT until the process exits.
    static func install(onStop: @escaping @Sendable (Int32) -> Void) -> StopSignals {
        let signals = StopSignals()
        for number in [SIGTERM, SIGINT] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let first = signals.received.withLock { current -> Bool in
                    guard current == nil else { return false }
                    current = number
                    return true
                }
                if first { onStop(number) } else { _exit(128 + number) }
            }
            source.resume()
            sources.append(source)
        }
        return signals
    }
}
