import PaygentEVM
import PaygentFoundation

/// Where a payment stands: `pending` (held, nothing signed) → `signed` (the authorisation exists
/// and may have left the process; written durably before it does) → `confirmed` | `failed` |
/// `unknown` (sent, outcome unknown until the authorisation's `validBefore` has passed).
public enum PaymentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Held, not signed yet: no authorisation exists, so releasing the hold is always safe.
    case pending
    /// Signed (nonce and validBefore recorded) and about to be, or being, sent; outcome not
    /// recorded yet. The hold stays until the settlement lookup or validBefore decides.
    case signed
    /// Settled; the hold was captured.
    case confirmed
    /// Definitely did not move money (or was cancelled before signing); the hold was released.
    case failed
    /// Sent, outcome unknown; the hold stays until the authorisation's validBefore has passed.
    case unknown
}

/// One payment an agent made (or is making) through x402.
public struct Payment: Sendable, Hashable, Codable, Identifiable {
    /// Payment id (`pay_…`).
    public var id: String
    /// The x402 purchase this pays for (retries share it).
    public var purchaseID: String
    /// The hold that reserves it.
    public var holdID: String
    /// Session that paid, if any.
    public var sessionID: String?
    /// Registry service paid, if known.
    public var serviceID: String?
    /// Paying wallet.
    public var agentWallet: Address
    /// Recipient (`payTo`).
    public var recipient: Address
    /// Exact amount in base units.
    public var amount: UInt256
    /// Token contract.
    public var token: Address
    /// Token ticker.
    public var tokenSymbol: String
    /// Token decimals.
    public var tokenDecimals: Int
    /// USD value (rounded up to the micro-dollar).
    public var amountUSD: USDAmount
    /// Network as the server named it.
    public var network: String
    /// The URL paid for.
    public var resource: String
    /// Settlement transaction hash, once known.
    public var txHash: String?
    /// Status.
    public var status: PaymentStatus
    /// Why it failed or is unknown.
    public var failureReason: String?
    /// Authorisation deadline (validBefore).
    public var validBefore: Timestamp
    /// When the hold was taken.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp
    /// When it settled.
    public var settledAt: Timestamp?
    /// The signed authorisation's nonce (`0x` + 64 hex digits), recorded in the same write that
    /// marks the payment `signed` (before the authorisation leaves the process), so the payment
    /// can be reconciled against the chain or ledger later.
    public var authorizationNonce: String? = nil
    /// When the authorisation was signed (recorded with the nonce).
    public var signedAt: Timestamp? = nil
    /// The process (store owner) that took the hold: ``StoreOwner/id`` — how start-up recovery
    /// tells a payment whose process is gone from one still in flight elsewhere.
    public var ownerID: String? = nil
    /// `upto` payments: the maximum the payer authorised (and the policy held), in base units and
    /// USD. ``amount``/``amountUSD`` are what was charged once settled (before: the maximum).
    /// `nil` for `exact` payments, whose amount is the price.
    public var maximumAmount: UInt256? = nil
    /// The USD value of ``maximumAmount``.
    public var maximumAmountUSD: USDAmount? = nil

    /// Creates a payment value.
    public init(
        id: String, purchaseID: String, holdID: String, sessionID: String?, serviceID: String?, agentWallet: Address,
        recipient: Address, amount: UInt256, token: Address, tokenSymbol: String, tokenDecimals: Int,
        amountUSD: USDAmount, network: String, resource: String, txHash: String?, status: PaymentStatus,
        failureReason: String?, validBefore: Timestamp, createdAt: Timestamp, updatedAt: Timestamp, settledAt: Timestamp?
    ) {
        self.id = id
        self.purchaseID = purchaseID
        self.holdID = holdID
        self.sessionID = sessionID
        self.serviceID = serviceID
        self.agentWallet = agentWallet
        self.recipient = recipient
        self.amount = amount
        self.token = token
        self.tokenSymbol = tokenSymbol
        self.tokenDecimals = tokenDecimals
        self.amountUSD = amountUSD
        self.network = network
        self.resource = resource
        self.txHash = txHash
        self.status = status
        self.failureReason = failureReason
        self.validBefore = validBefore
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.settledAt = settledAt
    }

    /// Milliseconds from hold to settlement, once settled.
    public var latencyMs: Int64? { settledAt.map { $0.milliseconds - createdAt.milliseconds } }

