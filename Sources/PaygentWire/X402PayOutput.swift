import PaygentCore
import PaygentFoundation

/// `POST /api/v1/payments/x402` answer: `{payment_id, tx_hash, status, service_response}` as the
/// prototype sent, plus the purchase and session ids, the service's HTTP status, and while the
/// payment waits for a human the approval `request_id`.
public struct X402PayOutput: Sendable, Hashable, Codable {
    /// `completed` (paid and served), `not_required` (served without payment),
    /// `awaiting_approval`, `denied` (policy), `failed`, or for a purchase made before
    /// `already_paid` / `in_flight` (nothing is paid again).
    public var status: String
    public var paymentID: String?
    public var txHash: String?
    public var purchaseID: String
    public var sessionID: String
    /// The service's answer: its JSON, or its text when it is not JSON (nil when not served).
    public var serviceResponse: JSONValue?
    /// The service's HTTP status (when served).
    public var httpStatus: Int?
    /// Amount paid, base units of `token`.
    public var amount: String?
    public var token: String?
    public var requestID: String?
    /// Why it was denied or failed, or why it waits.
    public var reason: String?

    /// The HTTP status the server answers with: 200 served, 202 waiting, 409 denied, 502 failed.
    public var responseStatus: Int { Self.responseStatus(for: status) }

    /// The HTTP status for a payment's `status` (shared with ``WalletTransferOutput``).
    public static func responseStatus(for status: String) -> Int {
        switch status {
        case "completed", "not_required", "already_paid": 200
        case "in_flight": 409
        case "awaiting_approval": 202
        case "denied": 409
        default: 502
        }
    }

    enum CodingKeys: String, CodingKey {
        case status
        case paymentID = "payment_id"
        case txHash = "tx_hash"
        case purchaseID = "purchase_id"
        case sessionID = "session_id"
        case serviceResponse = "service_response"
        case httpStatus = "http_status"
        case amount, token
        case requestID = "request_id"
        case reason
    }

    /// An answer with `status` for purchase `purchaseID` in session `sessionID`; the rest is set
    /// as the outcome is known.
    public init(status: String, purchaseID: String, sessionID: String) {
        self.status = status
        self.purchaseID = purchaseID
        self.sessionID = sessionID
    }
}
