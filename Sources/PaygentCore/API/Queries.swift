import PaygentEVM
import PaygentFoundation

/// Filters for ``PaygentAPI/sessions(_:)``, newest first.
public struct SessionQuery: Sendable, Hashable {
    /// Only this status.
    public var status: SessionStatus?
    /// Only this owner.
    public var userID: String?
    /// Window.
    public var page: PageRequest

    /// Creates a query.
    public init(status: SessionStatus? = nil, userID: String? = nil, page: PageRequest = PageRequest()) {
        self.status = status
        self.userID = userID
        self.page = page
    }
}

/// Filters for ``PaygentAPI/discoverServices(_:)`` (the seed's `/services/discover`), ordered by
/// reputation, highest first (then name, then id).
public struct ServiceQuery: Sendable, Hashable {
    /// Only this category (exact, case-sensitive).
    public var category: String?
    /// Price at least this many USD.
    public var minPriceUSD: USDAmount?
    /// Price at most this many USD.
    public var maxPriceUSD: USDAmount?
    /// Reputation at least this (0…5).
    public var minReputation: Double?
    /// Only MCP-compatible (true) or only not (false).
    public var mcpCompatible: Bool?
    /// Window.
    public var page: PageRequest

    /// Creates a query.
    public init(category: String? = nil, minPriceUSD: USDAmount? = nil, maxPriceUSD: USDAmount? = nil,
                minReputation: Double? = nil, mcpCompatible: Bool? = nil, page: PageRequest = PageRequest()) {
        self.category = category
        self.minPriceUSD = minPriceUSD
        self.maxPriceUSD = maxPriceUSD
        self.minReputation = minReputation
        self.mcpCompatible = mcpCompatible
        self.page = page
    }
}

/// Filters for ``PaygentAPI/payments(_:)`` (newest first) and ``PaygentAPI/paymentStats(_:)``.
public struct PaymentQuery: Sendable, Hashable {
    /// Only this status.
    public var status: PaymentStatus?
    /// Only this session.
    public var sessionID: String?
    /// Only this service.
    public var serviceID: String?
    /// Only this paying wallet.
    public var wallet: Address?
    /// Created at or after.
    public var startDate: Timestamp?
    /// Created before.
    public var endDate: Timestamp?
    /// Window (ignored by stats).
    public var page: PageRequest

    /// Creates a query.
    public init(status: PaymentStatus? = nil, sessionID: String? = nil, serviceID: String? = nil, wallet: Address? = nil,
                startDate: Timestamp? = nil, endDate: Timestamp? = nil, page: PageRequest = PageRequest()) {
        self.status = status
        self.sessionID = sessionID
        self.serviceID = serviceID
        self.wallet = wallet
        self.startDate = startDate
        self.endDate = endDate
        self.page = page
    }
}

/// Filters for ``PaygentAPI/approvals(_:)``: pending ones oldest first (the order to decide
/// them in); others newest first.
public struct ApprovalQuery: Sendable, Hashable {
    /// Only this session.
    public var sessionID: String?
    /// Only this decision; nil = all. Defaults to `pending`.
    public var decision: ApprovalDecision?
    /// Window.
    public var page: PageRequest

    /// Creates a query (pending requests by default).
    public init(sessionID: String? = nil, decision: ApprovalDecision? = .pending, page: PageRequest = PageRequest()) {
        self.sessionID = sessionID
        self.decision = decision
        self.page = page
    }
}

/// A window of the event log: events with `after < seq < before`, ascending, at most `limit`.
///
/// With only `before` set, the page is the `limit` events just before it (scrolling back); with
/// only `after` (or nothing), the `limit` events just after it.
public struct EventQuery: Sendable, Hashable {
    /// Exclusive lower bound.
    public var after: Int64?
    /// Exclusive upper bound.
    public var before: Int64?
    /// Only this session.
    public var sessionID: String?
    /// Only these types (empty = all).
    public var types: [EventType]
    /// At most this many (1...1000).
    public var limit: Int

    /// The largest page served.
    public static let maximumLimit = 1000

    /// Creates a query.
    public init(after: Int64? = nil, before: Int64? = nil, sessionID: String? = nil, types: [EventType] = [],
                limit: Int = 100) {
        self.after = after
        self.before = before
        self.sessionID = sessionID
        self.types = types
        self.limit = limit
    }
}

/// One page of events.
public struct EventPage: Sendable, Hashable, Codable {
    /// Events, ascending by seq.
    public var events: [PaygentEvent]
    /// The highest seq in the whole log when the page was read (0 when empty).
    public var latestSeq: Int64
    /// Whether more matching events lie beyond the page in the direction it was read.
    public var hasMore: Bool

    /// Creates a page.
    public init(events: [PaygentEvent], latestSeq: Int64, hasMore: Bool) {
        self.events = events
        self.latestSeq = latestSeq
        self.hasMore = hasMore
    }

    enum CodingKeys: String, CodingKey {
        case events
        case latestSeq = "latest_seq"
        case hasMore = "has_more"
    }
}

/// Filters for ``PaygentAPI/executionLogs(_:)``, newest first.
public struct LogQuery: Sendable, Hashable {
    /// Only this session.
    public var sessionID: String?
    /// Only this status.
    public var status: String?
    /// Created at or after.
    public var startDate: Timestamp?
    /// Created before.
    public var endDate: Timestamp?
    /// Window.
    public var page: PageRequest

    /// Creates a query.
    public init(sessionID: String? = nil, status: String? = nil, startDate: Timestamp? = nil, endDate: Timestamp? = nil,
                page: PageRequest = PageRequest()) {
        self.sessionID = sessionID
        self.status = status
        self.startDate = startDate
        self.endDate = endDate
        self.page = page
    }
}
