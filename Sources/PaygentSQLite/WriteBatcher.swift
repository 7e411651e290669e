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
    private unowned let store: SQLiteStore

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
            runBatch(jobs, db)
        }
    }

    private func runBatch(_ jobs: [WriteJob], _ db: Database) {
        var errors = [(any Error)?](repeating: nil, count: jobs.count)
        var accesses = [SQLiteAccess?](repeating: nil, count: jobs.count)
        let store = self.store
        do {
            do {
                try db.inTransaction(.immediate) {
                    for (index, job) in jobs.enumerated() {
                        let access = SQLiteAccess(db: db, store: store, writable: true)
                        do {
                            if jobs.count == 1 {
                                try job.run(access)
                            } else {
                                try db.inSavepoint {
                                    try job.run(access)
                                    return .commit
                                }
                            }
                            accesses[index] = access
                        } catch {
                            access.undoWindowChanges()
                            errors[index] = error
                            if jobs.count == 1 { throw error }
                        }
                    }
                    return .commit
                }
                let events = accesses.flatMap { $0?.appendedEvents ?? [] }
                if !events.isEmpty { store.eventHub.publish(events) }
            }
        } catch {
            for access in accesses.reversed() { access?.undoWindowChanges() }
            for index in errors.indices where errors[index] == nil { errors[index] = error }
        }
        for (job, error) in zip(jobs, errors) { job.complete(error) }
    }
}