    enum CodingKeys: String, CodingKey {
        case id
        case purchaseID = "purchase_id"
        case holdID = "hold_id"
        case sessionID = "session_id"
        case serviceID = "service_id"
        case agentWallet = "agent_wallet"
        case recipient
        case amount
        case amountBaseUnits = "amount_base_units"
        case token
        case tokenSymbol = "token_symbol"
        case tokenDecimals = "token_decimals"
        case amountUSD = "amount_usd"
        case network, resource
        case txHash = "tx_hash"
        case status
        case failureReason = "failure_reason"
        case validBefore = "valid_before"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case settledAt = "settled_at"
        case authorizationNonce = "authorization_nonce"
        case signedAt = "signed_at"
        case maximumAmount = "maximum_amount"
        case maximumAmountBaseUnits = "maximum_amount_base_units"
        case maximumAmountUSD = "maximum_amount_usd"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        purchaseID = try c.decodeIfPresent(String.self, forKey: .purchaseID) ?? ""
        holdID = try c.decodeIfPresent(String.self, forKey: .holdID) ?? ""
        sessionID = try c.decodeIfPresent(String.self, forKey: .sessionID)
        serviceID = try c.decodeIfPresent(String.self, forKey: .serviceID)
        agentWallet = try c.decode(Address.self, forKey: .agentWallet)
        recipient = try c.decode(Address.self, forKey: .recipient)
        amount = try c.decode(UInt256.self, forKey: .amountBaseUnits)
        token = try c.decode(Address.self, forKey: .token)
        tokenSymbol = try c.decodeIfPresent(String.self, forKey: .tokenSymbol) ?? ""
        tokenDecimals = try c.decodeIfPresent(Int.self, forKey: .tokenDecimals) ?? 6
        amountUSD = try c.decodeIfPresent(USDAmount.self, forKey: .amountUSD) ?? .zero
        network = try c.decodeIfPresent(String.self, forKey: .network) ?? ""
        resource = try c.decodeIfPresent(String.self, forKey: .resource) ?? ""
        txHash = try c.decodeIfPresent(String.self, forKey: .txHash)
        status = try c.decode(PaymentStatus.self, forKey: .status)
        failureReason = try c.decodeIfPresent(String.self, forKey: .failureReason)
        validBefore = try c.decodeIfPresent(Timestamp.self, forKey: .validBefore) ?? Timestamp(milliseconds: 0)
        createdAt = try c.decode(Timestamp.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Timestamp.self, forKey: .updatedAt) ?? createdAt
        settledAt = try c.decodeIfPresent(Timestamp.self, forKey: .settledAt)
        authorizationNonce = try c.decodeIfPresent(String.self, forKey: .authorizationNonce)
        signedAt = try c.decodeIfPresent(Timestamp.self, forKey: .signedAt)
        maximumAmount = try c.decodeIfPresent(UInt256.self, forKey: .maximumAmountBaseUnits)
        maximumAmountUSD = try c.decodeIfPresent(USDAmount.self, forKey: .maximumAmountUSD)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(purchaseID, forKey: .purchaseID)
        try c.encode(holdID, forKey: .holdID)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(serviceID, forKey: .serviceID)
        try c.encode(agentWallet, forKey: .agentWallet)
        try c.encode(recipient, forKey: .recipient)
        try c.encode(TokenAmount.format(amount, decimals: tokenDecimals), forKey: .amount)
        try c.encode(amount, forKey: .amountBaseUnits)
        try c.encode(token, forKey: .token)
        try c.encode(tokenSymbol, forKey: .tokenSymbol)
        try c.encode(tokenDecimals, forKey: .tokenDecimals)
        try c.encode(amountUSD, forKey: .amountUSD)
        try c.encode(network, forKey: .network)
        try c.encode(resource, forKey: .resource)
        try c.encode(txHash, forKey: .txHash)
        try c.encode(status, forKey: .status)
        try c.encode(failureReason, forKey: .failureReason)
        try c.encode(validBefore, forKey: .validBefore)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(settledAt, forKey: .settledAt)
        try c.encodeIfPresent(authorizationNonce, forKey: .authorizationNonce)
        try c.encodeIfPresent(signedAt, forKey: .signedAt)
        if let maximumAmount {
            try c.encode(TokenAmount.format(maximumAmount, decimals: tokenDecimals), forKey: .maximumAmount)
            try c.encode(maximumAmount, forKey: .maximumAmountBaseUnits)
        }
        try c.encodeIfPresent(maximumAmountUSD, forKey: .maximumAmountUSD)
    }
}

/// `GET /payments/stats`.
public struct PaymentStats: Sendable, Hashable, Codable {
    /// Payments counted.
    public var totalPayments: Int
    /// USD of confirmed payments.
    public var totalAmountUSD: USDAmount
    /// Confirmed count.
    public var confirmedPayments: Int
    /// Pending count.
    public var pendingPayments: Int
    /// Signed, outcome not recorded yet.
    public var signedPayments: Int
    /// Failed count.
    public var failedPayments: Int
    /// Unknown-outcome count.
    public var unknownPayments: Int
    /// confirmed / (confirmed + failed), 0…1; 0 when there is none.
    public var successRate: Double

    /// Creates stats.
    public init(totalPayments: Int, totalAmountUSD: USDAmount, confirmedPayments: Int, pendingPayments: Int,
                signedPayments: Int = 0, failedPayments: Int, unknownPayments: Int, successRate: Double) {
        self.totalPayments = totalPayments
        self.totalAmountUSD = totalAmountUSD
        self.confirmedPayments = confirmedPayments
        self.pendingPayments = pendingPayments
        self.signedPayments = signedPayments
        self.failedPayments = failedPayments
        self.unknownPayments = unknownPayments
        self.successRate = successRate
    }

    enum CodingKeys: String, CodingKey {
        case totalPayments = "total_payments"
        case totalAmountUSD = "total_amount_usd"
        case confirmedPayments = "confirmed_payments"
        case pendingPayments = "pending_payments"
        case signedPayments = "signed_payments"
        case failedPayments = "failed_payments"
        case unknownPayments = "unknown_payments"
        case successRate = "success_rate"
    }
}
