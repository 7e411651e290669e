import Foundation
import PaygentCore
import PaygentEVM
import PaygentFoundation

/// ``StoreReader`` and ``StoreTransaction`` over one connection, valid inside one `read`/`write`
/// body of ``PostgresStore``. Nothing is cached across transactions: another instance may have
/// written in between, and every write transaction holds the write lock from its first statement.
final class PostgresAccess: StoreTransaction {
    let db: PGSession
    /// Events appended in this transaction, published after commit.
    var appendedEvents: [PaygentEvent] = []

    init(db: PGSession) { self.db = db }

    /// A WHERE clause under construction.
    struct Filter {
        var clauses: [String] = []
        var values: [PGValue] = []

        mutating func add(_ clause: String, _ arguments: PGValue...) {
            clauses.append(clause)
            values.append(contentsOf: arguments)
        }

        var sql: String { clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ") }

        func with(_ arguments: PGValue...) -> [PGValue] { values + arguments }
    }

    // MARK: Settings

    func policySettings() throws -> PolicySettings {
        guard let row = try db.one("SELECT value FROM settings WHERE key = 'policy'") else { return PolicySettings() }
        return try PostgresJSON.decode(PolicySettings.self, try row.string(0))
    }

    func controlState() throws -> ControlState {
        guard let row = try db.one("SELECT value FROM settings WHERE key = 'control'") else { return ControlState() }
        return try PostgresJSON.decode(ControlState.self, try row.string(0))
    }

    func setPolicySettings(_ settings: PolicySettings) throws {
        try db.run("INSERT INTO settings (key, value) VALUES ('policy', ?) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                   [.text(try PostgresJSON.encode(settings))])
    }

    func setControlState(_ state: ControlState) throws {
        try db.run("INSERT INTO settings (key, value) VALUES ('control', ?) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                   [.text(try PostgresJSON.encode(state))])
    }

    // MARK: Events

    /// The next sequence number is `MAX(seq) + 1`, taken under the write lock every write
    /// transaction holds: dense, and assigned in commit order across instances.
    func appendEvent(_ event: NewEvent, at time: Timestamp) throws -> PaygentEvent {
        guard let row = try db.one(
            """
            INSERT INTO events (seq, type, session_id, subject_id, actor, data, created_at) \
            SELECT COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM events RETURNING seq
            """,
            [.text(event.type.rawValue), .optional(event.sessionID), .optional(event.subjectID), .text(event.actor),
             .text(event.data.jsonText), .time(time)])
        else { throw PostgresStoreError.decoding("INSERT … RETURNING seq returned no row") }
        let appended = PaygentEvent(
            seq: try row.int64(0), type: event.type, sessionID: event.sessionID, subjectID: event.subjectID,
            actor: event.actor, data: event.data, timestamp: time)
        appendedEvents.append(appended)
        return appended
    }

    static let eventColumns = "seq, type, session_id, subject_id, actor, data, created_at"

    static func event(_ row: PGRow) throws -> PaygentEvent {
        PaygentEvent(seq: try row.int64(0), type: EventType(try row.string(1)), sessionID: row.optionalString(2),
                     subjectID: row.optionalString(3), actor: try row.string(4), data: try row.json(5),
                     timestamp: try row.timestamp(6))
    }

    func events(_ query: EventQuery) throws -> EventPage {
        var filter = Filter()
        if let after = query.after { filter.add("seq > ?", .int(after)) }
        if let before = query.before { filter.add("seq < ?", .int(before)) }
        if let session = query.sessionID { filter.add("session_id = ?", .text(session)) }
        if !query.types.isEmpty {
            filter.clauses.append("type IN (" + query.types.map { _ in "?" }.joined(separator: ",") + ")")
            filter.values.append(contentsOf: query.types.map { .text($0.rawValue) })
        }
        let backwards = query.before != nil
        let order = backwards ? "DESC" : "ASC"
        var rows = try db.rows(
            "SELECT \(Self.eventColumns) FROM events\(filter.sql) ORDER BY seq \(order) LIMIT ?",
            filter.with(.int(query.limit + 1)))
        let hasMore = rows.count > query.limit
        if hasMore { rows.removeLast() }
        var events = try rows.map(Self.event)
        if backwards { events.reverse() }
        return EventPage(events: events, latestSeq: try latestEventSeq(), hasMore: hasMore)
    }

    func latestEventSeq() throws -> Int64 {
        try db.one("SELECT MAX(seq) FROM events")?.optionalInt64(0) ?? 0
    }

    // MARK: Idempotency keys

    func idempotencyRecord(scope: String, key: String) throws -> IdempotencyRecord? {
        guard let row = try db.one(
            "SELECT fingerprint, status, content_type, body, created_at, claimed_until FROM idempotency_keys WHERE scope = ? AND key = ?",
            [.text(scope), .text(key)]) else { return nil }
        return IdempotencyRecord(scope: scope, key: key, fingerprint: try row.string(0), status: try row.optionalInt64(1).map(Int.init),
                                 contentType: try row.string(2), body: row.optionalBytes(3) ?? [], createdAt: try row.timestamp(4),
                                 claimedUntil: try row.timestamp(5))
    }

    func putIdempotencyRecord(_ r: IdempotencyRecord) throws {
        try db.run("""
            INSERT INTO idempotency_keys (scope, key, fingerprint, status, content_type, body, created_at, claimed_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (scope, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status,
                content_type = EXCLUDED.content_type, body = EXCLUDED.body, created_at = EXCLUDED.created_at,
                claimed_until = EXCLUDED.claimed_until
            """, [.text(r.scope), .text(r.key), .text(r.fingerprint), .optional(r.status.map(Int64.init)), .text(r.contentType),
                  .bytes(r.body), .time(r.createdAt), .time(r.claimedUntil)])
    }

    func deleteIdempotencyRecord(scope: String, key: String) throws {
        try db.run("DELETE FROM idempotency_keys WHERE scope = ? AND key = ?", [.text(scope), .text(key)])
    }
}

/// Settings and session configs as JSON text (sorted keys: the same text for the same value).
enum PostgresJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
