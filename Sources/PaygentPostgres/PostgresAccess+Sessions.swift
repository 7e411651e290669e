import PaygentCore
import PaygentEVM
import PaygentFoundation

extension PostgresAccess {
    static let sessionColumns = """
        id, user_id, name, wallet_address, config, status, spent_usd, held_usd, payment_count, created_at, \
        last_active, status_changed_by, status_reason
        """

    static func session(_ row: PGRow) throws -> AgentSession {
        guard let status = SessionStatus(rawValue: try row.string(5)) else { throw PostgresStoreError.decoding("bad session status") }
        return AgentSession(
            id: try row.string(0), userID: try row.string(1), name: try row.string(2), walletAddress: try row.optionalAddress(3),
            config: try PostgresJSON.decode(SessionConfig.self, try row.string(4)), status: status, spentUSD: try row.usd(6),
            heldUSD: try row.usd(7), paymentCount: try row.int(8), createdAt: try row.timestamp(9), lastActive: try row.timestamp(10),
            statusChangedBy: row.optionalString(11), statusReason: row.optionalString(12))
    }

    func session(id: String) throws -> AgentSession? {
        try db.one("SELECT \(Self.sessionColumns) FROM agent_sessions WHERE id = ?", [.text(id)]).map(Self.session)
    }

