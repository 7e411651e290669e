import PaygentAgents
import PaygentCore
import PaygentEVM
import PaygentWire
import X402

extension AgentGateway {
    /// `POST /api/v1/wallet/transfer`: moves tokens from the server's wallet to `recipient` on the
    /// devnet ledger through the same policy as every payment — a hold first, the approval
    /// threshold (202 `awaiting_approval` with the request id; `POST /payments/execute-approved`
    /// makes it once approved), the session's and the global budgets, kill and pause.
    /// `purchaseKey` (the `Idempotency-Key`) makes a retry the same transfer: it never moves twice.
    public func transfer(_ input: WalletTransferInput, caller: Caller, purchaseKey: String?) async throws(PaygentError) -> WalletTransferOutput {
        let priceTable = try await paygent.policy().priceTable
        let order: TransferOrder
        do throws(TransferOrder.Invalid) {
            order = try TransferOrder.make(recipient: input.recipient, amount: input.amount, token: input.token ?? "USDC", from: wallet,
                                           tokens: runtime.configuration.paymentTokens, priceTable: priceTable)
        } catch {
            throw .invalid(error.field, error.message)
        }
        let sessionID = try await paymentSession(input.sessionID, caller: caller)
        let purchaseID = try Self.purchaseID(caller: caller, key: purchaseKey)
        return try await make(TransferOnBehalf(order: order, sessionID: sessionID, purchaseID: purchaseID))
    }

    /// Makes `transfer` unless its purchase already moved (or may have moved) money, and answers.
    func make(_ transfer: TransferOnBehalf) async throws(PaygentError) -> WalletTransferOutput {
        let order = transfer.order
        var output = WalletTransferOutput(
            status: "failed", fromAddress: wallet.checksummed, toAddress: order.recipient.checksummed, amount: order.token.format(order.amount),
            amountBaseUnits: order.amount.description, token: order.token.symbol, tokenAddress: order.token.address.checksummed,
            purchaseID: transfer.purchaseID, sessionID: transfer.sessionID)
        if let payment = try await X402PayOutput.payment(purchaseID: transfer.purchaseID, sessionID: transfer.sessionID, paygent: paygent),
           payment.status != .failed
        {
            output.status = payment.status == .confirmed ? "already_paid" : "in_flight"
            output.paymentID = payment.id
            output.txHash = payment.txHash
            output.reason = payment.status == .confirmed
                ? "this transfer was made before (payment \(payment.id)); it is never made twice"
                : "this transfer's payment is \(payment.status.rawValue); its outcome is being settled"
            return output
        }
        let result: PaymentGateway.TransferResult
        do throws(AgentFailure) { result = try await runtime.transfer(transfer) } catch { throw Self.error(error, field: "session_id") }
        switch result {
        case .settled(let transaction, _):
            output.status = "completed"
            output.txHash = transaction
        case .approvalRequired(_, let reason):
            output.status = "awaiting_approval"
            let approval = try await paygent.approval(purchaseID: transfer.purchaseID)
            output.requestID = approval?.id
            output.reason = approval?.reason ?? reason
            return output
        case .denied(let reason):
            output.status = "denied"
            output.reason = reason
            return output
        case .failed(let reason, let unknown):
            output.status = "failed"
            output.reason = (unknown ? "outcome unknown: " : "") + reason
        }
        output.paymentID = try await X402PayOutput.payment(purchaseID: transfer.purchaseID, sessionID: transfer.sessionID, paygent: paygent)?.id
        return output
    }

    /// The transfer an approved request of `POST /wallet/transfer` stands for: the approved (or
    /// edited-down) amount of the requested token to the requested address, as the same purchase.
    func approvedTransfer(_ approval: ApprovalRequest, purchaseID: String) async throws(PaygentError) -> TransferOnBehalf {
        let args = approval.editedArgs ?? approval.toolArgs
        guard let to = args["to"]?.stringValue ?? approval.payee?.checksummed, let token = approval.token,
              let units = approval.approvedAmount ?? approval.amount
        else { throw PaygentError(.internal, "approval \(approval.id) records no transfer") }
        let priceTable = try await paygent.policy().priceTable
        let tokens = runtime.configuration.paymentTokens
        guard let paymentToken = tokens.first(where: { $0.address == token }) else {
            throw .conflict("approval \(approval.id) is for token \(token.checksummed), which this server does not hold")
        }
        do throws(TransferOrder.Invalid) {
            let order = try TransferOrder.make(recipient: to, amount: paymentToken.format(units), token: token.checksummed, from: wallet,
                                               tokens: tokens, priceTable: priceTable)
            return TransferOnBehalf(order: order, sessionID: approval.sessionID, purchaseID: purchaseID)
        } catch {
            throw PaygentError(.internal, "approval \(approval.id) records an invalid transfer: \(error)")
        }
    }
}
