import Dispatch
import Logging
import NIOCore
import NIOPosix
import PaygentCore
import PostgresNIO
import Synchronization

/// One queued write: its body and how to report the outcome.
final class PostgresWriteJob: @unchecked Sendable {
    let run: (PostgresAccess) throws -> Void
    let complete: (_ error: (any Error)?) -> Void

    init(run: @escaping (PostgresAccess) throws -> Void, complete: @escaping ((any Error)?) -> Void) {
        self.run = run
        self.complete = complete
    }
}

/// The write path of one ``PostgresStore``: a dedicated thread (a serial dispatch queue, outside the
/// cooperative pool and NIO's event loops) with its own connection, blocking on PostgresNIO's
/// futures.
///
/// Writes queued while a transaction runs go into the next one together, each in its own savepoint
/// (a body that throws is rolled back alone), as the SQLite store's `WriteBatcher` does. Every
/// transaction's first statement takes the schema's transaction-level advisory lock, so
/// transactions of all instances on the database run one at a time, in commit order; the lock is
/// released by the commit. Callers are answered after the commit; the appended events are then
/// published, and a `pg_notify` (delivered at commit) wakes the other instances.
final class PostgresWriter: Sendable {
    /// Most writes in one transaction.
    static let maximumBatch = 128
    /// Runs of a transaction that failed with a serialisation failure or deadlock.
    static let maximumAttempts = 5

    private struct State {
        var jobs: [PostgresWriteJob] = []
        var draining = false
        var closed = false
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "paygent.postgres.writer")
    private let connection = Mutex<PostgresConnection?>(nil)
    private let nextConnectionID = Atomic<Int>(1)
    private let url: PostgresDatabaseURL
    private let logger: Logger
    private let hub: EventHub
    private let lockKey: Int64
    let channel: String

    init(url: PostgresDatabaseURL, hub: EventHub, logger: Logger) {
        self.url = url
        self.hub = hub
        self.logger = logger
        lockKey = LockKeys.write(schema: url.schema)
        channel = PostgresEventListener.channel(schema: url.schema)
    }

    func submit(_ job: PostgresWriteJob) {
        let start = state.withLock { state -> Bool? in
            if state.closed { return nil }
            state.jobs.append(job)
            if state.draining { return false }
            state.draining = true
            return true
        }
        guard let start else { return job.complete(PostgresStoreError.closed) }
        if start { queue.async { self.drain() } }
    }

    /// Fails queued writes from now on and closes the connection once the running batch is done.
    func close() {
        let pending = state.withLock { state -> [PostgresWriteJob] in
            state.closed = true
            defer { state.jobs = [] }
            return state.jobs
        }
        for job in pending { job.complete(PostgresStoreError.closed) }
        queue.sync {
            if let connection = connection.withLock({ $0 }) { try? connection.close().wait() }
            connection.withLock { $0 = nil }
        }
    }

    private func drain() {
        while true {
            let jobs = state.withLock { state -> [PostgresWriteJob] in
                guard !state.jobs.isEmpty else {
                    state.draining = false
                    return []
                }
                let count = min(state.jobs.count, Self.maximumBatch)
                let batch = Array(state.jobs.prefix(count))
                state.jobs.removeFirst(count)
                return batch
            }
            if jobs.isEmpty { return }
            runBatch(jobs)
        }
    }

    /// The writer's connection, (re)connected when there is none or it closed.
    private func session() throws -> PGSession {
        if let existing = connection.withLock({ $0 }), !existing.isClosed {
            return PGSession(connection: existing, logger: logger)
        }
        let id = nextConnectionID.wrappingAdd(1, ordering: .relaxed).oldValue
        do {
            let fresh = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: url.connectionConfiguration, id: id, logger: logger
            ).wait()
            connection.withLock { $0 = fresh }
            return PGSession(connection: fresh, logger: logger)
        } catch {
            let wrapped = PostgresStoreError.wrap(error)
            throw PostgresStoreError.connection("\(url): \((wrapped as? PostgresStoreError)?.reason ?? "\(wrapped)")")
        }
    }

    private func runBatch(_ jobs: [PostgresWriteJob]) {
        var errors = [(any Error)?](repeating: nil, count: jobs.count)
        var events: [PaygentEvent] = []
        var attempt = 0
        while true {
            attempt += 1
            errors = [(any Error)?](repeating: nil, count: jobs.count)
            events = []
            do {
                let db = try session()
                try db.run("BEGIN")
                do {
                    try db.run("SELECT pg_advisory_xact_lock(?)", [.int(lockKey)])
                    for (index, job) in jobs.enumerated() {
                        let access = PostgresAccess(db: db)
                        if jobs.count == 1 {
                            try job.run(access)
                        } else {
                            try db.run("SAVEPOINT job")
                            do {
                                try job.run(access)
                                try db.run("RELEASE SAVEPOINT job")
                            } catch let error where !Self.abortsBatch(error) {
                                try db.run("ROLLBACK TO SAVEPOINT job")
                                try db.run("RELEASE SAVEPOINT job")
                                errors[index] = error
                                continue
                            }
                        }
                        events += access.appendedEvents
                    }
                    if let last = events.last {
                        try db.run("SELECT pg_notify(?, ?)", [.text(channel), .text(String(last.seq))])
                    }
                    try db.run("COMMIT")
                } catch {
                    _ = try? db.run("ROLLBACK")
                    throw error
                }
                break
            } catch {
                let wrapped = PostgresStoreError.wrap(error)
                if let store = wrapped as? PostgresStoreError, store.isRetryable, attempt < Self.maximumAttempts { continue }
                // Nothing of this transaction committed: every body not already failed fails with it.
                for index in errors.indices where errors[index] == nil { errors[index] = wrapped }
                events = []
                break
            }
        }
        if !events.isEmpty { hub.publish(events) }
        for (job, error) in zip(jobs, errors) { job.complete(error) }
    }

    /// Errors after which the transaction cannot go on (the connection is gone, or a retry of the
    /// whole transaction is due), as opposed to one body's own failure.
    private static func abortsBatch(_ error: any Error) -> Bool {
        switch PostgresStoreError.wrap(error) {
        case let store as PostgresStoreError:
            switch store {
            case .connection, .closed: return true
            case .server: return store.isRetryable
            case .decoding, .newerSchema: return false
            }
        default:
            return false
        }
    }
}
