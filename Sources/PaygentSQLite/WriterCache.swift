import PaygentCore

/// Rows the writer connection has written or read, so the payment path does not read back what
/// it has just written (a capture reads the hold, payment and session its authorisation wrote).
///
/// Only write batches use it — readers must see committed data, and nothing here is committed
/// until its batch is. It stays exact because every change to these tables goes through
/// ``SQLiteAccess``'s insert/update methods, which write through it, and it is emptied whenever
/// it could be wrong: when a write body fails (its savepoint rolled back what it had cached),
/// when a batch's transaction fails, and when `PRAGMA data_version` shows that another connection
/// (another process, the CLI) committed since the last batch.
struct WriterCache {
    /// Most entries kept per kind; a full map is emptied rather than evicted piecemeal.
    static let limit = 8192

    var dataVersion: Int64?
    var policy: PolicySettings?
    var control: ControlState?
    var sessions: [String: AgentSession] = [:]
    /// Session rows changed in this batch and not yet written: a batch writes each changed
    /// session once, just before it commits, however many of its payments touched it.
    var pendingSessions: [String: AgentSession] = [:]
    var services: [String: Service] = [:]
    var holds: [String: Hold] = [:]
    var payments: [String: Payment] = [:]
    /// Endpoint → service id, or nil when no service has that endpoint.
    var serviceByEndpoint: [String: String?] = [:]
    /// Service id → the endpoint it is cached under in ``serviceByEndpoint``.
    var endpointByService: [String: String] = [:]

    /// Forgets every row (the data version is kept), pending session changes included: for a
    /// transaction that rolled back as a whole.
    mutating func clear() {
        self = WriterCache(dataVersion: dataVersion)
    }

    /// Forgets every row but keeps `pending` — the session changes of the batch's earlier writes,
    /// which still commit when one write fails alone.
    mutating func clear(keepingPending pending: [String: AgentSession]) {
        self = WriterCache(dataVersion: dataVersion)
        pendingSessions = pending
        sessions = pending
    }

    static func put<Value>(_ value: Value, _ key: String, in map: inout [String: Value]) {
        if map.count >= limit, map[key] == nil { map.removeAll(keepingCapacity: true) }
        map[key] = value
    }

    /// Records `service` and the endpoint it now answers at (dropping the one it had).
    mutating func putService(_ service: Service) {
        Self.put(service, service.id, in: &services)
        if let old = endpointByService[service.id], old != service.endpoint { serviceByEndpoint[old] = nil }
        if serviceByEndpoint.count >= Self.limit { serviceByEndpoint.removeAll(); endpointByService.removeAll() }
        serviceByEndpoint[service.endpoint] = .some(service.id)
        endpointByService[service.id] = service.endpoint
    }
}

private extension WriterCache {
    init(dataVersion: Int64?) {
        self.init()
        self.dataVersion = dataVersion
    }
}
