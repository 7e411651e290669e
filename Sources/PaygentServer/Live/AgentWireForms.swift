import Foundation
import X402Client
import PaygentFoundation
import PaygentAgents
import PaygentCore
import X402

/// `POST /api/v1/agent/execute` and `/agent/stream` body.
public struct AgentExecuteInput: Sendable, Hashable, Codable {
    /// The natural-language command (1…10000 characters).
    public var command: String
    /// Run in this existing session (default: a new one for the caller).
    public var sessionID: String?
    /// Budget of the new session, USD (number or string; default 50.00).
    public var budgetLimitUSD: USDAmount?

    /// Creates an input.
    public init(command: String, sessionID: String? = nil, budgetLimitUSD: USDAmount? = nil) {
        self.command = command
        self.sessionID = sessionID
        self.budgetLimitUSD = budgetLimitUSD
    }

    enum CodingKeys: String, CodingKey {
        case command
        case sessionID = "session_id"
        case budgetLimitUSD = "budget_limit_usd"
    }
}

/// `POST /api/v1/agent/execute` answer: `{session_id, status, result, total_cost_usd}` as the
/// prototype sent, plus the run id and, while the run waits, the approval `request_id`.
public struct AgentExecuteOutput: Sendable, Hashable, Codable {
    public var sessionID: String
    public var runID: String
    /// `completed`, `failed`, `cancelled` or `awaiting_approval`.
    public var status: String
    public var result: String?
    public var error: String?
    public var errorType: String?
    public var totalCostUSD: USDAmount
    public var durationMs: Int64
    /// The approval request the run waits for (status `awaiting_approval`).
    public var requestID: String?

    /// The answer for a run's current state.
    public init(_ run: AgentRunResult) {
        sessionID = run.sessionID
        runID = run.runID
        status = run.status.rawValue
        result = run.result
        error = run.error
        errorType = run.errorType?.rawValue
        totalCostUSD = run.totalCostUSD
        durationMs = run.durationMs
        requestID = run.status == .awaitingApproval ? run.pendingApprovalID : nil
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case runID = "run_id"
        case status, result, error
        case errorType = "error_type"
        case totalCostUSD = "total_cost_usd"
        case durationMs = "duration_ms"
        case requestID = "request_id"
    }
}

/// `POST /api/v1/payments/x402` body: `{service_url, max_amount?, token?, service_id?, session_id?,
/// method?, body?}` (`amount` is accepted for `max_amount`, as the prototype named it).
public struct X402PayInput: Sendable, Hashable, Codable {
    public var serviceURL: String
    /// Most this call may pay, whole tokens (number or string).
    public var maxAmount: USDAmount?
    /// Currency of the ceiling (default USDC).
    public var token: String?
    public var serviceID: String?
    public var sessionID: String?
    /// GET (default) or POST.
    public var method: String?
    /// Request body for POST (text).
    public var body: String?

