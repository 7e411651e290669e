import X402

/// Settles the fate of payments whose outcome was unknown, once their authorisation has expired.
///
/// An unknown outcome keeps its hold (it may have moved money). After `validBefore` the
/// authorisation can no longer be used, so its state is final: the lookup says whether it was
/// used — then the hold is captured and the payment `confirmed` — or not — then the hold is
/// released and the payment `failed`. A payment the lookup cannot tell about stays `unknown` and
/// held for an operator (`paygent payments resolve`). Nothing happens before `validBefore`.
public struct UnknownPaymentReconciler: Sendable {
    let engine: PolicyEngine
    let lookup: any SettlementLookup

    /// Seconds after `validBefore` before a payment is looked at (block time, clock skew).
    public var graceSeconds: Int64 = 30

    /// A reconciler resolving through `engine` with what `lookup` reports.
    public init(engine: PolicyEngine, lookup: any SettlementLookup) {
        self.engine = engine
        self.lookup = lookup
    }

    /// One round over every expired unknown payment, `pageSize` at a time (those the lookup cannot
    /// tell about are passed over, not re-read). Returns how many were resolved.
    @discardableResult
    public func reconcile(pageSize: Int = 100) async throws(PaygentError) -> Int {
        let cutoff = engine.context.clock.now().adding(seconds: -graceSeconds)
        var resolved = 0
        var cursor: Payment?
        while true {
            let after = cursor
            let page = try await engine.context.read { try $0.expiredUnknownPayments(before: cutoff, after: after, limit: pageSize) }
            resolved += try await resolve(page)
            guard page.count == pageSize, let last = page.last else { return resolved }
            cursor = last
        }
    }

    private func resolve(_ expired: [Payment]) async throws(PaygentError) -> Int {
        var resolved = 0
        for payment in expired {
            let state: AuthorizationState
            do {
                state = try await lookup.state(of: payment)
            } catch {
                continue
            }
            let outcome: PaymentOutcome
            switch state {
            case .used(let transaction): outcome = .settled(transaction: transaction ?? "unrecorded (authorisation used)")
            case .unused: outcome = .failed(reason: "authorisation expired unused (validBefore passed)")
            case .cannotTell: continue
            }
            do {
                _ = try await engine.resolve(paymentID: payment.id, outcome: outcome, by: "reconciler")
                resolved += 1
            } catch where error.code == .conflict {
                continue  // resolved meanwhile (an operator, another process)
            }
        }
        return resolved
    }
}
