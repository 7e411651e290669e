import Foundation
import GRDB
import PaygentCore
import PaygentEVM
import Synchronization

/// The embedded ``Store``: GRDB's `DatabasePool` over the system libsqlite3, in WAL mode with
/// `synchronous=NORMAL`, migrations run at open.
///
/// Writes go through GRDB's single writer connection, one `BEGIN IMMEDIATE` transaction at a
/// time — the one serialized write path for money. Rolling-window totals are kept in memory
/// (rebuilt from the `holds` table at open) and changed together with the rows, with an undo
/// journal applied on rollback. Events appended by a write are published to ``eventHub`` after
/// its commit, still inside the serialized section, so subscribers see them in order; events that
/// other connections (other processes) commit are published by a ``CommitWatcher``.
public final class SQLiteStore: Store, Sendable {
    /// The database file.
    public let path: String
    /// Live event fan-out.
    public let eventHub = EventHub()

    let pool: DatabasePool
    let windows = Mutex(RollingWindows())
    let cache = Mutex(SettingsCache())
    let configCache = Mutex([String: (text: String, config: SessionConfig)]())
    /// Touched only on the writer connection's queue, inside write batches (GRDB runs them one at
    /// a time), hence no lock.
    nonisolated(unsafe) var writerCache = WriterCache()
    var batcher: WriteBatcher { _batcher.withLock { $0! } }
    private let _batcher = Mutex<WriteBatcher?>(nil)
    private let checkpointer: WALCheckpointer
    private let commitWatcher = Mutex<CommitWatcher?>(nil)

    struct SettingsCache {
        var policyText: String?
        var policy: PolicySettings?
        var controlText: String?
        var control: ControlState?
    }

    /// `$XDG_DATA_HOME/paygent/paygent.sqlite`, or `~/.local/share/paygent/paygent.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = home + "/.local/share"
        }
        return base + "/paygent/paygent.sqlite"
    }

    /// Opens (creating when needed) the database at `path` (default: ``defaultPath(environment:)``),
    /// creating its directory, and runs pending migrations.
    public init(path: String? = nil) throws {
        let path = path ?? Self.defaultPath()
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 4
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -32000")
            // WALCheckpointer checkpoints off the write path; this is only the safety net.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 32000")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
        checkpointer = try WALCheckpointer(path: path)
        try rebuildWindows()
        let batcher = WriteBatcher(store: self)
        _batcher.withLock { $0 = batcher }
        let watcher = try CommitWatcher(path: path, store: self)
        commitWatcher.withLock { $0 = watcher }
    }

    /// Reloads the rolling windows from the holds created within 24 h of the newest one.
    func rebuildWindows() throws {
        try pool.read { db in try rebuildWindows(db) }
    }

    /// Reloads the rolling windows through `db`.
    func rebuildWindows(_ db: Database) throws {
        let holds: [Hold]
        if let newest = try Int64.fetchOne(db, sql: "SELECT MAX(created_at) FROM payments") {
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(SQLiteAccess.holdColumns) FROM payments WHERE created_at > ? ORDER BY created_at, rowid",
                arguments: [newest - RollingWindows.dayMilliseconds])
            holds = try rows.map(SQLiteAccess.hold)
        } else {
            holds = []
        }
        windows.withLock { windows in
            windows = RollingWindows()
            for hold in holds {
                windows.addAttempt(hold)
                if hold.status != .released { windows.add(hold) }
            }
        }
    }

    /// At the start of a write batch: if another connection (another process) has committed since
    /// the last batch, forgets the writer cache and reloads the rolling windows, whose holds it may
    /// have changed. The first batch always reloads them: they were loaded at open through a reader,
    /// and whatever another process committed between then and this batch's write lock counts too.
    func noticeOtherWriters(_ db: Database) throws {
        let version = try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        let previous = writerCache.dataVersion
        writerCache.dataVersion = version
        if let previous, previous == version { return }
        if previous != nil { batcher.countOtherWriter() }
        writerCache.clear()
        try rebuildWindows(db)
    }

    /// Runs `body` in the next write batch (see ``WriteBatcher``); returns after its commit.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let box = ResultBox<T>()
            batcher.submit(WriteJob(
                run: { access in box.value = try body(access) },
                complete: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else {
                        continuation.resume(returning: box.value!)
                    }
                }))
        }
    }

    /// Batches, writes and writer busy time since the store opened.
    public var writeStatistics: WriteStatistics { batcher.statistics }

    /// Runs `body` on a reader connection's queue. (GRDB's `async` read gives its connection back
    /// only once the awaiting task resumes, which needs one of Swift's cooperative threads: with
    /// every such thread blocked — in ``close()``'s wait for readers, say — the reader was never
    /// returned and the process deadlocked. `asyncRead` gives it back on the reader's own queue.)
    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            pool.asyncRead { database in
                continuation.resume(with: Result {
                    try body(SQLiteAccess(db: try database.get(), store: self, writable: false))
                })
            }
        }
    }

    /// Synchronous read, for tools that are not async (tests, the CLI's formatting).
    public func readSync<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try pool.read { db in try body(SQLiteAccess(db: db, store: self, writable: false)) }
    }

    /// Stops the background connections and closes the pool, on a thread of its own: closing
    /// waits for every reader to be given back, and must not hold one of Swift's cooperative
    /// threads meanwhile (two stores closing at once on a 2-core machine held both, and the
    /// readers they waited for could never be returned).
    public func close() async throws {
        let watcher = commitWatcher.withLock { $0 }, checkpointer = self.checkpointer, pool = self.pool
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                watcher?.stop()
                checkpointer.stop()
                continuation.resume(with: Result { try pool.close() })
            }
        }
    }

    /// Checkpoints the WAL into the main file (used by benchmarks and before copying the file).
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
