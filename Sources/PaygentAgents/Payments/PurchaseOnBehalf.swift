import Http
import X402Client
import PaygentFoundation
import PaygentCore
import X402

/// One x402 purchase made for a caller outside the runtime (`POST /api/v1/payments/x402`): the
/// same payment gateway, policy and durable ledger as an agent's `x402_fetch` step, in a session
/// of the caller's, with the runtime's wallet keys.
public struct PurchaseOnBehalf: Sendable {
    /// The URL to call (absolute http/https).
    public var url: String
    /// GET or POST.
    public var method: HTTPMethod
    /// Body for POST.
    public var body: [UInt8]
    /// Session the payment is made in (its wallet pays, its budget and policy apply).
    public var sessionID: String
    /// Registry service the URL belongs to, when known.
    public var serviceID: String?
    /// Most the call may pay, whole tokens (`"0.10"`).
    public var maxAmount: String?
    /// Currency of ``maxAmount``.
    public var currency: String
    /// Stable id of this purchase: the same id never pays twice, and an approval granted for it
    /// lets a retry with the same id proceed.
    public var purchaseID: String

    /// Creates a purchase.
    public init(url: String, method: HTTPMethod = .get, body: [UInt8] = [], sessionID: String, serviceID: String? = nil,
                maxAmount: String? = nil, currency: String = "USDC", purchaseID: String) {
        self.url = url
        self.method = method
        self.body = body
        self.sessionID = sessionID
        self.serviceID = serviceID
        self.maxAmount = maxAmount
        self.currency = currency
        self.purchaseID = purchaseID
    }

    /// The arguments recorded with the payment and shown in an approval request.
    public var toolArgs: JSONValue {
        var object: JSONObject = ["url": .string(url), "method": .string(method.rawValue)]
        if let maxAmount { object["max_amount"] = .string(maxAmount) }
        if let serviceID { object["service_id"] = .string(serviceID) }
        return .object(object)
    }
}

extension AgentRuntime {
    /// Pays for and performs `purchase` under the session's policy. Nothing is signed unless the
    /// policy allows it; a purchase above the approval threshold returns `.approvalRequired`
    /// with the request recorded (retry with the same purchase id once it is approved).
    public func purchase(_ purchase: PurchaseOnBehalf) async throws(AgentFailure) -> X402PaymentResult {
        let (session, settings, gateway) = try await onBehalf(sessionID: purchase.sessionID)
        let request = HTTPRequest(method: purchase.method, url: purchase.url, headers: ["Accept": "application/json"],
                                  body: purchase.body.isEmpty ? nil : purchase.body, timeout: .seconds(30), connectTimeout: .seconds(5))
        let limits = PaymentGateway.Limits(maxAmount: purchase.maxAmount, currency: AmountPhrase.displaySymbol(purchase.currency))
        return try await gateway.fetch(
            request, purchaseID: purchase.purchaseID, session: session, serviceID: purchase.serviceID, toolName: "x402_fetch",
            toolArgs: purchase.toolArgs, limits: limits, priceTable: settings.priceTable)
    }
}
