import PaygentAgents
import X402Client
import PaygentCore
import PaygentWire
import X402

extension AgentGateway {
    /// `POST /api/v1/payments/execute-approved {request_id}`: makes the payment of a
    /// `POST /payments/x402` or `POST /wallet/transfer` call that waited for approval, once it is approved (or edited), as
    /// the same purchase — so a repeated call never pays twice. An agent run's approval needs no
    /// call: the run resumes by itself.
    public func executeApproved(requestID: String, caller: Caller) async throws(PaygentError) -> X402PayOutput {
        let id = try Validate.id(requestID, field: "request_id")
        let approval = try await paygent.approval(id: id)
        guard let purchaseID = approval.purchaseID, purchaseID.hasPrefix("api") else {
            throw .conflict("approval \(id) is not for a payment of POST /payments/x402 or /wallet/transfer (an agent run resumes by itself once it is decided)")
        }
        let session = try await paygent.session(id: approval.sessionID)
        guard caller.mayUseAnySession || session.userID == caller.userID else {
            throw PaygentError(.forbidden, "approval \(id) belongs to another caller's session", field: "request_id")
        }
        switch approval.decision {
        case .approved, .edited: break
        case .pending: throw .conflict("approval \(id) is still pending")
        case .rejected, .expired: throw .conflict("approval \(id) was \(approval.decision.rawValue); nothing is paid")
        }
        if approval.toolName == "transfer" {
            let made = try await make(approvedTransfer(approval, purchaseID: purchaseID))
            var output = X402PayOutput(status: made.status, purchaseID: made.purchaseID, sessionID: made.sessionID)
            output.paymentID = made.paymentID
            output.txHash = made.txHash
            output.amount = made.amountBaseUnits
            output.token = made.tokenAddress
            output.requestID = made.requestID
            output.reason = made.reason
            return output
        }
        let args = approval.editedArgs ?? approval.toolArgs
        guard let url = args["url"]?.stringValue else { throw PaygentError(.internal, "approval \(id) records no url") }
        let purchase = PurchaseOnBehalf(
            url: url, method: args["method"]?.stringValue == "POST" ? .post : .get, sessionID: approval.sessionID,
            serviceID: args["service_id"]?.stringValue, maxAmount: args["max_amount"]?.stringValue,
            currency: approval.currency, purchaseID: purchaseID)
        if let previous = try await X402PayOutput.alreadyPaid(purchase, paygent: paygent) { return previous }
        let result: X402PaymentResult
        do throws(AgentFailure) { result = try await runtime.purchase(purchase) } catch { throw Self.error(error, field: "request_id") }
        return try await X402PayOutput.make(result, purchase: purchase, paygent: paygent)
    }
}
