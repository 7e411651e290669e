import PaygentEVM
import PaygentFoundation

/// One agent session: who owns it, which wallet pays, its config and budget, and where it stands.
public struct AgentSession: Sendable, Hashable, Codable, Identifiable {
    /// Session id (`ses_…`).
    public var id: String
    /// Owner (the seed's `user_id`).
    public var userID: String
    /// Display name (may be empty).
    public var name: String
    /// The wallet that pays for this session, if any.
    public var walletAddress: Address?
    /// Budget and policy settings.
    public var config: SessionConfig
    /// Current status.
    public var status: SessionStatus
    /// USD captured (settled) so far.
    public var spentUSD: USDAmount
    /// USD currently held for in-flight payments.
    public var heldUSD: USDAmount
    /// Number of payments settled.
    public var paymentCount: Int
    /// When it was created.
    public var createdAt: Timestamp
    /// Last time anything happened in it.
    public var lastActive: Timestamp
    /// Who or what changed the status last (`operator:alice`, `system`).
    public var statusChangedBy: String?
    /// Why, when given (kill reason, failure message).
    public var statusReason: String?

    /// Creates a session value.
    public init(
        id: String, userID: String, name: String, walletAddress: Address?, config: SessionConfig,
        status: SessionStatus, spentUSD: USDAmount, heldUSD: USDAmount, paymentCount: Int,
        createdAt: Timestamp, lastActive: Timestamp, statusChangedBy: String?, statusReason: String?
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.walletAddress = walletAddress
        self.config = config
        self.status = status
        self.spentUSD = spentUSD
        self.heldUSD = heldUSD
        self.paymentCount = paymentCount
        self.createdAt = createdAt
        self.lastActive = lastActive
        self.statusChangedBy = statusChangedBy
        self.statusReason = statusReason
    }

    /// Budget left (budget − spent − held), nil when the session has no budget.
    public var remainingUSD: USDAmount? {
        guard let budget = config.budgetLimitUSD else { return nil }
        return budget.saturatingSubtract(spentUSD.adding(heldUSD) ?? budget)
    }

    enum CodingKeys: String, CodingKey {
        case id
        case userID = "user_id"
        case name
        case walletAddress = "wallet_address"
        case config, status
        case spentUSD = "spent_usd"
        case heldUSD = "held_usd"
        case remainingUSD = "remaining_usd"
        case paymentCount = "payment_count"
        case createdAt = "created_at"
        case lastActive = "last_active"
        case statusChangedBy = "status_changed_by"
        case statusReason = "status_reason"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        userID = try c.decodeIfPresent(String.self, forKey: .userID) ?? ""
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        walletAddress = try c.decodeIfPresent(Address.self, forKey: .walletAddress)
        config = try c.decodeIfPresent(SessionConfig.self, forKey: .config) ?? SessionConfig()
        status = try c.decode(SessionStatus.self, forKey: .status)
        spentUSD = try c.decodeIfPresent(USDAmount.self, forKey: .spentUSD) ?? .zero
        heldUSD = try c.decodeIfPresent(USDAmount.self, forKey: .heldUSD) ?? .zero
        paymentCount = try c.decodeIfPresent(Int.self, forKey: .paymentCount) ?? 0
        createdAt = try c.decode(Timestamp.self, forKey: .createdAt)
        lastActive = try c.decodeIfPresent(Timestamp.self, forKey: .lastActive) ?? createdAt
        statusChangedBy = try c.decodeIfPresent(String.self, forKey: .statusChangedBy)
        statusReason = try c.decodeIfPresent(String.self, forKey: .statusReason)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(userID, forKey: .userID)
        try c.encode(name, forKey: .name)
        try c.encode(walletAddress, forKey: .walletAddress)
        try c.encode(config, forKey: .config)
        try c.encode(status, forKey: .status)
        try c.encode(spentUSD, forKey: .spentUSD)
        try c.encode(heldUSD, forKey: .heldUSD)
        try c.encode(remainingUSD, forKey: .remainingUSD)
        try c.encode(paymentCount, forKey: .paymentCount)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(lastActive, forKey: .lastActive)
        try c.encode(statusChangedBy, forKey: .statusChangedBy)
        try c.encode(statusReason, forKey: .statusReason)
    }
}
