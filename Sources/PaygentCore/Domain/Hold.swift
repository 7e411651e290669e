import PaygentEVM
import PaygentFoundation

/// Where a hold stands.
public enum HoldStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Reserved: counts against every limit.
    case held
    /// Settled: counts against every limit, permanently.
    case captured
    /// Given back: counts against nothing.
    case released
}

/// A reservation of spend taken by the policy engine for one allowed payment, like a card
/// authorisation: it counts against the session budget and every rolling window until released.
public struct Hold: Sendable, Hashable, Codable, Identifiable {
    /// Hold id (`hold_…`).
    public var id: String
    /// The purchase (idempotency key: one live hold per purchase).
    public var purchaseID: String
    /// The payment row created with it.
    public var paymentID: String
    /// Session, if any.
    public var sessionID: String?
    /// Service, if known.
    public var serviceID: String?
    /// Paying wallet.
    public var wallet: Address
    /// Token contract.
    public var token: Address
    /// Recipient.
    public var recipient: Address
    /// Amount, base units.
    public var amount: UInt256
    /// USD value.
    public var amountUSD: USDAmount
    /// Status.
    public var status: HoldStatus
    /// Authorisation deadline.
    public var validBefore: Timestamp
    /// When taken; its place in every rolling window.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Creates a hold value.
    public init(id: String, purchaseID: String, paymentID: String, sessionID: String?, serviceID: String?,
                wallet: Address, token: Address, recipient: Address, amount: UInt256, amountUSD: USDAmount,
                status: HoldStatus, validBefore: Timestamp, createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        self.purchaseID = purchaseID
        self.paymentID = paymentID
        self.sessionID = sessionID
        self.serviceID = serviceID
        self.wallet = wallet
        self.token = token
        self.recipient = recipient
        self.amount = amount
        self.amountUSD = amountUSD
        self.status = status
        self.validBefore = validBefore
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case purchaseID = "purchase_id"
        case paymentID = "payment_id"
        case sessionID = "session_id"
        case serviceID = "service_id"
        case wallet, token, recipient
        case amount = "amount_base_units"
        case amountUSD = "amount_usd"
        case status
        case validBefore = "valid_before"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
