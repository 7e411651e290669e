import PaygentCore

/// A query struct of ``PaygentAPI`` in its URL form: read from ``QueryItems`` (every bad value
/// is a `PaygentError.invalid` naming its parameter) and written back to them, so the server
/// and a remote client agree on one spelling.
public protocol WireQuery: Sendable {
    /// Reads the query from a request's parameters.
    init(query: QueryItems) throws(PaygentError)
    /// The parameters that read back as this query (defaults left out).
    var queryItems: QueryItems { get }
}

extension PageRequest {
    /// Adds `offset` and `limit` to `items`.
    func append(to items: inout QueryItems) {
        if offset != 0 { items.append("offset", String(offset)) }
        items.append("limit", String(limit))
    }
}

extension SessionQuery: WireQuery {
    /// `status`, `user_id`, `offset`, `limit`.
    public init(query q: QueryItems) throws(PaygentError) {
        self.init(status: try q.choice("status", SessionStatus.self), userID: try q.string("user_id", max: 128), page: try q.page())
    }

    public var queryItems: QueryItems {
        var items = QueryItems()
        items.append("status", status?.rawValue)
        items.append("user_id", userID)
        page.append(to: &items)
        return items
    }
}

extension ServiceQuery: WireQuery {
    /// `category`, `min_price`, `max_price` (USD), `min_reputation` (0…5), `mcp_compatible`, `offset`, `limit`.
    public init(query q: QueryItems) throws(PaygentError) {
        let minPrice = try q.usd("min_price")
        let maxPrice = try q.usd("max_price")
        if let minPrice, let maxPrice, minPrice > maxPrice {
            throw PaygentError.invalid("max_price", "must be at least min_price (\(minPrice))")
        }
        self.init(category: try q.string("category", max: 64), minPriceUSD: minPrice, maxPriceUSD: maxPrice,
                  minReputation: try q.decimal("min_reputation", in: 0...5), mcpCompatible: try q.bool("mcp_compatible"),
                  page: try q.page())
    }

    public var queryItems: QueryItems {
        var items = QueryItems()
        items.append("category", category)
        items.append("min_price", minPriceUSD?.description)
        items.append("max_price", maxPriceUSD?.description)
        items.append("min_reputation", minReputation.map { String($0) })
        items.append("mcp_compatible", mcpCompatible.map { String($0) })
        page.append(to: &items)
        return items
    }
}

extension PaymentQuery: WireQuery {
    /// `status`, `session_id`, `service_id`, `wallet`, `start_date`, `end_date`, `offset`, `limit`.
    public init(query q: QueryItems) throws(PaygentError) {
        let start = try q.timestamp("start_date")
        let end = try q.timestamp("end_date")
        if let start, let end, end < start { throw PaygentError.invalid("end_date", "must not be before start_date") }
        self.init(status: try q.choice("status", PaymentStatus.self), sessionID: try q.id("session_id"),
                  serviceID: try q.id("service_id"), wallet: try q.address("wallet"), startDate: start, endDate: end,
                  page: try q.page())
    }

    public var queryItems: QueryItems {
        var items = QueryItems()
        items.append("status", status?.rawValue)
        items.append("session_id", sessionID)
        items.append("service_id", serviceID)
        items.append("wallet", wallet?.checksummed)
        items.append("start_date", startDate?.iso8601)
        items.append("end_date", endDate?.iso8601)
        page.append(to: &items)
        return items
    }
}

extension ApprovalQuery: WireQuery {
    /// `session_id`, `decision` (default `pending`; `all` for every decision), `offset`, `limit`.
    public init(query q: QueryItems) throws(PaygentError) {
        var decision: ApprovalDecision? = .pending
        if let text = try q.string("decision", max: 20) {
            if text == "all" {
                decision = nil
            } else {
                decision = try q.choice("decision", ApprovalDecision.self)
            }
        }
        self.init(sessionID: try q.id("session_id"), decision: decision, page: try q.page())
    }

    public var queryItems: QueryItems {
        var items = QueryItems()
        items.append("session_id", sessionID)
        items.append("decision", decision?.rawValue ?? "all")
        page.append(to: &items)
        return items
    }
}

extension LogQuery: WireQuery {
    /// `session_id`, `status`, `start_date`, `end_date`, `offset`, `limit`.
    public init(query q: QueryItems) throws(PaygentError) {
        let start = try q.timestamp("start_date")
        let end = try q.timestamp("end_date")
        if let start, let end, end < start { throw PaygentError.invalid("end_date", "must not be before start_date") }
        self.init(sessionID: try q.id("session_id"), status: try q.string("status", max: 40), startDate: start, endDate: end,
                  page: try q.page())
    }

    public var queryItems: QueryItems {
        var items = QueryItems()
        items.append("session_id", sessionID)
        items.append("status", status)
        items.append("start_date", startDate?.iso8601)
        items.append("end_date", endDate?.iso8601)
        page.append(to: &items)
        return items
    }
}

extension EventQuery: WireQuery {
    /// `after`, `before` (sequence numbers), `session_id`, `type` (comma-separated), `limit` (1…1000).
    public init(query q: QueryItems) throws(PaygentError) {
        var types: [EventType] = []
        if let text = try q.string("type", max: 2000) {
            for name in text.split(separator: ",") {
                let trimmed = String(name)
                _ = try Validate.text(trimmed, field: "type", max: 100, required: true)
                types.append(EventType(rawValue: trimmed))
            }
        }
        self.init(after: try q.int("after", in: 0...Int64.max), before: try q.int("before", in: 0...Int64.max),
                  sessionID: try q.id("session_id"), types: types,
                  limit: Int(try q.int("limit", in: 1...Int64(EventQuery.maximumLimit)) ?? 100))
    }

    public var queryItems: QueryItems {
        var items = QueryItems()
        items.append("after", after.map { String($0) })
        items.append("before", before.map { String($0) })
        items.append("session_id", sessionID)
        if !types.isEmpty { items.append("type", types.map(\.rawValue).joined(separator: ",")) }
        items.append("limit", String(limit))
        return items
    }
}
