/// `POST /api/v1/wallet/transfer` answer: the prototype's `{tx_hash, status, from_address,
/// to_address, amount, token}`, plus the exact base units, the token's address, the payment,
/// purchase and session ids and, while the transfer waits for a human, the approval `request_id`
/// (make it with `POST /payments/execute-approved` once approved).
public struct WalletTransferOutput: Sendable, Hashable, Codable {
    /// `completed`, `awaiting_approval`, `denied` (policy), `failed`, or for a transfer made
    /// before with the same `Idempotency-Key`, `already_paid` / `in_flight` (nothing moves again).
    public var status: String
    public var txHash: String?
    /// The paying wallet (the server's).
    public var fromAddress: String
    public var toAddress: String
    /// Whole tokens (`"5.00"`).
    public var amount: String
    /// Base units of the token (decimal integer text).
    public var amountBaseUnits: String
    /// Token symbol.
    public var token: String
    public var tokenAddress: String
    public var paymentID: String?
    public var purchaseID: String
    public var sessionID: String
    public var requestID: String?
    /// Why it was denied or failed, or why it waits.
    public var reason: String?

    /// An answer with `status`; the rest is set as the outcome is known.
    public init(status: String, fromAddress: String, toAddress: String, amount: String, amountBaseUnits: String, token: String,
                tokenAddress: String, purchaseID: String, sessionID: String) {
        self.status = status
        self.fromAddress = fromAddress
        self.toAddress = toAddress
        self.amount = amount
        self.amountBaseUnits = amountBaseUnits
        self.token = token
        self.tokenAddress = tokenAddress
        self.purchaseID = purchaseID
        self.sessionID = sessionID
    }

    /// The HTTP status the server answers with: 200 made, 202 waiting, 409 denied or in flight, 502 failed.
    public var responseStatus: Int { X402PayOutput.responseStatus(for: status) }

    enum CodingKeys: String, CodingKey {
        case status
        case txHash = "tx_hash"
        case fromAddress = "from_address"
        case toAddress = "to_address"
        case amount
        case amountBaseUnits = "amount_base_units"
        case token
        case tokenAddress = "token_address"
        case paymentID = "payment_id"
        case purchaseID = "purchase_id"
        case sessionID = "session_id"
        case requestID = "request_id"
        case reason
    }
}
