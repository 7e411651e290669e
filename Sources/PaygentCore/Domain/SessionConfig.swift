import PaygentEVM
import PaygentFoundation

/// Per-session policy and agent settings, stored as the session's `config` JSON.
///
/// Every field is optional: a missing limit falls back to the global ``PolicySettings``.
/// Unknown keys are kept in ``extra`` and written back unchanged.
public struct SessionConfig: Sendable, Hashable, Codable {
    /// The session's total budget over its whole life (`budget_limit_usd`); nil = no budget.
    public var budgetLimitUSD: USDAmount?
    /// Payments above this many USD ask a human; nil = the global threshold.
    public var approvalThresholdUSD: USDAmount?
    /// Seconds an approval request waits for a decision; nil = the global default.
    public var approvalTimeoutSeconds: Int?
    /// What an expired approval becomes; nil = deny.
    public var onApprovalTimeout: ApprovalTimeoutAction?
    /// Most payments per rolling minute; nil = the global default.
    public var maxPaymentsPerMinute: Int?
    /// When non-empty, payments may only go to these recipients.
    public var allowedRecipients: [Address]
    /// Payments to these recipients are always refused.
    public var deniedRecipients: [Address]
    /// Tools the agent may use (empty = all); enforced by the agent runtime.
    public var allowedTools: [String]
    /// Any other keys, kept as given.
    public var extra: JSONObject

    /// Creates a config.
    public init(
        budgetLimitUSD: USDAmount? = nil, approvalThresholdUSD: USDAmount? = nil, approvalTimeoutSeconds: Int? = nil,
        onApprovalTimeout: ApprovalTimeoutAction? = nil, maxPaymentsPerMinute: Int? = nil,
        allowedRecipients: [Address] = [], deniedRecipients: [Address] = [], allowedTools: [String] = [],
        extra: JSONObject = [:]
    ) {
        self.budgetLimitUSD = budgetLimitUSD
        self.approvalThresholdUSD = approvalThresholdUSD
        self.approvalTimeoutSeconds = approvalTimeoutSeconds
        self.onApprovalTimeout = onApprovalTimeout
        self.maxPaymentsPerMinute = maxPaymentsPerMinute
        self.allowedRecipients = allowedRecipients
        self.deniedRecipients = deniedRecipients
        self.allowedTools = allowedTools
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case budgetLimitUSD = "budget_limit_usd"
        case approvalThresholdUSD = "approval_threshold_usd"
        case approvalTimeoutSeconds = "approval_timeout_seconds"
        case onApprovalTimeout = "on_approval_timeout"
        case maxPaymentsPerMinute = "max_payments_per_minute"
        case allowedRecipients = "allowed_recipients"
        case deniedRecipients = "denied_recipients"
        case allowedTools = "allowed_tools"
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        budgetLimitUSD = try container.decodeIfPresent(USDAmount.self, forKey: .budgetLimitUSD)
        approvalThresholdUSD = try container.decodeIfPresent(USDAmount.self, forKey: .approvalThresholdUSD)
        approvalTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .approvalTimeoutSeconds)
        onApprovalTimeout = try container.decodeIfPresent(ApprovalTimeoutAction.self, forKey: .onApprovalTimeout)
        maxPaymentsPerMinute = try container.decodeIfPresent(Int.self, forKey: .maxPaymentsPerMinute)
        allowedRecipients = try container.decodeIfPresent([Address].self, forKey: .allowedRecipients) ?? []
        deniedRecipients = try container.decodeIfPresent([Address].self, forKey: .deniedRecipients) ?? []
        allowedTools = try container.decodeIfPresent([String].self, forKey: .allowedTools) ?? []
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        let all = try decoder.container(keyedBy: AnyKey.self)
        var extra: JSONObject = [:]
        for key in all.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            extra[key.stringValue] = try all.decode(JSONValue.self, forKey: key)
        }
        self.extra = extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(budgetLimitUSD, forKey: .budgetLimitUSD)
        try container.encodeIfPresent(approvalThresholdUSD, forKey: .approvalThresholdUSD)
        try container.encodeIfPresent(approvalTimeoutSeconds, forKey: .approvalTimeoutSeconds)
        try container.encodeIfPresent(onApprovalTimeout, forKey: .onApprovalTimeout)
        try container.encodeIfPresent(maxPaymentsPerMinute, forKey: .maxPaymentsPerMinute)
        if !allowedRecipients.isEmpty { try container.encode(allowedRecipients, forKey: .allowedRecipients) }
        if !deniedRecipients.isEmpty { try container.encode(deniedRecipients, forKey: .deniedRecipients) }
        if !allowedTools.isEmpty { try container.encode(allowedTools, forKey: .allowedTools) }
        var all = encoder.container(keyedBy: AnyKey.self)
        for member in extra { try all.encode(member.value, forKey: AnyKey(stringValue: member.key)) }
    }
}
