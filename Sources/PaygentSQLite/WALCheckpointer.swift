import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file from its own connection and thread,
/// so the one writer never stops to checkpoint.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses the threshold, and it
/// copies pages and syncs two files while every payment waits behind it. Here a passive
/// checkpoint runs every `interval` on a separate connection instead; writers carry on during
/// it, and the next write transaction after a complete one restarts the log from its start.
/// The writer's own automatic checkpoint stays on with a high threshold, as a safety net should
/// this thread ever fall behind.
final class WALCheckpointer: Sendable {
    private struct State: @unchecked Sendable {
        var timer: (any DispatchSourceTimer)?
        var connection: DatabaseQueue?
    }

    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "paygent.sqlite.checkpoint")

    /// Opens a connection to `path` and starts checkpointing every `interval`.
    init(path: String, interval: DispatchTimeInterval = .milliseconds(100)) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        state = Mutex(State(timer: nil, connection: connection))
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.checkpoint() }
        state.withLock { $0.timer = timer }
        timer.resume()
    }

    /// One passive checkpoint; errors (busy, closed) are left for the next tick.
    private func checkpoint() {
        guard let connection = state.withLock({ $0.connection }) else { return }
        _ = try? connection.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Stops the timer, waits for a running checkpoint, and closes the connection.
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
