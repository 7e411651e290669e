import PaygentEVM
import PaygentFoundation
import X402

/// The spending policy: every payment is checked against every limit and, when allowed, held —
/// in one serialized store transaction, so no interleaving of concurrent payments can overspend.
///
/// Checks, in order (the first that fails decides, and its reason is what the operator reads):
/// an existing live hold for the same purchase (idempotent allow); global pause; the session
/// (unknown, paused, killed, finished); a priced token and a non-zero amount; recipient deny and
/// allow lists (global and session); velocity (holds per rolling minute); the session budget
/// (spent + held + amount); the wallet's rolling 24 h USD limit; the wallet's rolling 24 h limit
/// for the token; the service's and the recipient's rolling 24 h caps; and the approval threshold
/// (above it a human is asked, unless this purchase was already approved). Then a hold and a
/// `pending` payment are written with a `payment.authorized` event. Denials append a
/// `payment.denied` event and change nothing else.
///
/// Outcomes: settled → capture (spend stays counted, the payment is `confirmed`); failed →
/// release; unknown → the hold stays until resolved (see ``resolve(paymentID:outcome:by:)``).
public final class PolicyEngine: Sendable {
    let context: CoreContext

    /// Creates an engine over `context`.
    public init(context: CoreContext) { self.context = context }

    /// Decides about `intent`; an allow has already taken its hold when this returns.
    public func authorize(_ intent: PaymentIntent, context paymentContext: PaymentContext) async throws(PaygentError) -> PolicyDecision {
        let now = context.clock.now()
        let payment = context.ids.make("pay")
        // A hold's id is its payment's with another prefix, so a store can find one from the other.
        let hold = payment.hasPrefix("pay_") ? "hold_" + payment.dropFirst(4) : context.ids.make("hold")
        let ids = (hold: hold, payment: payment, approval: context.ids.make("apr"))
        // Worked out before the write: the writer is the one serialized resource, so it does only
        // what must be serialized.
        let candidates = paymentContext.serviceID == nil ? PolicyEvaluation.serviceEndpoints(for: intent.resource) : []
        return try await context.write { tx in
            try PolicyEvaluation(tx: tx, intent: intent, context: paymentContext, now: now, ids: ids,
                                 owner: self.context.owner.id, serviceCandidates: candidates).run()
        }
    }

    /// Applies the outcome of an allowed payment: capture, release, or keep held.
    public func record(_ outcome: PaymentOutcome, intent: PaymentIntent, holdID: String?, actor: String? = nil) async throws(PaygentError) {
        let now = context.clock.now()
        let actorName = actor ?? "payer"
        try await context.write { tx in
            let hold: Hold?
            if let holdID {
                hold = try tx.hold(id: holdID)
            } else {
                hold = try tx.liveHold(purchaseID: intent.purchaseID)
            }
            guard let hold else { return }
            try HoldSettlement.apply(outcome, to: hold, tx: tx, now: now, actor: actorName)
        }
    }

    /// Records, in one durable write, that the allowed payment of `intent` was signed with
    /// `nonce`: the payment becomes `signed` (its `validBefore`, the authorisation's, was recorded
    /// with the hold; a signature with another one is refused). Only after this returns
    /// may the authorisation leave the process.
    ///
    /// The last gate before money can move, in the same transaction: a payment that is no longer
    /// `pending` (signed by someone else, cancelled by a kill, released) is refused
    /// (`payment_in_flight`, or a conflict naming its status), and a global pause or a paused,
    /// killed or finished session releases the unsigned hold and refuses.
    public func markSigned(_ intent: PaymentIntent, holdID: String?, nonce: [UInt8], actor: String? = nil) async throws(PaygentError) {
        let now = context.clock.now()
        let actorName = actor ?? "payer"
        let owner = context.owner.id
        try await context.writeCommitting { tx -> Result<Void, PaygentError> in
            let hold: Hold?
            if let holdID { hold = try tx.hold(id: holdID) } else { hold = try tx.liveHold(purchaseID: intent.purchaseID) }
            guard let hold, var payment = try tx.payment(id: hold.paymentID) else {
                return .failure(.notFound("hold", holdID ?? intent.purchaseID))
            }
            guard hold.status == .held, payment.status == .pending else {
                let code = payment.status == .signed || payment.status == .unknown ? "payment_in_flight" : "payment_\(payment.status.rawValue)"
                return .failure(.conflict("\(code): payment \(payment.id) is \(payment.status.rawValue); the authorisation is not sent"))
            }
            guard Timestamp(seconds: Int64(clamping: intent.validBefore)) == payment.validBefore else {
                return .failure(.conflict("payment \(payment.id) was held until \(payment.validBefore.iso8601), not the authorisation's validBefore"))
            }
                        if let other = payment.ownerID, other != owner {
                return .failure(.conflict("payment_in_flight: payment \(payment.id) is held by another process; the authorisation is not sent"))
            }
            var stop: String?
            let control = try tx.controlState()
            if control.globalPause { stop = "all payments are paused\(control.changedBy.map { " by \($0)" } ?? "")" }
            if stop == nil, let sessionID = hold.sessionID, let session = try tx.session(id: sessionID),
               session.status != .running, session.status != .awaitingApproval {
                stop = "session \(sessionID) is \(session.status.rawValue)"
            }
            if let stop {
                try HoldSettlement.releaseUnsigned(hold, payment: payment, tx: tx, now: now, actor: actorName,
                                                   reason: "cancelled before sending: \(stop)")
                return .failure(.conflict("cancelled before sending: \(stop)"))
            }
            payment.status = .signed
            payment.authorizationNonce = Hex.encode(nonce, prefix: true)
            payment.signedAt = now
            payment.updatedAt = now
            try tx.updatePayment(payment, hold: hold)
            return .success(())
        }
    }

    /// Releases the hold of `intent`'s payment if it is still unsigned (`pending`); a signed one
    /// is left alone (its settlement may land). For a payer that stops between hold and signature.
    public func cancelUnsigned(_ intent: PaymentIntent, holdID: String?, reason: String, actor: String? = nil) async throws(PaygentError) {
        let now = context.clock.now()
        let actorName = actor ?? "payer"
        try await context.write { tx in
            let hold: Hold?
            if let holdID { hold = try tx.hold(id: holdID) } else { hold = try tx.liveHold(purchaseID: intent.purchaseID) }
            guard let hold, let payment = try tx.payment(id: hold.paymentID) else { return }
            try HoldSettlement.releaseUnsigned(hold, payment: payment, tx: tx, now: now, actor: actorName, reason: reason)
        }
    }

    /// Resolves a payment whose outcome was unknown (or corrects a pending one) once it is known.
    public func resolve(paymentID: String, outcome: PaymentOutcome, by actor: String) async throws(PaygentError) -> Payment {
        let id = try Validate.id(paymentID, field: "payment_id")
        let now = context.clock.now()
        return try await context.write { tx in
            guard let payment = try tx.payment(id: id) else { throw PaygentError.notFound("payment", id) }
            guard payment.status == .pending || payment.status == .signed || payment.status == .unknown else {
                throw PaygentError.conflict("payment \(id) is already \(payment.status.rawValue)")
            }
            if case .unknown = outcome { throw PaygentError.invalid("outcome", "must be settled or failed") }
            guard let hold = try tx.hold(id: payment.holdID) else { throw PaygentError(.internal, "payment \(id) has no hold") }
            try HoldSettlement.apply(outcome, to: hold, tx: tx, now: now, actor: actor)
            return try tx.payment(id: id)!
        }
    }
}
