import Dispatch
import GRDB
import PaygentCore
import Synchronization

/// One queued write: its body and how to report the outcome.
final class WriteJob: @unchecked Sendable {
    let run: (SQLiteAccess) throws -> Void
    let complete: (_ error: (any Error)?) -> Void

    init(run: @escaping (SQLiteAccess) throws -> Void, complete: @escaping ((any Error)?) -> Void) {
        self.run = run
        self.complete = complete
    }
}

final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// Group commit for the one serialized write path.
///
/// Writes that arrive while another batch is running are queued and then executed one after
/// another inside a single `BEGIN IMMEDIATE` transaction, each in its own savepoint: a body that
/// throws is rolled back alone (rows and rolling-window bookkeeping), the others commit together.
/// Each caller is answered only after the commit, so nothing is reported before it is durable,
/// and bodies still run strictly one at a time, each seeing the effects of the ones before it —
/// the same isolation as one transaction per write, with one commit (and one thread hop) per
/// batch instead of per write. Committed events are published before the next batch starts.
final class WriteBatcher: Sendable {
    /// Most writes in one transaction.
    static let maximumBatch = 256

    private struct State {
        var jobs: [WriteJob] = []
        var draining = false
    }

    private let state = Mutex(State())
    private let counters = Mutex(WriteStatistics())
    private unowned let store: SQLiteStore

    /// Batches, writes and writer busy time so far.
    var statistics: WriteStatistics { counters.withLock { $0 } }

    /// Counts a batch that found another connection's commit.
    func countOtherWriter() { counters.withLock { $0.otherWriters += 1 } }

    init(store: SQLiteStore) { self.store = store }

    func submit(_ job: WriteJob) {
        let start = state.withLock { state -> Bool in
            state.jobs.append(job)
            if state.draining { return false }
            state.draining = true
            return true
        }
        if start { store.pool.asyncWriteWithoutTransaction { db in self.drain(db) } }
    }

    private func drain(_ db: Database) {
        while true {
            let jobs = state.withLock { state -> [WriteJob] in
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
            let start = DispatchTime.now().uptimeNanoseconds
            runBatch(jobs, db)
            let busy = DispatchTime.now().uptimeNanoseconds - start
            counters.withLock { counters in
                counters.batches += 1
                counters.writes += jobs.count
                counters.busyNanoseconds += busy
            }
        }
    }

    /// Runs `body` in a savepoint with cached statements (GRDB's `inSavepoint` prepares its
    /// statements anew each time, which costs more than a small write itself).
    private static func inSavepoint(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: "SAVEPOINT job").execute()
        do {
            try body()
        } catch {
            try db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT job").execute()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT job").execute()
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT job").execute()
    }

    private func runBatch(_ jobs: [WriteJob], _ db: Database) {
        var errors = [(any Error)?](repeating: nil, count: jobs.count)
        var accesses = [SQLiteAccess?](repeating: nil, count: jobs.count)
        let store = self.store
        do {
            do {
                try db.inTransaction(.immediate) {
                    try store.noticeOtherWriters(db)
                    for (index, job) in jobs.enumerated() {
                        let access = SQLiteAccess(db: db, store: store, writable: true)
                        let pendingBefore = store.writerCache.pendingSessions
                        do {
                            if jobs.count == 1 {
                                try job.run(access)
                            } else {
                                try Self.inSavepoint(db) { try job.run(access) }
                            }
                            accesses[index] = access
                        } catch {
                            access.undoWindowChanges()
                            store.writerCache.clear(keepingPending: pendingBefore)
                            errors[index] = error
                            if jobs.count == 1 { throw error }
                        }
                    }
                    try SQLiteAccess(db: db, store: store, writable: true).flushPendingSessions()
                    return .commit
                }
                let events = accesses.flatMap { $0?.appendedEvents ?? [] }
                if !events.isEmpty { store.eventHub.publish(events) }
            }
        } catch {
            for access in accesses.reversed() { access?.undoWindowChanges() }
            store.writerCache.clear()
            for index in errors.indices where errors[index] == nil { errors[index] = error }
        }
        for (job, error) in zip(jobs, errors) { job.complete(error) }
    }
}

/// What the serialized write path has done since the store opened (for benchmarks).
public struct WriteStatistics: Sendable {
    /// Transactions committed (or rolled back).
    public var batches = 0
    /// Write bodies run.
    public var writes = 0
    /// Time the writer spent running batches, including commits.
    public var busyNanoseconds: UInt64 = 0
    /// Batches that found another connection's commit first (and reloaded the rolling windows).
    public var otherWriters = 0
}
