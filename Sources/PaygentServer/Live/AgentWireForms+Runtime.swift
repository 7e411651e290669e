import PaygentAgents
import PaygentCore
import PaygentFoundation
import PaygentWire
import X402
import X402Client

/// The server side of the agent wire forms (PaygentWire): built from the runtime's results.
extension AgentExecuteOutput {
    /// The answer for a run's current state.
    public init(_ run: AgentRunResult) {
        self.init(sessionID: run.sessionID, runID: run.runID, status: run.status.rawValue, result: run.result, error: run.error,
                  errorType: run.errorType?.rawValue, totalCostUSD: run.totalCostUSD, durationMs: run.durationMs,
                  requestID: run.status == .awaitingApproval ? run.pendingApprovalID : nil)
    }
}

extension X402PayOutput {
    init(status: String, purchase: PurchaseOnBehalf) {
        self.init(status: status, purchaseID: purchase.purchaseID, sessionID: purchase.sessionID)
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
            output.paymentID = try await payment(purchaseID: purchase.purchaseID, sessionID: purchase.sessionID, paygent: paygent)?.id
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
            output.paymentID = try await payment(purchaseID: purchase.purchaseID, sessionID: purchase.sessionID, paygent: paygent)?.id
            return output
        }
    }

    /// The answer for a purchase that already moved (or may have moved) money: it is never made
    /// again. Nil when the purchase has no payment, or only failed ones.
    static func alreadyPaid(_ purchase: PurchaseOnBehalf, paygent: EmbeddedPaygent) async throws(PaygentError) -> X402PayOutput? {
        guard let payment = try await payment(purchaseID: purchase.purchaseID, sessionID: purchase.sessionID, paygent: paygent),
              payment.status != .failed else { return nil }
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

    /// The payment row of purchase `purchaseID` in session `sessionID`, if one was written.
    static func payment(purchaseID: String, sessionID: String, paygent: EmbeddedPaygent) async throws(PaygentError) -> Payment? {
        let page = try await paygent.payments(PaymentQuery(sessionID: sessionID, page: PageRequest(offset: 0, limit: 100)))
        return page.items.first { $0.purchaseID == purchaseID }
    }

    /// A service's body as JSON when it is JSON, else as a string (at most 1 MiB).
    static func body(_ bytes: [UInt8]) -> JSONValue {
        let clipped = bytes.count > 1 << 20 ? Array(bytes.prefix(1 << 20)) : bytes
        let text = String(decoding: clipped, as: UTF8.self)
        if let json = try? JSONValue.parse(text) { return json }
        return .string(text)
    }
}
