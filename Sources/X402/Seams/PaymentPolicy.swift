import PaygentEVM

/// One payment the payer is about to make, described before any signature exists.
///
/// The payer builds an intent for each acceptable requirement of a 402 response and asks its
/// ``PaymentPolicy`` about it. The control plane's budget engine implements the policy.
public struct PaymentIntent: Sendable, Hashable {
    /// Stable identifier of one purchase. Retries of the same purchase reuse it, so a policy can
    /// make its hold idempotent and the payer never signs twice for one purchase.
    public var purchaseID: String
    /// The URL being paid for.
    public var resource: String
    /// The x402 scheme: `exact`, or `upto` (``amount`` is then the maximum the payer authorises;
    /// the charge, known at settlement, is at most that).
    public var scheme: String
    /// The network exactly as the server named it (`cronos-testnet` or `eip155:338`).
    public var network: String
    /// The EVM chain id the network resolves to.
    public var chainID: UInt64
    /// Token contract.
    public var asset: Address
    /// Recipient.
    public var payTo: Address
    /// Amount in the token's base units: the price (`exact`) or the maximum (`upto`).
    public var amount: UInt256
    /// The wallet that will sign.
    public var payer: Address
    /// Unix time (seconds) after which the authorisation can no longer settle.
    public var validBefore: UInt64
    /// Human-readable description from the server (untrusted text).
    public var description: String

    /// Creates an intent.
    public init(
        purchaseID: String, resource: String, scheme: String, network: String, chainID: UInt64,
        asset: Address, payTo: Address, amount: UInt256, payer: Address, validBefore: UInt64,
        description: String
    ) {
        self.purchaseID = purchaseID
        self.resource = resource
        self.scheme = scheme
        self.network = network
        self.chainID = chainID
        self.asset = asset
        self.payTo = payTo
        self.amount = amount
        self.payer = payer
        self.validBefore = validBefore
        self.description = description
    }
}

/// What a policy says about one ``PaymentIntent``.
public enum PolicyDecision: Sendable, Hashable {
    /// Pay. `holdID` names the reservation the policy took, if any; it comes back in ``PaymentPolicy/record(_:for:holdID:)``.
    case allow(holdID: String?)
    /// Do not pay; `reason` is meant for an operator to read.
    case deny(reason: String)
    /// A human must decide first. The payer stops without signing and reports this to its caller,
    /// which records a durable approval request and retries the purchase once it is decided.
    case askHuman(reason: String)
}

/// How a payment ended, as far as the payer knows.
public enum PaymentOutcome: Sendable, Hashable {
    /// The facilitator settled it; `transaction` is the transaction hash. For an `upto`
    /// payment, `charged` is the amount actually moved (at most the authorised maximum the hold
    /// was taken for): the policy captures that much and releases the rest. `nil`: the whole
    /// authorised amount.
    case settled(transaction: String, charged: UInt256? = nil)
    /// It definitely did not move money (rejected before or at settlement).
    case failed(reason: String)
    /// Signed and sent, but whether it settled is unknown. Any hold must stay until the
    /// authorisation's `validBefore` has passed and the state is known. `nonce` is the signed
    /// authorisation's 32-byte nonce, by which its state can be looked up (EIP-3009
    /// `authorizationState`) once no more settlement is possible.
    case unknown(reason: String, nonce: [UInt8]? = nil)
}

/// The seam between the x402 payer and whatever controls spending.
///
/// The payer calls ``authorize(_:)`` before it signs anything and ``record(_:for:holdID:)`` once
/// the outcome is known. Implementations must be safe to call concurrently.
public protocol PaymentPolicy: Sendable {
    /// Decides whether the payer may sign `intent`. An `allow` should reserve (hold) the amount.
    func authorize(_ intent: PaymentIntent) async throws -> PolicyDecision
    /// Records, durably, that the allowed `intent` was signed with `nonce` — called after signing
    /// and before the authorisation leaves the process. A throw means the payment must not be
    /// sent; the policy has then already released whatever it should (the payer reports nothing
    /// more for it). Policies that keep no state need not implement it.
    func recordSigned(nonce: [UInt8], for intent: PaymentIntent, holdID: String?) async throws
    /// Reports the outcome of a payment that was allowed: capture on `.settled`, release on
    /// `.failed`, keep the hold on `.unknown`.
    func record(_ outcome: PaymentOutcome, for intent: PaymentIntent, holdID: String?) async
}

extension PaymentPolicy {
    /// Nothing to record.
    public func recordSigned(nonce: [UInt8], for intent: PaymentIntent, holdID: String?) async throws {}
}

/// A policy that allows everything up to a per-payment maximum (for CLI use and tests).
public struct MaximumAmountPolicy: PaymentPolicy {
    /// The largest amount allowed for a single payment, in base units.
    public var maximum: UInt256

    /// Creates a policy that allows payments up to `maximum` base units.
    public init(maximum: UInt256) { self.maximum = maximum }

    public func authorize(_ intent: PaymentIntent) async throws -> PolicyDecision {
        intent.amount <= maximum
            ? .allow(holdID: nil)
            : .deny(reason: "amount \(intent.amount) exceeds the maximum \(maximum) base units")
    }

    public func record(_ outcome: PaymentOutcome, for intent: PaymentIntent, holdID: String?) async {}
}
