import PaygentEVM
import PaygentFoundation

/// Global policy, persisted in the store (so every process on one database agrees).
///
/// Rolling limits are over the last 24 hours, counted from each hold's creation time, and include
/// held and captured amounts (released holds count for nothing).
public struct PolicySettings: Sendable, Hashable, Codable {
    /// Payments above this many USD ask a human (default 10.00: "above 10 USD").
    public var approvalThresholdUSD: USDAmount
    /// Seconds an approval waits before its timeout action applies (default 300).
    public var approvalTimeoutSeconds: Int
    /// Per-wallet limit, USD per rolling 24 h; nil = none.
    public var walletDailyLimitUSD: USDAmount?
    /// Per-wallet, per-token limits in base units per rolling 24 h (key: token address, lowercase hex).
    public var tokenDailyLimits: [String: UInt256]
    /// Per-service caps, USD per rolling 24 h (key: service id).
    public var serviceDailyCapsUSD: [String: USDAmount]
    /// Per-recipient caps, USD per rolling 24 h (key: address, lowercase hex).
    public var recipientDailyCapsUSD: [String: USDAmount]
    /// Most payments per rolling minute per session (per wallet without a session); nil = no limit.
    public var maxPaymentsPerMinute: Int?
    /// When non-empty, payments may only go to these recipients.
    public var allowedRecipients: [Address]
    /// Payments to these recipients are always refused.
    public var deniedRecipients: [Address]
    /// The wallet `wallet balance`/`allowance` report on when none is named.
    public var defaultWallet: Address?
    /// Tokens and their USD prices.
    public var priceTable: PriceTable

    /// The defaults: threshold 10 USD, 300 s approvals, 60 payments a minute, no other limits.
    public init(
        approvalThresholdUSD: USDAmount = 10, approvalTimeoutSeconds: Int = 300, walletDailyLimitUSD: USDAmount? = nil,
        tokenDailyLimits: [String: UInt256] = [:], serviceDailyCapsUSD: [String: USDAmount] = [:],
        recipientDailyCapsUSD: [String: USDAmount] = [:], maxPaymentsPerMinute: Int? = 60,
        allowedRecipients: [Address] = [], deniedRecipients: [Address] = [], defaultWallet: Address? = nil,
        priceTable: PriceTable = .default
    ) {
        self.approvalThresholdUSD = approvalThresholdUSD
        self.approvalTimeoutSeconds = approvalTimeoutSeconds
        self.walletDailyLimitUSD = walletDailyLimitUSD
        self.tokenDailyLimits = tokenDailyLimits
        self.serviceDailyCapsUSD = serviceDailyCapsUSD
        self.recipientDailyCapsUSD = recipientDailyCapsUSD
        self.maxPaymentsPerMinute = maxPaymentsPerMinute
        self.allowedRecipients = allowedRecipients
        self.deniedRecipients = deniedRecipients
        self.defaultWallet = defaultWallet
        self.priceTable = priceTable
    }

    enum CodingKeys: String, CodingKey {
        case approvalThresholdUSD = "approval_threshold_usd"
        case approvalTimeoutSeconds = "approval_timeout_seconds"
        case walletDailyLimitUSD = "wallet_daily_limit_usd"
        case tokenDailyLimits = "token_daily_limits"
        case serviceDailyCapsUSD = "service_daily_caps_usd"
        case recipientDailyCapsUSD = "recipient_daily_caps_usd"
        case maxPaymentsPerMinute = "max_payments_per_minute"
        case allowedRecipients = "allowed_recipients"
        case deniedRecipients = "denied_recipients"
        case defaultWallet = "default_wallet"
        case priceTable = "price_table"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PolicySettings()
        approvalThresholdUSD = try c.decodeIfPresent(USDAmount.self, forKey: .approvalThresholdUSD) ?? defaults.approvalThresholdUSD
        approvalTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .approvalTimeoutSeconds) ?? defaults.approvalTimeoutSeconds
        walletDailyLimitUSD = try c.decodeIfPresent(USDAmount.self, forKey: .walletDailyLimitUSD)
        tokenDailyLimits = try c.decodeIfPresent([String: UInt256].self, forKey: .tokenDailyLimits) ?? [:]
        serviceDailyCapsUSD = try c.decodeIfPresent([String: USDAmount].self, forKey: .serviceDailyCapsUSD) ?? [:]
        recipientDailyCapsUSD = try c.decodeIfPresent([String: USDAmount].self, forKey: .recipientDailyCapsUSD) ?? [:]
        maxPaymentsPerMinute = try c.decodeIfPresent(Int.self, forKey: .maxPaymentsPerMinute)
        allowedRecipients = try c.decodeIfPresent([Address].self, forKey: .allowedRecipients) ?? []
        deniedRecipients = try c.decodeIfPresent([Address].self, forKey: .deniedRecipients) ?? []
        defaultWallet = try c.decodeIfPresent(Address.self, forKey: .defaultWallet)
        priceTable = try c.decodeIfPresent(PriceTable.self, forKey: .priceTable) ?? .default
    }
}

/// The global pause switch.
public struct ControlState: Sendable, Hashable, Codable {
    /// Whether every payment is frozen.
    public var globalPause: Bool
    /// Who paused (or resumed) last.
    public var changedBy: String?
    /// When.
    public var changedAt: Timestamp?
    /// Why, when given.
    public var reason: String?

    /// Creates a control state.
    public init(globalPause: Bool = false, changedBy: String? = nil, changedAt: Timestamp? = nil, reason: String? = nil) {
        self.globalPause = globalPause
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case globalPause = "global_pause"
        case changedBy = "changed_by"
        case changedAt = "changed_at"
        case reason
    }
}
