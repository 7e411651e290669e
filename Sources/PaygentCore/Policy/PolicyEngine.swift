import PaygentEVM
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

    /// A ``PaymentPolicy`` for the x402 payer, bound to one session (or none).
    public func paymentPolicy(_ paymentContext: PaymentContext) -> SessionPaymentPolicy {
        SessionPaymentPolicy(engine: self, context: paymentContext)
    }

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
                                 serviceCandidates: candidates).run()
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

    /// Resolves a payment whose outcome was unknown (or corrects a pending one) once it is known.
    public func resolve(paymentID: String, outcome: PaymentOutcome, by actor: String) async throws(PaygentError) -> Payment {
        let id = try Validate.id(paymentID, field: "payment_id")
        let now = context.clock.now()
        return try await context.write { tx in
            guard let payment = try tx.payment(id: id) else { throw PaygentError.notFound("payment", id) }
            guard payment.status == .pending || payment.status == .unknown else {
                throw PaygentError.conflict("payment \(id) is already \(payment.status.rawValue)")
            }
            if case .unknown = outcome { throw PaygentError.invalid("outcome", "must be settled or failed") }
            guard let hold = try tx.hold(id: payment.holdID) else { throw PaygentError(.internal, "payment \(id) has no hold") }
            try HoldSettlement.apply(outcome, to: hold, tx: tx, now: now, actor: actor)
            return try tx.payment(id: id)!
        }
    }
}

/// The x402 payer's policy callback, bound to a session.
public struct SessionPaymentPolicy: PaymentPolicy {
    /// The engine.
    public let engine: PolicyEngine
    /// Session, service and tool details.
    public let context: PaymentContext

    public func authorize(_ intent: PaymentIntent) async throws -> PolicyDecision {
        try await engine.authorize(intent, context: context)
    }

    public func record(_ outcome: PaymentOutcome, for intent: PaymentIntent, holdID: String?) async {
        try? await engine.record(outcome, intent: intent, holdID: holdID, actor: context.eventActor)
    }
}
