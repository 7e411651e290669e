import GRDB
import PaygentCore
import PaygentEVM

extension SQLiteAccess {
    static let sessionColumns = """
        id, user_id, name, wallet_address, config, status, spent_usd, held_usd, payment_count, created_at, \
        last_active, status_changed_by, status_reason
        """

    /// Decodes a session row; the config JSON (fixed at creation) is decoded once and cached.
    func session(_ row: Row) throws -> AgentSession {
        guard let status = SessionStatus(rawValue: row.string(5)) else { throw StoreDecodingError("bad session status") }
        let id = row.string(0)
        let configText = row.string(4)
        let config: SessionConfig
        if let cached = store.configCache.withLock({ $0[id] }), cached.text == configText {
            config = cached.config
        } else {
            config = try JSONCoding.decode(SessionConfig.self, configText)
            store.configCache.withLock { cache in
                if cache.count > 10_000 { cache.removeAll() }
                cache[id] = (configText, config)
            }
        }
        return AgentSession(
            id: id, userID: row.string(1), name: row.string(2), walletAddress: try row.optionalAddress(3),
            config: config, status: status, spentUSD: try row.usd(6),
            heldUSD: try row.usd(7), paymentCount: row.int(8), createdAt: row.timestamp(9), lastActive: row.timestamp(10),
            statusChangedBy: row.optionalString(11), statusReason: row.optionalString(12))
    }

    func session(id: String) throws -> AgentSession? {
        if let cached = cached({ $0.pendingSessions[id] ?? $0.sessions[id] }) { return cached }
        let found = try one("SELECT \(Self.sessionColumns) FROM agent_sessions WHERE id = ?", [id]).map(session)
        if let found { cache { WriterCache.put(found, id, in: &$0.sessions) } }
        return found
    }

