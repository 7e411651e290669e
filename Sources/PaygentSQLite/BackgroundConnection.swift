import Dispatch
import GRDB
import Synchronization

/// A connection of its own to the database file and a timer on its own serial queue that hands
/// it to `tick` every `interval`: the shape of the store's background jobs (the WAL checkpointer,
/// the commit watcher), which must never run on the writer's connection or the cooperative pool.
final class BackgroundConnection: Sendable {
    private struct State: @unchecked Sendable {
        var timer: (any DispatchSourceTimer)?
        var connection: DatabaseQueue?
    }

    private let state: Mutex<State>
    private let queue: DispatchQueue

    /// Opens the connection, runs `prepare` on it once (before the first tick), then starts ticking.
    init(path: String, label: String, interval: DispatchTimeInterval, leeway: DispatchTimeInterval,
         prepare: (DatabaseQueue) throws -> Void = { _ in }, tick: @escaping @Sendable (DatabaseQueue) -> Void) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        try prepare(connection)
        queue = DispatchQueue(label: label)
        state = Mutex(State(timer: nil, connection: connection))
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: leeway)
        timer.setEventHandler { [weak self] in
            guard let connection = self?.state.withLock({ $0.connection }) else { return }
            tick(connection)
        }
        state.withLock { $0.timer = timer }
        timer.resume()
    }

    /// Stops the timer, waits for a running tick, and closes the connection.
    func stop() {
        let (timer, connection) = state.withLock { state in
            defer { state.timer = nil; state.connection = nil }
            return (state.timer, state.connection)
        }
        timer?.cancel()
        queue.sync {}
        try? connection?.close()
    }

    // Only cancels: the last reference may go away inside a tick, on `queue` itself, where
    // waiting for the queue would deadlock. The connection closes with the state.
    deinit { state.withLock { $0.timer?.cancel() } }
}
