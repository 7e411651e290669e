import X402
import PaygentFoundation

/// Resolves payments whose outcome is not recorded — at start-up after a crash, in the
/// maintenance loop, and on `paygent payments reconcile`.
///
/// One round pages through every `pending`, `signed` and `unknown` payment by (validBefore, id):
/// - `pending` (held, never signed) whose process is gone (``ProcessLiveness``): no authorisation
///   exists, so the hold is released at once (`failed`). One whose process still runs is left to it.
/// - `signed` or `unknown`: the ``SettlementLookup`` (devnet ledger at once; chain RPC by nonce) is
///   asked — unless the payment is `signed`, its process is alive and its authorisation still
///   valid (it is in flight there). Used → captured (`confirmed`, with the transaction). Unused →
///   kept held until `validBefore` + ``graceSeconds`` has passed, then released (`failed`). A
///   lookup that cannot tell leaves it held (`unknown` after validBefore) for an operator
///   (`paygent payments resolve`).
///
/// Kill and global pause do not touch signed payments: their settlement may still land.
public struct PaymentReconciler: Sendable {
    let engine: PolicyEngine
    let lookup: (any SettlementLookup)?

    /// Seconds after `validBefore` before an unused authorisation counts as expired (block time,
    /// clock skew).
    public var graceSeconds: Int64 = 30

    /// A reconciler resolving through `engine` with what `lookup` reports (nil: only orphaned
    /// unsigned holds are released).
    public init(engine: PolicyEngine, lookup: (any SettlementLookup)?) {
        self.engine = engine
        self.lookup = lookup
    }

    /// What one round did.
    public struct Report: Sendable, Hashable {
        /// Unsigned holds of exited processes, released.
        public var releasedUnsigned = 0
        /// Signed or unknown payments the lookup found used, captured.
        public var captured = 0
        /// Signed or unknown payments unused after validBefore, released.
        public var expired = 0
        /// Payments still in flight (or untellable) after the round.
        public var stillInFlight = 0

        /// Payments resolved.
        public var resolved: Int { releasedUnsigned + captured + expired }
    }

    /// One round over every payment whose outcome is not recorded, `pageSize` at a time.
    @discardableResult
    public func reconcile(pageSize: Int = 200) async throws(PaygentError) -> Report {
        let now = engine.context.clock.now()
        let cutoff = now.adding(seconds: -graceSeconds)
        var report = Report()
        var cursor: Payment?
        while true {
            let after = cursor
            let page = try await engine.context.read { try $0.inFlightPayments(after: after, limit: pageSize) }
            // A page at once: its writes share group commits instead of one commit each.
            let outcomes = await withTaskGroup(of: Result<Outcome, PaygentError>.self) { group in
                for payment in page {
                    group.addTask { await self.reconcile(payment, now: now, cutoff: cutoff) }
                }
                var all: [Result<Outcome, PaygentError>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            for outcome in outcomes {
                switch try outcome.get() {
                case .releasedUnsigned: report.releasedUnsigned += 1
                case .captured: report.captured += 1
                case .expired: report.expired += 1
                case .stillInFlight: report.stillInFlight += 1
                case .untouched: break
                }
            }
            guard page.count == pageSize, let last = page.last else { break }
            cursor = last
        }
        if report.resolved > 0 {
            let data: JSONValue = [
                "released_unsigned": .integer(report.releasedUnsigned), "captured": .integer(report.captured),
                "expired": .integer(report.expired), "still_in_flight": .integer(report.stillInFlight),
            ]
            _ = try await engine.context.write { tx in try tx.appendEvent(NewEvent(.paymentsRecovered, actor: "reconciler", data: data), at: now) }
        }
        return report
    }

    private enum Outcome: Sendable {
        case releasedUnsigned, captured, expired, stillInFlight, untouched
    }

    private func reconcile(_ payment: Payment, now: Timestamp, cutoff: Timestamp) async -> Result<Outcome, PaygentError> {
        do throws(PaygentError) {
            return .success(try await outcome(of: payment, now: now, cutoff: cutoff))
        } catch {
            return .failure(error)
        }
    }

    private func outcome(of payment: Payment, now: Timestamp, cutoff: Timestamp) async throws(PaygentError) -> Outcome {
        let ownerGone = payment.ownerID.map(ProcessLiveness.isGone(ownerID:)) ?? false
        let expired = payment.validBefore < cutoff
        switch payment.status {
        case .pending:
            guard ownerGone else { return .stillInFlight }
            return try await releaseUnsigned(payment, now: now) ? .releasedUnsigned : .untouched
        case .signed, .unknown:
            let inFlightElsewhere = payment.status == .signed && !ownerGone && payment.ownerID != nil && !expired
            guard !inFlightElsewhere, let lookup else { return .stillInFlight }
            let state: AuthorizationState
            do {
                state = try await lookup.state(of: payment)
            } catch {
                return .stillInFlight  // the lookup is unreachable: the next round asks again
            }
            let outcome: PaymentOutcome
            switch state {
            case .used(let transaction):
                outcome = .settled(transaction: transaction ?? "unrecorded (authorisation used)")
            case .unused where expired:
                outcome = .failed(reason: "authorisation expired unused (validBefore passed)")
            case .unused, .cannotTell:
                return .stillInFlight
            }
            do {
                _ = try await engine.resolve(paymentID: payment.id, outcome: outcome, by: "reconciler")
                if case .settled = outcome { return .captured }
                return .expired
            } catch where error.code == .conflict {
                return .untouched  // resolved meanwhile (its payer, an operator, another process)
            }
        case .confirmed, .failed:
            return .untouched
        }
    }

    /// Releases an unsigned payment whose process is gone, if it is still unsigned and held.
    private func releaseUnsigned(_ payment: Payment, now: Timestamp) async throws(PaygentError) -> Bool {
        try await engine.context.write { tx in
            guard let current = try tx.payment(id: payment.id), current.status == .pending, current.ownerID == payment.ownerID,
                  let hold = try tx.hold(id: current.holdID), hold.status == .held else { return false }
            try HoldSettlement.releaseUnsigned(hold, payment: current, tx: tx, now: now, actor: "reconciler",
                                               reason: "released at recovery: the process that held it exited before signing")
            return true
        }
    }
}
