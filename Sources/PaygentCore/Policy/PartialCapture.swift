import PaygentEVM
import X402

/// Settlement of an `upto` payment that charged less than its hold: capture the charge, release
/// the rest, in the same write transaction.
///
/// The hold and the payment are lowered to the charge (so the rolling windows, the budgets and
/// the spend count exactly what moved), the payment keeps the authorised maximum in
/// ``Payment/maximumAmount``, and the session's held USD drops by the whole hold while its spent
/// USD rises by the charge's USD value. The released USD is the hold's USD minus the charge's, so
/// captured + released is the held amount exactly (no rounding can create or lose a micro-dollar).
enum PartialCapture {
    static func apply(
        charged: UInt256, transaction: String, to original: Hold, payment original2: Payment, session: AgentSession?,
        tx: any StoreTransaction, now: Timestamp, actor: String
    ) throws {
        var hold = original
        var payment = original2
        let settings = try tx.policySettings()
        // The USD value of the charge; at most the hold's (the charge is smaller, prices are linear).
        let chargedUSD = min(settings.priceTable.token(hold.token)?.usdValue(of: charged) ?? hold.amountUSD, hold.amountUSD)
        let releasedUSD = hold.amountUSD.saturatingSubtract(chargedUSD)
        if payment.maximumAmount == nil {
            payment.maximumAmount = hold.amount
            payment.maximumAmountUSD = hold.amountUSD
        }
        let heldUSD = hold.amountUSD
        hold.amount = charged
        hold.amountUSD = chargedUSD
        hold.status = .captured
        hold.updatedAt = now
        payment.amount = charged
        payment.amountUSD = chargedUSD
        payment.status = .confirmed
        payment.txHash = transaction
        payment.failureReason = nil
        payment.settledAt = now
        payment.updatedAt = now
        try tx.updatePayment(payment, hold: hold)
        if var s = session {
            s.heldUSD = s.heldUSD.saturatingSubtract(heldUSD)
            s.spentUSD = s.spentUSD.adding(chargedUSD) ?? s.spentUSD
            s.paymentCount += 1
            s.lastActive = now
            try tx.updateSession(s)
        }
        try HoldSettlement.recordServiceOutcome(hold: hold, success: true, latency: now.milliseconds - hold.createdAt.milliseconds, tx: tx, now: now)
        _ = try tx.appendEvent(
            NewEvent(.paymentSettled, sessionID: hold.sessionID, subjectID: payment.id, actor: actor, data: [
                "payment_id": .string(payment.id), "hold_id": .string(hold.id), "tx_hash": .string(transaction),
                "amount": .string(TokenAmount.format(charged, decimals: payment.tokenDecimals)), "currency": .string(payment.tokenSymbol),
                "amount_usd": .string(chargedUSD.description),
                "maximum_amount": .string(TokenAmount.format(payment.maximumAmount ?? charged, decimals: payment.tokenDecimals)),
                "released_usd": .string(releasedUSD.description),
                "recaptured": .bool(false),
            ]),
            at: now)
    }
}