    /// Creates an input.
    public init(serviceURL: String, maxAmount: USDAmount? = nil, token: String? = nil, serviceID: String? = nil,
                sessionID: String? = nil, method: String? = nil, body: String? = nil) {
        self.serviceURL = serviceURL
        self.maxAmount = maxAmount
        self.token = token
        self.serviceID = serviceID
        self.sessionID = sessionID
        self.method = method
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case serviceURL = "service_url"
        case maxAmount = "max_amount"
        case amount, token
        case serviceID = "service_id"
        case sessionID = "session_id"
        case method, body
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        serviceURL = try container.decode(String.self, forKey: .serviceURL)
        maxAmount = try container.decodeIfPresent(USDAmount.self, forKey: .maxAmount)
            ?? container.decodeIfPresent(USDAmount.self, forKey: .amount)
        token = try container.decodeIfPresent(String.self, forKey: .token)
        serviceID = try container.decodeIfPresent(String.self, forKey: .serviceID)
        sessionID = try container.decodeIfPresent(String.self, forKey: .sessionID)
        method = try container.decodeIfPresent(String.self, forKey: .method)
        body = try container.decodeIfPresent(String.self, forKey: .body)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(serviceURL, forKey: .serviceURL)
        try container.encodeIfPresent(maxAmount, forKey: .maxAmount)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encodeIfPresent(serviceID, forKey: .serviceID)
        try container.encodeIfPresent(sessionID, forKey: .sessionID)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encodeIfPresent(body, forKey: .body)
    }
}

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
    public var responseStatus: Int {
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

    init(status: String, purchase: PurchaseOnBehalf) {
        self.status = status
        self.purchaseID = purchase.purchaseID
        self.sessionID = purchase.sessionID
    }

    /// The answer for a purchase's outcome (the payment row is looked up by its purchase id).
    static func make(_ result: X402PaymentResult, purchase: PurchaseOnBehalf, paygent: EmbeddedPaygent) async throws(PaygentError) -> X402PayOutput {
        switch result {
        case .paid(let receipt):
            var output = X402PayOutput(status: "completed", purchase: purchase)
            output.txHash = receipt.transaction
            output.httpStatus = receipt.response.status
            output.serviceResponse = body(receipt.body)
            output.amount = receipt.intent.amount.description
            output.token = receipt.intent.asset.checksummed
            output.paymentID = try await payment(purchase, paygent: paygent)?.id
            return output
        case .notRequired(let response):
            var output = X402PayOutput(status: "not_required", purchase: purchase)
            output.httpStatus = response.status
            output.serviceResponse = body(response.body)
            return output
        case .approvalRequired(_, let reason):
            var output = X402PayOutput(status: "awaiting_approval", purchase: purchase)
            let approval = try await paygent.approval(purchaseID: purchase.purchaseID)
            output.requestID = approval?.id
            output.reason = approval?.reason ?? reason
            return output
        case .denied(let reason):
            var output = X402PayOutput(status: "denied", purchase: purchase)
            output.reason = reason
            return output
        case .failed(let error):
            var output = X402PayOutput(status: "failed", purchase: purchase)
            output.reason = String(describing: error)
            output.paymentID = try await payment(purchase, paygent: paygent)?.id
            return output
        }
    }

    /// The answer for a purchase that already moved (or may have moved) money: it is never made
    /// again. Nil when the purchase has no payment, or only failed ones.
    static func alreadyPaid(_ purchase: PurchaseOnBehalf, paygent: EmbeddedPaygent) async throws(PaygentError) -> X402PayOutput? {
        guard let payment = try await payment(purchase, paygent: paygent), payment.status != .failed else { return nil }
        var output = X402PayOutput(status: payment.status == .confirmed ? "already_paid" : "in_flight", purchase: purchase)
        output.paymentID = payment.id
        output.txHash = payment.txHash
        output.amount = payment.amount.description
        output.token = payment.token.checksummed
        output.reason = payment.status == .confirmed
            ? "this purchase was paid before (payment \(payment.id)); it is never paid twice"
            : "this purchase's payment is \(payment.status.rawValue); its outcome is being settled"
        return output
    }

    /// The payment row of this purchase, if one was written.
    static func payment(_ purchase: PurchaseOnBehalf, paygent: EmbeddedPaygent) async throws(PaygentError) -> Payment? {
        let page = try await paygent.payments(PaymentQuery(sessionID: purchase.sessionID, page: PageRequest(offset: 0, limit: 100)))
        return page.items.first { $0.purchaseID == purchase.purchaseID }
    }

    /// A service's body as JSON when it is JSON, else as a string (at most 1 MiB).
    static func body(_ bytes: [UInt8]) -> JSONValue {
        let clipped = bytes.count > 1 << 20 ? Array(bytes.prefix(1 << 20)) : bytes
        let text = String(decoding: clipped, as: UTF8.self)
        if let json = try? JSONValue.parse(text) { return json }
        return .string(text)
    }
}
