import GRDB
import PaygentFoundation
import PaygentCore
import PaygentEVM

/// ``StoreReader`` and ``StoreTransaction`` over one GRDB connection, valid inside one
/// `read`/`write` closure of ``SQLiteStore``.
final class SQLiteAccess: StoreTransaction {
    let db: Database
    let store: SQLiteStore
    let writable: Bool
    /// Events appended in this transaction, published after commit.
    var appendedEvents: [PaygentEvent] = []
    /// Inverse operations on the rolling windows, applied in reverse on rollback.
    var windowUndo: [WindowChange] = []

    enum WindowChange {
        case added(Hold)
        case removed(Hold)
        case attempted(Hold)
    }

    init(db: Database, store: SQLiteStore, writable: Bool) {
        self.db = db
        self.store = store
        self.writable = writable
    }

    func undoWindowChanges() {
        guard !windowUndo.isEmpty else { return }
        let changes = windowUndo
        windowUndo = []
        store.windows.withLock { windows in
            for change in changes.reversed() {
                switch change {
                case .added(let hold): windows.remove(holdID: hold.id)
                case .removed(let hold): windows.add(hold)
                case .attempted(let hold): windows.removeAttempt(hold)
                }
            }
        }
    }

    // MARK: Helpers

    func one(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    func all(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func count(_ sql: String, _ arguments: StatementArguments) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0
    }

    /// A WHERE clause under construction.
    struct Filter {
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []

        mutating func add(_ clause: String, _ values: (any DatabaseValueConvertible)?...) {
            clauses.append(clause)
            arguments.append(contentsOf: values)
        }

        var sql: String { clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ") }
        var statementArguments: StatementArguments { StatementArguments(arguments) }

        func with(_ values: (any DatabaseValueConvertible)?...) -> StatementArguments {
            StatementArguments(arguments + values)
        }
    }

    // MARK: Settings

    /// Runs `body` on the writer cache, or returns nil outside a write batch.
    func cached<T>(_ body: (inout WriterCache) -> T?) -> T? {
        guard writable else { return nil }
        return body(&store.writerCache)
    }

    /// Updates the writer cache (nothing outside a write batch).
    func cache(_ body: (inout WriterCache) -> Void) {
        guard writable else { return }
        body(&store.writerCache)
    }

    func policySettings() throws -> PolicySettings {
        if let cached = cached({ $0.policy }) { return cached }
        let value = try readPolicySettings()
        cache { $0.policy = value }
        return value
    }

    private func readPolicySettings() throws -> PolicySettings {
        let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE key = 'policy'"))
        guard let text else { return PolicySettings() }
        if let cached = store.cache.withLock({ $0.policyText == text ? $0.policy : nil }) { return cached }
        let value = try JSONCoding.decode(PolicySettings.self, text)
        store.cache.withLock { $0.policyText = text; $0.policy = value }
        return value
    }

    func controlState() throws -> ControlState {
        if let cached = cached({ $0.control }) { return cached }
        let value = try readControlState()
        cache { $0.control = value }
        return value
    }

    private func readControlState() throws -> ControlState {
        let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM settings WHERE key = 'control'"))
        guard let text else { return ControlState() }
        if let cached = store.cache.withLock({ $0.controlText == text ? $0.control : nil }) { return cached }
        let value = try JSONCoding.decode(ControlState.self, text)
        store.cache.withLock { $0.controlText = text; $0.control = value }
        return value
    }

    func setPolicySettings(_ settings: PolicySettings) throws {
        try run("INSERT OR REPLACE INTO settings (key, value) VALUES ('policy', ?)", [try JSONCoding.encode(settings)])
        cache { $0.policy = nil }
    }

    func setControlState(_ state: ControlState) throws {
        try run("INSERT OR REPLACE INTO settings (key, value) VALUES ('control', ?)", [try JSONCoding.encode(state)])
        cache { $0.control = nil }
    }

    // MARK: Events

    func appendEvent(_ event: NewEvent, at time: Timestamp) throws -> PaygentEvent {
        try run(
            "INSERT INTO events (type, session_id, subject_id, actor, data, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [event.type.rawValue, event.sessionID, event.subjectID, event.actor, event.data.jsonText, time.milliseconds])
        let appended = PaygentEvent(
            seq: db.lastInsertedRowID, type: event.type, sessionID: event.sessionID, subjectID: event.subjectID,
            actor: event.actor, data: event.data, timestamp: time)
        appendedEvents.append(appended)
        return appended
    }

    static let eventColumns = "seq, type, session_id, subject_id, actor, data, created_at"

    static func event(_ row: Row) throws -> PaygentEvent {
        PaygentEvent(seq: row.int64(0), type: EventType(row.string(1)), sessionID: row.optionalString(2),
                     subjectID: row.optionalString(3), actor: row.string(4), data: try row.json(5),
                     timestamp: row.timestamp(6))
    }

    func events(_ query: EventQuery) throws -> EventPage {
        var filter = Filter()
        if let after = query.after { filter.add("seq > ?", after) }
        if let before = query.before { filter.add("seq < ?", before) }
        if let session = query.sessionID { filter.add("session_id = ?", session) }
        if !query.types.isEmpty {
            filter.clauses.append("type IN (" + query.types.map { _ in "?" }.joined(separator: ",") + ")")
            filter.arguments.append(contentsOf: query.types.map { $0.rawValue })
        }
        let backwards = query.before != nil
        let order = backwards ? "DESC" : "ASC"
        var rows = try all(
            "SELECT \(Self.eventColumns) FROM events\(filter.sql) ORDER BY seq \(order) LIMIT ?",
            filter.with(query.limit + 1))
        let hasMore = rows.count > query.limit
        if hasMore { rows.removeLast() }
        var events = try rows.map(Self.event)
        if backwards { events.reverse() }
        return EventPage(events: events, latestSeq: try latestEventSeq(), hasMore: hasMore)
    }

    func latestEventSeq() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM events")) ?? 0
    }
}
