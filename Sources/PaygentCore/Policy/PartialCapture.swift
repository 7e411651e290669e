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
    /// What a partial capture released, for the `payment.settled` event.
    struct Released {
        /// The authorised maximum (what was held).
        var maximum: UInt256
        /// The hold's USD minus the charge's.
        var releasedUSD: USDAmount
    }

    /// Lowers `hold` and `payment` to `charged` (priced by the policy's table, never above the
    /// hold's USD) and records the maximum on the payment; the caller then captures them as for
    /// any settlement, taking the session's held USD down by the hold's original USD.
    static func lower(
        to charged: UInt256, hold: inout Hold, payment: inout Payment, tx: any StoreTransaction
    ) throws -> Released {
        let settings = try tx.policySettings()
        // The USD value of the charge; at most the hold's (the charge is smaller, prices are linear).
        let chargedUSD = min(settings.priceTable.token(hold.token)?.usdValue(of: charged) ?? hold.amountUSD, hold.amountUSD)
        if payment.maximumAmount == nil {
            payment.maximumAmount = hold.amount
            payment.maximumAmountUSD = hold.amountUSD
        }
        let released = Released(maximum: payment.maximumAmount ?? hold.amount, releasedUSD: hold.amountUSD.saturatingSubtract(chargedUSD))
        hold.amount = charged
        hold.amountUSD = chargedUSD
        payment.amount = charged
        payment.amountUSD = chargedUSD
        return released
    }
}
