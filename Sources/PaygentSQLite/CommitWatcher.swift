import Dispatch
import GRDB
import PaygentCore
import Synchronization

/// Notices commits made by other connections to the database file — another process's CLI,
/// console, agent run or server — and publishes their events to the store's ``EventHub``, so a
/// live subscriber (the console, an SSE stream) sees them within one poll interval even when this
/// process writes nothing.
///
/// While the hub has subscribers, every `interval` it reads `PRAGMA data_version` on its own
/// connection (the same signal the writer cache uses to notice other writers): the value changes
/// whenever any other connection has committed. Only then does it read the events past what was
/// published, a page at a time. Without subscribers it runs no SQL. Events this
/// process wrote are published by the writer as well; ``EventSubscription`` delivers each seq once
/// and catches up from the store whenever what it is handed does not follow on.
final class CommitWatcher: Sendable {
    /// What the watcher knows between looks.
    private final class Progress: Sendable {
        struct State {
            /// `PRAGMA data_version` at the last look (nil: look afresh).
            var dataVersion: Int64?
            /// Highest seq this watcher has published or found already published.
            var seen: Int64 = 0
        }

        let state = Mutex(State())
    }

    private let background: BackgroundConnection
    /// Events read per look; more are left to the subscriptions' own catch-up from the store.
    static let pageSize = 500

    /// Opens a connection to `path` and starts watching every `interval` on behalf of `store`.
    init(path: String, store: SQLiteStore, interval: DispatchTimeInterval = .milliseconds(40)) throws {
        let progress = Progress()
        background = try BackgroundConnection(
            path: path, label: "paygent.sqlite.commit-watch", interval: interval, leeway: .milliseconds(10),
            prepare: { connection in
                // The baseline: events up to here are in the store for any subscriber's own replay.
                let latest = try connection.read { db in try SQLiteAccess(db: db, store: store, writable: false).latestEventSeq() }
                progress.state.withLock { $0.seen = latest }
            },
            tick: { [weak store] connection in
                guard let store else { return }
                Self.look(store: store, connection: connection, progress: progress)
            })
    }

    /// One look; errors (busy, closed) are left for the next tick.
    private static func look(store: SQLiteStore, connection: DatabaseQueue, progress: Progress) {
        let hub = store.eventHub
        guard hub.subscriberCount > 0 else {
            // Nobody listens: no SQL at all. Look afresh once someone does; what was committed
            // meanwhile is published from the old baseline (subscribers skip what they have).
            progress.state.withLock { $0.dataVersion = nil }
            return
        }
        do {
            let version = try connection.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
            let (previous, seen) = progress.state.withLock { ($0.dataVersion, $0.seen) }
            // Nothing committed by another connection since the last look.
            guard previous != version else { return }
            let from = max(seen, hub.lastPublishedSeq)
            let page = try connection.read { db in
                try SQLiteAccess(db: db, store: store, writable: false).events(EventQuery(after: from, limit: pageSize))
            }
            progress.state.withLock { state in
                state.seen = max(from, page.events.last?.seq ?? from)
                // More than a page behind: look again next tick even if nothing else commits.
                state.dataVersion = page.hasMore ? nil : version
            }
            hub.publish(page.events)
        } catch {
            progress.state.withLock { $0.dataVersion = nil }
        }
    }

    /// Stops the timer, waits for a running look, and closes the connection.
    func stop() { background.stop() }
}
