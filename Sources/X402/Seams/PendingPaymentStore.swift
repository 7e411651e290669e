import Synchronization

/// A signed payment that was (or is about to be) sent and whose settlement is not known yet.
public struct PendingPayment: Sendable, Hashable {
    /// The purchase it pays for.
    public var purchaseID: String
    /// What the policy allowed.
    public var intent: PaymentIntent
    /// The policy's hold, handed back in ``PaymentPolicy/record(_:for:holdID:)``.
    public var holdID: String?
    /// The requirement it pays.
    public var requirement: PaymentRequirement
    /// The signed payment.
    public var payment: PaymentPayload
    /// The request header name (`PAYMENT-SIGNATURE` or `X-PAYMENT`).
    public var headerName: String
    /// The exact header value that was sent; re-sent verbatim, never re-signed.
    public var headerValue: String

    /// The signed authorisation's nonce (how its state is looked up later).
    public var authorizationNonce: [UInt8] { payment.exact.authorization.nonce }

    /// Creates a pending payment.
    public init(
        purchaseID: String, intent: PaymentIntent, holdID: String?, requirement: PaymentRequirement,
        payment: PaymentPayload, headerName: String, headerValue: String
    ) {
        self.purchaseID = purchaseID
        self.intent = intent
        self.holdID = holdID
        self.requirement = requirement
        self.payment = payment
        self.headerName = headerName
        self.headerValue = headerValue
    }

    /// Unix time after which the authorisation can no longer settle.
    public var validBefore: UInt64 { intent.validBefore }
}

/// Where the payer remembers payments of unknown outcome, by purchase id.
///
/// The payer saves a payment just before sending it and removes it once the outcome is known.
/// A later attempt of the same purchase finds it here and re-sends the same authorisation
/// instead of signing a second one. The control plane may back this with its database.
public protocol PendingPaymentStore: Sendable {
    /// The pending payment of `purchaseID`, if any.
    func pending(for purchaseID: String) async -> PendingPayment?
    /// Saves (or replaces) `payment`.
    func save(_ payment: PendingPayment) async
    /// Forgets the pending payment of `purchaseID`.
    func remove(purchaseID: String) async
}

/// A ``PendingPaymentStore`` in memory.
public final class InMemoryPendingPaymentStore: PendingPaymentStore {
    private let payments = Mutex<[String: PendingPayment]>([:])

    /// Creates an empty store.
    public init() {}

    public func pending(for purchaseID: String) async -> PendingPayment? {
        payments.withLock { $0[purchaseID] }
    }

    public func save(_ payment: PendingPayment) async {
        payments.withLock { $0[payment.purchaseID] = payment }
    }

    public func remove(purchaseID: String) async {
        _ = payments.withLock { $0.removeValue(forKey: purchaseID) }
    }

    /// Every pending payment.
    public var all: [PendingPayment] { payments.withLock { Array($0.values) } }
}
