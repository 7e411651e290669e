import Dispatch
import Logging
import NIOCore
import NIOPosix
import PaygentCore
import PostgresNIO
import Synchronization

/// The ``Store`` over PostgreSQL, for several `paygent serve` instances sharing one control plane.
///
/// - Writes: ``PostgresWriter`` — a dedicated thread with its own connection runs each body
///   synchronously, blocking on PostgresNIO's futures, inside a transaction whose first statement
///   takes the schema's transaction-level advisory lock. Writes of every instance on the database
///   therefore run one at a time, in commit order: the same contract as the SQLite store's single
///   writer, so every rule of the core (budgets, rolling windows, velocity, approvals, kill) holds
///   across instances unchanged. Rolling-window totals are exact `numeric` sums over the live
///   holds, read inside that serialised transaction.
/// - Reads: a `REPEATABLE READ READ ONLY` transaction on a connection of a `PostgresClient` pool,
///   run on a reader thread.
/// - Events: sequences are `MAX(seq) + 1` under the write lock (dense, in commit order); a write
///   publishes its own events after commit, and ``PostgresEventListener`` (LISTEN/NOTIFY) publishes
///   those of other instances.
/// - Schema: ``PostgresSchema`` migrations at open, under an advisory lock.
public final class PostgresStore: Store, Sendable {
    /// Where the store lives (no password in its description).
    public let url: PostgresDatabaseURL
    /// Live event fan-out.
    public let eventHub = EventHub()

    private let client: PostgresClient
    private let clientTask: Task<Void, Never>
    private let writer: PostgresWriter
    private let listener = Mutex<PostgresEventListener?>(nil)
    private let readers = DispatchQueue(label: "paygent.postgres.readers", attributes: .concurrent)
    private let logger: Logger
    private let closed = Atomic<Bool>(false)
    /// Longest wait for a pooled connection, and for each step of closing.
    static let leaseDeadline: Duration = .seconds(60)

    /// Connects to `url`, runs pending migrations (safe when several instances start at once) and
    /// starts listening for other instances' events. Fails within `connectTimeout` when the
    /// database cannot be reached.
    public static func open(_ url: PostgresDatabaseURL, maximumConnections: Int = 8,
                            connectTimeout: Duration = .seconds(10),
                            logger: Logger = PostgresStore.defaultLogger) async throws -> PostgresStore {
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        let store = PostgresStore(url: url, client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
        do {
            try await store.migrate(connectTimeout: connectTimeout)
        } catch {
            try? await store.close()
            throw error
        }
        store.startListening()
        return store
    }

    /// ``open(_:maximumConnections:connectTimeout:logger:)`` from URL text.
    public static func open(url text: String, logger: Logger = PostgresStore.defaultLogger) async throws -> PostgresStore {
        try await open(try PostgresDatabaseURL(text), logger: logger)
    }

    private init(url: PostgresDatabaseURL, client: PostgresClient, logger: Logger) {
        self.url = url
        self.client = client
        self.logger = logger
        clientTask = Task { await client.run() }
        writer = PostgresWriter(url: url, hub: eventHub, logger: logger)
    }

    /// PostgresNIO's warnings and errors only (its info level reports every failed connection attempt).
    public static var defaultLogger: Logger {
        var logger = Logger(label: "paygent.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// Migrates on a connection of its own: an unreachable database fails here, at once, with the
    /// reason (the pool would keep retrying).
    private func migrate(connectTimeout: Duration) async throws {
        var configuration = url.connectionConfiguration
        configuration.options.connectTimeout = .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000
                                                             + connectTimeout.components.attoseconds / 1_000_000_000)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            let wrapped = PostgresStoreError.wrap(error)
            throw PostgresStoreError.connection("\(url): \((wrapped as? PostgresStoreError)?.reason ?? "\(wrapped)")")
        }
        let logger = self.logger
        let schema = url.schema
        do {
            try await withDeadline(.seconds(120), what: "migrating \(url)") {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    self.readers.async {
                        continuation.resume(with: Result { try PostgresSchema.migrate(PGSession(connection: connection, logger: logger), schema: schema) })
                    }
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    private func startListening() {
        let listener = PostgresEventListener(url: url, hub: eventHub, logger: logger, latest: { [weak self] in
            try await self?.read { try $0.latestEventSeq() } ?? 0
        }) { [weak self] after in
            guard let self else { return EventPage(events: [], latestSeq: after, hasMore: false) }
            return try await self.read { try $0.events(EventQuery(after: after, limit: PostgresEventListener.pageSize)) }
        }
        self.listener.withLock { $0 = listener }
    }

    /// Runs `body` with a pooled connection on a reader thread (it blocks there).
    private func onConnection<T: Sendable>(_ body: @escaping @Sendable (PGSession) throws -> T) async throws -> T {
        guard !closed.load(ordering: .relaxed) else { throw PostgresStoreError.closed }
        let logger = self.logger
        let readers = self.readers
        let client = self.client
        do {
            // A lease that does not come within the deadline (the database is gone, every connection
            // is stuck) is an error, not a wait without end.
            return try await withDeadline(Self.leaseDeadline, what: "waiting for a pooled connection to \(url)") {
                try await client.withConnection { connection in
                    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                        readers.async {
                            continuation.resume(with: Result { try body(PGSession(connection: connection, logger: logger)) })
                        }
                    }
                }
            }
        } catch {
            throw PostgresStoreError.wrap(error)
        }
    }

    /// Runs `body` in the next write transaction (see ``PostgresWriter``); returns after its commit.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        guard !closed.load(ordering: .relaxed) else { throw PostgresStoreError.closed }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let box = PostgresResultBox<T>()
            writer.submit(PostgresWriteJob(
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

    /// Runs `body` against one snapshot (`REPEATABLE READ`, read only).
    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await onConnection { db in
            try db.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let value = try body(PostgresAccess(db: db))
                try db.run("COMMIT")
                return value
            } catch {
                _ = try? db.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Stops listening, lets the running write transaction finish, fails queued ones, and shuts the
    /// pool down. Each step waits at most ``leaseDeadline``: closing never hangs.
    public func close() async throws {
        guard !closed.exchange(true, ordering: .relaxed) else { return }
        if let listener = listener.withLock({ $0 }) {
            await Self.bounded(Task { await listener.stop() })
        }
        let writer = self.writer
        await Self.bounded(Task {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    writer.close()
                    continuation.resume()
                }
            }
        })
        clientTask.cancel()
        await Self.bounded(clientTask)
    }

    /// Waits for `task` to finish, at most ``leaseDeadline``.
    private static func bounded(_ task: Task<Void, Never>) async {
        let resumed = ResumeOnce()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Task { await task.value; if resumed.first() { continuation.resume() } }
            Task { try? await Task.sleep(for: leaseDeadline); if resumed.first() { continuation.resume() } }
        }
    }

    /// Drops every table of the store's schema (for tests' throwaway schemas only).
    public func dropSchema() async throws {
        let schema = url.schema
        precondition(schema != "public", "dropSchema is for throwaway test schemas")
        try await onConnection { db in try db.run("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
    }
}

/// True exactly once.
final class ResumeOnce: Sendable {
    private let done = Mutex(false)

    func first() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

final class PostgresResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// `body`, or a clear error when it takes longer than `limit`.
func withDeadline<T: Sendable>(_ limit: Duration, what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw PostgresStoreError.connection("\(what) took longer than \(limit)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
