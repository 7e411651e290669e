import Dispatch
import GRDB

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
    private let background: BackgroundConnection

    /// Opens a connection to `path` and starts checkpointing every `interval`.
    init(path: String, interval: DispatchTimeInterval = .milliseconds(100)) throws {
        background = try BackgroundConnection(path: path, label: "paygent.sqlite.checkpoint", interval: interval,
                                              leeway: .milliseconds(20)) { connection in
            // One passive checkpoint; errors (busy, closed) are left for the next tick.
            _ = try? connection.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)")
            }
        }
    }

    /// Stops the timer, waits for a running checkpoint, and closes the connection.
    func stop() { background.stop() }
}
