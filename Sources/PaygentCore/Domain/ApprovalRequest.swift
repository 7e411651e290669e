import PaygentEVM
import PaygentFoundation

/// Where an approval request stands.
public enum ApprovalDecision: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a human.
    case pending
    /// Approved as asked.
    case approved
    /// Approved with edited arguments and/or a lower amount.
    case edited
    /// Rejected by a human (or by a kill).
    case rejected
    /// The deadline passed and the session's timeout action was `deny`.
    case expired

    /// Whether the payment may proceed.
    public var allowsPayment: Bool { self == .approved || self == .edited }
}

/// A paused agent step waiting for a human: what it wants to do, how much, to whom, and why it asks.
public struct ApprovalRequest: Sendable, Hashable, Codable, Identifiable {
    /// Request id (`apr_…`).
    public var id: String
    /// Session that asked.
    public var sessionID: String
    /// Tool the agent wants to run (`x402_fetch`).
    public var toolName: String
    /// Its arguments.
    public var toolArgs: JSONValue
    /// Amount asked, base units (nil for a request that pays nothing).
    public var amount: UInt256?
    /// Token contract.
    public var token: Address?
    /// Token ticker (`currency` in the seed).
    public var currency: String
    /// Token decimals.
    public var tokenDecimals: Int
    /// USD value of ``amount``.
    public var amountUSD: USDAmount?
    /// Who would be paid.
    public var payee: Address?
    /// Why a human is asked (policy's words).
    public var reason: String
    /// The x402 purchase this gates, if it gates a payment.
    public var purchaseID: String?
    /// Decision so far.
    public var decision: ApprovalDecision
    /// Edited arguments (decision `edited`).
    public var editedArgs: JSONValue?
    /// Largest amount the decision allows (the asked amount, or the edited lower one).
    public var approvedAmount: UInt256?
    /// Who decided (`operator:alice`, `system:timeout`, `system:kill`).
    public var decidedBy: String?
    /// Reason given with a rejection.
    public var decisionReason: String?
    /// What happens at the deadline.
    public var onTimeout: ApprovalTimeoutAction
    /// When asked.
    public var createdAt: Timestamp
    /// Deadline.
    public var expiresAt: Timestamp
    /// When decided.
    public var decisionMadeAt: Timestamp?
    /// The network of the payment the operator was shown (x402 `network`); with ``payee``,
    /// ``token`` and the amount it is what an approval binds: a retried 402 that differs in any of
    /// them is refused (`approval_mismatch`).
    public var network: String? = nil

    /// Creates a request value.
    public init(
        id: String, sessionID: String, toolName: String, toolArgs: JSONValue, amount: UInt256?, token: Address?,
        currency: String, tokenDecimals: Int, amountUSD: USDAmount?, payee: Address?, reason: String,
        purchaseID: String?, decision: ApprovalDecision, editedArgs: JSONValue?, approvedAmount: UInt256?,
        decidedBy: String?, decisionReason: String?, onTimeout: ApprovalTimeoutAction, createdAt: Timestamp,
        expiresAt: Timestamp, decisionMadeAt: Timestamp?
    ) {
        self.id = id
        self.sessionID = sessionID
        self.toolName = toolName
        self.toolArgs = toolArgs
        self.amount = amount
        self.token = token
        self.currency = currency
        self.tokenDecimals = tokenDecimals
        self.amountUSD = amountUSD
        self.payee = payee
        self.reason = reason
        self.purchaseID = purchaseID
        self.decision = decision
        self.editedArgs = editedArgs
        self.approvedAmount = approvedAmount
        self.decidedBy = decidedBy
        self.decisionReason = decisionReason
        self.onTimeout = onTimeout
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.decisionMadeAt = decisionMadeAt
    }

    /// The amount as whole tokens (`"12.00"`), nil when there is none.
    public var formattedAmount: String? { amount.map { TokenAmount.format($0, decimals: tokenDecimals) } }

