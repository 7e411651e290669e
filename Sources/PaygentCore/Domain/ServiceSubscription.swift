import PaygentEVM
import PaygentFoundation

/// A recurring purchase of a service by a session (renewed through the same policy).
public struct ServiceSubscription: Sendable, Hashable, Codable, Identifiable {
    /// Subscription id (`sub_…`).
    public var id: String
    /// Session that subscribed.
    public var sessionID: String
    /// The service.
    public var serviceID: String
    /// `active`, `expired` or `cancelled`.
    public var status: String
    /// Length of one period, seconds.
    public var periodSeconds: Int64
    /// Price per period, base units.
    public var priceAmount: UInt256
    /// Token contract.
    public var token: Address
    /// Whether it renews when it expires.
    public var autoRenew: Bool
    /// Renewals so far.
    public var renewals: Int
    /// Start of the current period.
    public var startedAt: Timestamp
    /// End of the current period.
    public var expiresAt: Timestamp
    /// When created.
    public var createdAt: Timestamp

    /// Creates a subscription value.
    public init(id: String, sessionID: String, serviceID: String, status: String, periodSeconds: Int64,
                priceAmount: UInt256, token: Address, autoRenew: Bool, renewals: Int, startedAt: Timestamp,
                expiresAt: Timestamp, createdAt: Timestamp) {
        self.id = id
        self.sessionID = sessionID
        self.serviceID = serviceID
        self.status = status
        self.periodSeconds = periodSeconds
        self.priceAmount = priceAmount
        self.token = token
        self.autoRenew = autoRenew
        self.renewals = renewals
        self.startedAt = startedAt
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case sessionID = "session_id"
        case serviceID = "service_id"
        case status
        case periodSeconds = "period_seconds"
        case priceAmount = "price_amount_base_units"
        case token
        case autoRenew = "auto_renew"
        case renewals
        case startedAt = "started_at"
        case expiresAt = "expires_at"
        case createdAt = "created_at"
    }
}