    func sessions(_ query: SessionQuery) throws -> Page<AgentSession> {
        try flushPendingSessions()
        var filter = Filter()
        if let status = query.status { filter.add("status = ?", status.rawValue) }
        if let user = query.userID { filter.add("user_id = ?", user) }
        let total = try count("SELECT COUNT(*) FROM agent_sessions\(filter.sql)", filter.statementArguments)
        let rows = try all(
            "SELECT \(Self.sessionColumns) FROM agent_sessions\(filter.sql) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            filter.with(query.page.limit, query.page.offset))
        return Page(items: try rows.map(session), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func liveSessions() throws -> [AgentSession] {
        try flushPendingSessions()
        return try all(
            "SELECT \(Self.sessionColumns) FROM agent_sessions WHERE status IN ('running', 'paused', 'awaiting_approval') ORDER BY created_at DESC LIMIT 1000"
        ).map(session)
    }

    func sessionCounts() throws -> [SessionStatus: Int] {
        try flushPendingSessions()
        var result: [SessionStatus: Int] = [:]
        for row in try all("SELECT status, COUNT(*) FROM agent_sessions GROUP BY status") {
            if let status = SessionStatus(rawValue: row.string(0)) { result[status] = row.int(1) }
        }
        return result
    }

    func insertSession(_ s: AgentSession) throws {
        try run(
            "INSERT INTO agent_sessions (\(Self.sessionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [s.id, s.userID, s.name, s.walletAddress?.column, try JSONCoding.encode(s.config), s.status.rawValue,
             Column256.encode(s.spentUSD.micros), Column256.encode(s.heldUSD.micros), s.paymentCount,
             s.createdAt.milliseconds, s.lastActive.milliseconds, s.statusChangedBy, s.statusReason])
        cache { WriterCache.put(s, s.id, in: &$0.sessions) }
    }

    /// Updates the mutable columns (a session's config is fixed at creation). In a write batch the
    /// row is written once, before the batch commits (see ``WriterCache/pendingSessions``).
    func updateSession(_ s: AgentSession) throws {
        if writable {
            cache { cache in
                cache.pendingSessions[s.id] = s
                WriterCache.put(s, s.id, in: &cache.sessions)
            }
            return
        }
        try writeSessionRow(s)
    }

    /// Writes the session changes this batch has kept back (before a commit, and before any query
    /// that reads sessions with SQL).
    func flushPendingSessions() throws {
        guard writable, !store.writerCache.pendingSessions.isEmpty else { return }
        let pending = store.writerCache.pendingSessions.values.sorted { $0.id < $1.id }
        store.writerCache.pendingSessions = [:]
        for session in pending { try writeSessionRow(session) }
    }

    private func writeSessionRow(_ s: AgentSession) throws {
        try run(
            """
            UPDATE agent_sessions SET status = ?, spent_usd = ?, held_usd = ?, payment_count = ?, last_active = ?, \
            status_changed_by = ?, status_reason = ?, name = ? WHERE id = ?
            """,
            [s.status.rawValue, Column256.encode(s.spentUSD.micros), Column256.encode(s.heldUSD.micros), s.paymentCount,
             s.lastActive.milliseconds, s.statusChangedBy, s.statusReason, s.name, s.id])
    }

    // MARK: Services

    static let serviceColumns = """
        id, name, description, endpoint, category, pricing_model, price_amount, price_token, token_symbol, \
        token_decimals, price_usd, price_usd_micros, mcp_compatible, reputation_score, total_calls, successful_calls, \
        average_latency_ms, created_at, updated_at
        """

    static func service(_ row: Row) throws -> Service {
        Service(
            id: row.string(0), name: row.string(1), description: row.string(2), endpoint: row.string(3),
            category: row.string(4), pricingModel: PricingModel(rawValue: row.string(5)) ?? .perCall,
            priceAmount: try row.amount(6), priceToken: try row.address(7), tokenSymbol: row.string(8),
            tokenDecimals: row.int(9), priceUSD: try row.usd(10), mcpCompatible: row.bool(12),
            reputationScore: row.double(13), totalCalls: row.int(14), successfulCalls: row.int(15),
            averageLatencyMs: (row.optionalInt64(16)).map { Int($0) }, createdAt: row.timestamp(17),
            updatedAt: row.timestamp(18))
    }

    func serviceArguments(_ s: Service) -> [(any DatabaseValueConvertible)?] {
        [s.id, s.name, s.description, s.endpoint, s.category, s.pricingModel.rawValue, Column256.encode(s.priceAmount),
         s.priceToken.column, s.tokenSymbol, s.tokenDecimals, Column256.encode(s.priceUSD.micros),
         Column256.clampedInt64(s.priceUSD.micros), s.mcpCompatible, s.reputationScore, s.totalCalls, s.successfulCalls,
         s.averageLatencyMs, s.createdAt.milliseconds, s.updatedAt.milliseconds]
    }

    func service(id: String) throws -> Service? {
        if let cached = cached({ $0.services[id] }) { return cached }
        let found = try one("SELECT \(Self.serviceColumns) FROM services WHERE id = ?", [id]).map(Self.service)
        if let found { cache { $0.putService(found) } }
        return found
    }

    func service(endpoint: String) throws -> Service? {
        try one("SELECT \(Self.serviceColumns) FROM services WHERE endpoint = ?", [endpoint]).map(Self.service)
    }

    func serviceID(endpoints: [String]) throws -> String? {
        guard !endpoints.isEmpty else { return nil }
        // From the writer cache when every candidate is known there (the first that has a service wins).
        let known: String?? = cached { cache in
            for endpoint in endpoints {
                guard let entry = cache.serviceByEndpoint[endpoint] else { return nil }
                if let id = entry { return .some(id) }
            }
            return .some(nil)
        }
        if let known { return known }
        let found = try serviceIDs(endpoints: endpoints)
        cache { cache in
            if cache.serviceByEndpoint.count + endpoints.count > WriterCache.limit {
                cache.serviceByEndpoint.removeAll()
                cache.endpointByService.removeAll()
            }
            for endpoint in endpoints {
                let id = found[endpoint]
                cache.serviceByEndpoint[endpoint] = .some(id)
                if let id { cache.endpointByService[id] = endpoint }
            }
        }
        return endpoints.lazy.compactMap { found[$0] }.first
    }

    /// The services registered at any of `endpoints`, by endpoint.
    private func serviceIDs(endpoints: [String]) throws -> [String: String] {
        let placeholders = endpoints.map { _ in "?" }.joined(separator: ",")
        let rows = try all("SELECT id, endpoint FROM services WHERE endpoint IN (\(placeholders))",
                           StatementArguments(endpoints))
        return Dictionary(rows.map { ($0.string(1), $0.string(0)) }, uniquingKeysWith: { first, _ in first })
    }

    func services(_ query: ServiceQuery) throws -> Page<Service> {
        var filter = Filter()
        if let category = query.category { filter.add("category = ?", category) }
        if let min = query.minPriceUSD { filter.add("price_usd_micros >= ?", Column256.clampedInt64(min.micros)) }
        if let max = query.maxPriceUSD { filter.add("price_usd_micros <= ?", Column256.clampedInt64(max.micros)) }
        if let reputation = query.minReputation { filter.add("reputation_score >= ?", reputation) }
        if let mcp = query.mcpCompatible { filter.add("mcp_compatible = ?", mcp) }
        let total = try count("SELECT COUNT(*) FROM services\(filter.sql)", filter.statementArguments)
        // The page's ids come from a walk of the rank index (which carries every filtered column,
        // so no row is read until the page is known); then only those rows are read.
        let rows = try all(
            """
            SELECT \(Self.serviceColumns) FROM services WHERE id IN (
                SELECT id FROM services INDEXED BY idx_services_rank\(filter.sql)
                ORDER BY reputation_score DESC, name, id LIMIT ? OFFSET ?)
            ORDER BY reputation_score DESC, name, id
            """,
            filter.with(query.page.limit, query.page.offset))
        return Page(items: try rows.map(Self.service), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func insertService(_ service: Service) throws {
        try run("INSERT INTO services (\(Self.serviceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                StatementArguments(serviceArguments(service)))
        cache { $0.putService(service) }
    }

    func updateService(_ service: Service) throws {
        var arguments = serviceArguments(service)
        arguments.removeFirst()
        arguments.append(service.id)
        try run(
            """
            UPDATE services SET name = ?, description = ?, endpoint = ?, category = ?, pricing_model = ?, price_amount = ?, \
            price_token = ?, token_symbol = ?, token_decimals = ?, price_usd = ?, price_usd_micros = ?, mcp_compatible = ?, \
            reputation_score = ?, total_calls = ?, successful_calls = ?, average_latency_ms = ?, created_at = ?, \
            updated_at = ? WHERE id = ?
            """,
            StatementArguments(arguments))
        cache { $0.putService(service) }
    }

}