    enum CodingKeys: String, CodingKey {
        case id
        case sessionID = "session_id"
        case toolName = "tool_name"
        case toolArgs = "tool_args"
        case amount
        case amountBaseUnits = "amount_base_units"
        case token, currency
        case tokenDecimals = "token_decimals"
        case amountUSD = "amount_usd"
        case payee, reason
        case purchaseID = "purchase_id"
        case decision
        case editedArgs = "edited_args"
        case approvedAmount = "approved_amount_base_units"
        case decidedBy = "decided_by"
        case decisionReason = "decision_reason"
        case onTimeout = "on_timeout"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case decisionMadeAt = "decision_made_at"
        case network
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        sessionID = try c.decode(String.self, forKey: .sessionID)
        toolName = try c.decode(String.self, forKey: .toolName)
        toolArgs = try c.decodeIfPresent(JSONValue.self, forKey: .toolArgs) ?? .object([:])
        amount = try c.decodeIfPresent(UInt256.self, forKey: .amountBaseUnits)
        token = try c.decodeIfPresent(Address.self, forKey: .token)
        currency = try c.decodeIfPresent(String.self, forKey: .currency) ?? ""
        tokenDecimals = try c.decodeIfPresent(Int.self, forKey: .tokenDecimals) ?? 6
        amountUSD = try c.decodeIfPresent(USDAmount.self, forKey: .amountUSD)
        payee = try c.decodeIfPresent(Address.self, forKey: .payee)
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        purchaseID = try c.decodeIfPresent(String.self, forKey: .purchaseID)
        decision = try c.decodeIfPresent(ApprovalDecision.self, forKey: .decision) ?? .pending
        editedArgs = try c.decodeIfPresent(JSONValue.self, forKey: .editedArgs)
        approvedAmount = try c.decodeIfPresent(UInt256.self, forKey: .approvedAmount)
        decidedBy = try c.decodeIfPresent(String.self, forKey: .decidedBy)
        decisionReason = try c.decodeIfPresent(String.self, forKey: .decisionReason)
        onTimeout = try c.decodeIfPresent(ApprovalTimeoutAction.self, forKey: .onTimeout) ?? .deny
        createdAt = try c.decode(Timestamp.self, forKey: .createdAt)
        expiresAt = try c.decode(Timestamp.self, forKey: .expiresAt)
        decisionMadeAt = try c.decodeIfPresent(Timestamp.self, forKey: .decisionMadeAt)
        network = try c.decodeIfPresent(String.self, forKey: .network)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(toolName, forKey: .toolName)
        try c.encode(toolArgs, forKey: .toolArgs)
        try c.encode(formattedAmount, forKey: .amount)
        try c.encode(amount, forKey: .amountBaseUnits)
        try c.encode(token, forKey: .token)
        try c.encode(currency, forKey: .currency)
        try c.encode(tokenDecimals, forKey: .tokenDecimals)
        try c.encode(amountUSD, forKey: .amountUSD)
        try c.encode(payee, forKey: .payee)
        try c.encode(reason, forKey: .reason)
        try c.encode(purchaseID, forKey: .purchaseID)
        try c.encode(decision, forKey: .decision)
        try c.encode(editedArgs, forKey: .editedArgs)
        try c.encode(approvedAmount, forKey: .approvedAmount)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encode(decisionReason, forKey: .decisionReason)
        try c.encode(onTimeout, forKey: .onTimeout)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(decisionMadeAt, forKey: .decisionMadeAt)
        try c.encodeIfPresent(network, forKey: .network)
    }
}

/// The answer to a decision (`{request_id, decision, message}` in the HTTP API).
public struct ApprovalDecisionResult: Sendable, Hashable, Codable {
    /// The request decided.
    public var requestID: String
    /// The decision now recorded.
    public var decision: ApprovalDecision
    /// A one-line summary.
    public var message: String
    /// The full request after the decision.
    public var request: ApprovalRequest

    /// Creates a result.
    public init(requestID: String, decision: ApprovalDecision, message: String, request: ApprovalRequest) {
        self.requestID = requestID
        self.decision = decision
        self.message = message
        self.request = request
    }

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id"
        case decision, message, request
    }
}
