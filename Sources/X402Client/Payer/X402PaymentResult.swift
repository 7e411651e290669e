import X402
import Http
import PaygentEVM

/// A completed paid request.
public struct X402Receipt: Sendable {
    /// The server's final response (2xx or 3xx) to the paid request.
    public var response: HTTPResponse
    /// The decoded `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE`, when the server sent one.
    public var settlement: SettleResponse?
    /// The requirement that was paid.
    public var requirement: PaymentRequirement
    /// The signed payment that was sent.
    public var payment: PaymentPayload
    /// The 402 challenge that asked for it (nil when a pending payment was re-sent).
    public var challenge: PaymentChallenge?
    /// The intent the policy allowed.
    public var intent: PaymentIntent
    /// HTTP attempts made for the paid request (1 without retries).
    public var attempts: Int

    /// Creates a receipt.
    public init(
        response: HTTPResponse, settlement: SettleResponse?, requirement: PaymentRequirement, payment: PaymentPayload,
        challenge: PaymentChallenge?, intent: PaymentIntent, attempts: Int
    ) {
        self.response = response
        self.settlement = settlement
        self.requirement = requirement
        self.payment = payment
        self.challenge = challenge
        self.intent = intent
        self.attempts = attempts
    }

    /// The response body.
    public var body: [UInt8] { response.body }
    /// The settlement's transaction hash, if reported.
    public var transaction: String? {
        guard let settlement, settlement.success, !settlement.transaction.isEmpty else { return nil }
        return settlement.transaction
    }
}

/// How one purchase ended.
public enum X402PaymentResult: Sendable {
    /// Paid and served.
    case paid(X402Receipt)
    /// The server answered without asking for payment (any status but 402).
    case notRequired(HTTPResponse)
    /// The policy wants a human to decide on `intent` first; nothing was signed. Retry the
    /// purchase with the same purchase id once it is decided.
    case approvalRequired(intent: PaymentIntent, reason: String)
    /// The configuration or the policy refused every option; nothing was signed.
    case denied(reason: String)
    /// The purchase failed; the error says whether a signed payment may still settle.
    case failed(X402PayerError)

    /// The receipt when paid.
    public var receipt: X402Receipt? { if case .paid(let r) = self { r } else { nil } }
}

/// Why a purchase failed.
public enum X402PayerError: Error, Sendable, CustomStringConvertible {
    /// The unpaid request could not be sent (nothing was signed).
    case transport(HTTPError)
    /// The server kept answering a retryable status (429, 5xx) before any payment was signed.
    case serverUnavailable(status: Int, retryAfter: Duration?)
    /// The 402 response could not be decoded.
    case invalidPaymentRequired(DecodeError)
    /// The 402 response offered nothing this payer can sign (other schemes, unknown networks,
    /// missing EIP-712 domain); the strings say why for each option.
    case noSupportedRequirement([String])
    /// The policy threw instead of deciding.
    case policyFailed(String)
    /// Signing failed (nothing was sent).
    case signingFailed(String)
    /// The server or facilitator rejected the payment; it did not settle.
    case paymentRejected(reason: ReasonCode, message: String?, status: Int, settlement: SettleResponse?)
    /// A signed payment was sent but whether it settled is unknown (lost response, retries
    /// exhausted, a replay rejection after a possibly delivered attempt). The same authorisation
    /// is re-sent if the purchase is retried before `validBefore`; no new one is signed.
    case outcomeUnknown(reason: String, validBefore: UInt64)
    /// An earlier attempt of this purchase has an unknown outcome and its authorisation has
    /// expired; the caller must resolve it (``X402Payer/resolvePendingPayment(purchaseID:)``)
    /// before the purchase can be paid again.
    case unresolvedPayment(purchaseID: String, validBefore: UInt64)
    /// Another call is paying for the same purchase id right now.
    case purchaseInProgress(String)
    /// The task was cancelled before a payment was sent.
    case cancelled

    public var description: String {
        switch self {
        case .transport(let error): "request failed: \(error)"
        case .serverUnavailable(let status, let retryAfter):
            "server answered HTTP \(status) until retries ran out" + (retryAfter.map { " (Retry-After \($0))" } ?? "")
        case .invalidPaymentRequired(let error): "\(error.reason): malformed 402 response: \(error)"
        case .noSupportedRequirement(let reasons):
            "no payment option can be used: " + (reasons.isEmpty ? "the 402 response lists none" : reasons.joined(separator: "; "))
        case .policyFailed(let message): "payment policy failed: \(message)"
        case .signingFailed(let message): "signing failed: \(message)"
        case .paymentRejected(let reason, let message, let status, _):
            "payment rejected (HTTP \(status)): \(reason)" + (message.map { " (\($0))" } ?? "")
        case .outcomeUnknown(let reason, let validBefore):
            "payment outcome unknown: \(reason); the authorisation stays valid until \(validBefore) and will be re-sent, never re-signed"
        case .unresolvedPayment(let id, let validBefore):
            "purchase \(id) has a payment of unknown outcome (valid until \(validBefore)); resolve it before paying again"
        case .purchaseInProgress(let id): "purchase \(id) is already being paid"
        case .cancelled: "cancelled"
        }
    }

    /// The reason code, when the failure has one.
    public var reason: ReasonCode? {
        switch self {
        case .invalidPaymentRequired(let error): error.reason
        case .paymentRejected(let reason, _, _, _): reason
        default: nil
        }
    }
}