    func sessions(_ query: SessionQuery) throws -> Page<AgentSession> {
        var filter = Filter()
        if let status = query.status { filter.add("status = ?", .text(status.rawValue)) }
        if let user = query.userID { filter.add("user_id = ?", .text(user)) }
        let total = try db.count("SELECT COUNT(*) FROM agent_sessions\(filter.sql)", filter.values)
        let rows = try db.rows(
            "SELECT \(Self.sessionColumns) FROM agent_sessions\(filter.sql) ORDER BY created_at DESC, ord DESC LIMIT ? OFFSET ?",
            filter.with(.int(query.page.limit), .int(query.page.offset)))
        return Page(items: try rows.map(Self.session), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func liveSessions() throws -> [AgentSession] {
        try db.rows(
            """
            SELECT \(Self.sessionColumns) FROM agent_sessions WHERE status IN ('running', 'paused', 'awaiting_approval') \
            ORDER BY created_at DESC, ord DESC LIMIT 1000
            """).map(Self.session)
    }

    func sessionCounts() throws -> [SessionStatus: Int] {
        var result: [SessionStatus: Int] = [:]
        for row in try db.rows("SELECT status, COUNT(*) FROM agent_sessions GROUP BY status") {
            if let status = SessionStatus(rawValue: try row.string(0)) { result[status] = try row.int(1) }
        }
        return result
    }

    func insertSession(_ s: AgentSession) throws {
        try db.run(
            "INSERT INTO agent_sessions (\(Self.sessionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(s.id), .text(s.userID), .text(s.name), .optionalAddress(s.walletAddress), .text(try PostgresJSON.encode(s.config)),
             .text(s.status.rawValue), .usd(s.spentUSD), .usd(s.heldUSD), .int(s.paymentCount), .time(s.createdAt),
             .time(s.lastActive), .optional(s.statusChangedBy), .optional(s.statusReason)])
    }

    /// Updates the mutable columns (a session's config is fixed at creation).
    func updateSession(_ s: AgentSession) throws {
        try db.run(
            """
            UPDATE agent_sessions SET status = ?, spent_usd = ?, held_usd = ?, payment_count = ?, last_active = ?, \
            status_changed_by = ?, status_reason = ?, name = ? WHERE id = ?
            """,
            [.text(s.status.rawValue), .usd(s.spentUSD), .usd(s.heldUSD), .int(s.paymentCount), .time(s.lastActive),
             .optional(s.statusChangedBy), .optional(s.statusReason), .text(s.name), .text(s.id)])
    }

    // MARK: Services

    static let serviceColumns = """
        id, name, description, endpoint, category, pricing_model, price_amount, price_token, token_symbol, \
        token_decimals, price_usd, mcp_compatible, reputation_score, total_calls, successful_calls, \
        average_latency_ms, created_at, updated_at
        """

    static func service(_ row: PGRow) throws -> Service {
        Service(
            id: try row.string(0), name: try row.string(1), description: try row.string(2), endpoint: try row.string(3),
            category: try row.string(4), pricingModel: PricingModel(rawValue: try row.string(5)) ?? .perCall,
            priceAmount: try row.amount(6), priceToken: try row.address(7), tokenSymbol: try row.string(8),
            tokenDecimals: try row.int(9), priceUSD: try row.usd(10), mcpCompatible: try row.bool(11),
            reputationScore: try row.double(12), totalCalls: try row.int(13), successfulCalls: try row.int(14),
            averageLatencyMs: try row.optionalInt64(15).map { Int($0) }, createdAt: try row.timestamp(16),
            updatedAt: try row.timestamp(17))
    }

    func serviceValues(_ s: Service) -> [PGValue] {
        [.text(s.id), .text(s.name), .text(s.description), .text(s.endpoint), .text(s.category), .text(s.pricingModel.rawValue),
         .numeric(s.priceAmount), .address(s.priceToken), .text(s.tokenSymbol), .int(s.tokenDecimals), .usd(s.priceUSD),
         .bool(s.mcpCompatible), .double(s.reputationScore), .int(s.totalCalls), .int(s.successfulCalls),
         .optional(s.averageLatencyMs.map(Int64.init)), .time(s.createdAt), .time(s.updatedAt)]
    }

    func service(id: String) throws -> Service? {
        try db.one("SELECT \(Self.serviceColumns) FROM services WHERE id = ?", [.text(id)]).map(Self.service)
    }

    func service(endpoint: String) throws -> Service? {
        try db.one("SELECT \(Self.serviceColumns) FROM services WHERE endpoint = ?", [.text(endpoint)]).map(Self.service)
    }

    func serviceID(endpoints: [String]) throws -> String? {
        guard !endpoints.isEmpty else { return nil }
        let placeholders = endpoints.map { _ in "?" }.joined(separator: ",")
        let rows = try db.rows("SELECT id, endpoint FROM services WHERE endpoint IN (\(placeholders))", endpoints.map(PGValue.text))
        var found: [String: String] = [:]
        for row in rows { found[try row.string(1)] = try row.string(0) }
        return endpoints.lazy.compactMap { found[$0] }.first
    }

    func services(_ query: ServiceQuery) throws -> Page<Service> {
        var filter = Filter()
        if let category = query.category { filter.add("category = ?", .text(category)) }
        if let min = query.minPriceUSD { filter.add("price_usd >= ?", .usd(min)) }
        if let max = query.maxPriceUSD { filter.add("price_usd <= ?", .usd(max)) }
        if let reputation = query.minReputation { filter.add("reputation_score >= ?", .double(reputation)) }
        if let mcp = query.mcpCompatible { filter.add("mcp_compatible = ?", .bool(mcp)) }
        let total = try db.count("SELECT COUNT(*) FROM services\(filter.sql)", filter.values)
        let rows = try db.rows(
            "SELECT \(Self.serviceColumns) FROM services\(filter.sql) ORDER BY reputation_score DESC, name, id LIMIT ? OFFSET ?",
            filter.with(.int(query.page.limit), .int(query.page.offset)))
        return Page(items: try rows.map(Self.service), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func insertService(_ service: Service) throws {
        try db.run("INSERT INTO services (\(Self.serviceColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   serviceValues(service))
    }

    func updateService(_ service: Service) throws {
        var values = serviceValues(service)
        values.removeFirst()
        values.append(.text(service.id))
        try db.run(
            """
            UPDATE services SET name = ?, description = ?, endpoint = ?, category = ?, pricing_model = ?, price_amount = ?, \
            price_token = ?, token_symbol = ?, token_decimals = ?, price_usd = ?, mcp_compatible = ?, \
            reputation_score = ?, total_calls = ?, successful_calls = ?, average_latency_ms = ?, created_at = ?, \
            updated_at = ? WHERE id = ?
            """, values)
    }
}
