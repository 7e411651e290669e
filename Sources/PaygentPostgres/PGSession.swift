import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One connection driven synchronously: every statement blocks the calling thread on its
/// PostgresNIO future. Only ever used from a thread that is neither a Swift concurrency thread nor
/// one of NIO's event loops (the store's writer thread and reader threads).
struct PGSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Rows of `sql`, whose parameters are written `?` (numbered `$1…` here).
    @discardableResult
    func rows(_ sql: String, _ values: [PGValue] = []) throws -> [PGRow] {
        try execute(sql, values).rows.map(PGRow.init)
    }

    /// The first row, if any.
    func one(_ sql: String, _ values: [PGValue] = []) throws -> PGRow? {
        try rows(sql, values).first
    }

    /// Runs `sql`; returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [PGValue] = []) throws -> Int {
        try execute(sql, values).metadata.rows ?? 0
    }

    /// A `SELECT COUNT(*)`-like single integer.
    func count(_ sql: String, _ values: [PGValue] = []) throws -> Int {
        guard let row = try one(sql, values) else { return 0 }
        return Int(try row.optionalInt64(0) ?? 0)
    }

    private func execute(_ sql: String, _ values: [PGValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { try binds.append(value) }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds), logger: logger).wait()
        } catch {
            throw PostgresStoreError.wrap(error)
        }
    }

    private static let numberedCache = Mutex([String: String]())

    /// `sql` with each `?` outside quotes replaced by `$1`, `$2`, …
    static func numbered(_ sql: String) -> String {
        if let cached = numberedCache.withLock({ $0[sql] }) { return cached }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?" && !quoted {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        numberedCache.withLock { cache in
            if cache.count > 4096 { cache.removeAll() }
            cache[sql] = result
        }
        return result
    }
}
