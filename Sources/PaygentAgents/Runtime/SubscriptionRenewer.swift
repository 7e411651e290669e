import Http
import X402Client
import PaygentFoundation
import PaygentCore
import X402

/// What one renewal round did.
public struct SubscriptionRenewalReport: Sendable, Hashable {
    /// Subscriptions paid for another period.
    public var renewed: [String] = []
    /// Subscriptions that ended (payment refused or failed, session finished).
    public var expired: [String] = []
    /// Subscriptions whose renewal waits for an approval.
    public var awaitingApproval: [String] = []
    /// Subscriptions not tried this round: payments are paused (globally or for the session), or
    /// the renewal's payment is still in flight.
    public var deferred: [String] = []
    /// Failures of this round (each also appended as a `subscription.renewal_failed` event).
    public var failures: [String] = []

    public init() {}
}

extension AgentRuntime {
    /// Renews every active, auto-renewing subscription whose period has ended: the service is paid
    /// again through the subscribing session's policy (so budgets, limits, approvals and kills
    /// apply to renewals exactly as to first purchases) and a new period starts. A refused or
    /// failed renewal ends the subscription (`expired`); one that needs approval is retried on
    /// the next round with the same purchase id, so it is never paid twice.
    ///
    /// Under a global pause nothing is tried; a paused session's renewals wait. A renewal whose
    /// purchase was already captured (the period was paid, recording it failed) is recorded
    /// without paying again; one still in flight waits. Every failure is reported (an event and
    /// ``SubscriptionRenewalReport/failures``), never swallowed.
    public func renewDueSubscriptions() async -> SubscriptionRenewalReport {
        var report = SubscriptionRenewalReport()
        let now = paygent.clock.now()
        let all: [ServiceSubscription]
        let settings: PolicySettings
        do {
            guard try await !paygent.controlState().globalPause else { return report }
            all = try await paygent.subscriptions(sessionID: nil)
            settings = try await paygent.policy()
        } catch {
            await renewalFailed(nil, "cannot read subscriptions: \(errorMessage(error))", report: &report)
            return report
        }
        for subscription in all where subscription.status == "active" && subscription.autoRenew && subscription.expiresAt <= now {
            await renew(subscription, settings: settings, report: &report)
        }
        return report
    }

    private func renew(_ subscription: ServiceSubscription, settings: PolicySettings, report: inout SubscriptionRenewalReport) async {
        let actor = "agent:\(subscription.sessionID)"
        let session: AgentSession
        let service: Service
        do {
            session = try await paygent.session(id: subscription.sessionID)
            service = try await paygent.service(id: subscription.serviceID)
        } catch where error.code == .notFound {
            await change(subscription, to: "expired", actor: actor, list: \.expired, report: &report)
            return
        } catch {
            await renewalFailed(subscription, "cannot read its session or service: \(errorMessage(error))", report: &report)
            return
        }
        if session.status.isTerminal {
            await change(subscription, to: "expired", actor: actor, list: \.expired, report: &report)
            return
        }
        if session.status == .paused {
            report.deferred.append(subscription.id)
            return
        }
        let purchaseID = "\(subscription.id).r\(subscription.renewals + 1)"
        // Paid already (the period's record failed after the capture), or still in flight.
        do {
            if let hold = try await paygent.liveHold(purchaseID: purchaseID) {
                if hold.status == .captured {
                    await change(subscription, to: "active", actor: actor, list: \.renewed, report: &report)
                } else {
                    report.deferred.append(subscription.id)
                }
                return
            }
        } catch {
            await renewalFailed(subscription, "cannot read the renewal's payment: \(error)", report: &report)
            return
        }
        let gateway = PaymentGateway(paygent: paygent, wallets: wallets, facilitator: facilitator, configuration: configuration,
                                     pendingPayments: pendingPayments, cancellation: RunCancellation())
        let request = HTTPRequest(method: .get, url: service.endpoint, headers: ["Accept": "application/json"],
                                  timeout: .seconds(30), connectTimeout: .seconds(5))
        let arguments: JSONValue = ["service": .string(service.id), "subscription_id": .string(subscription.id), "renewal": true]
        let result: X402PaymentResult
        do {
            result = try await gateway.fetch(
                request, purchaseID: purchaseID, session: session, serviceID: service.id, toolName: "subscribe",
                toolArgs: arguments, limits: PaymentGateway.Limits(), priceTable: settings.priceTable)
        } catch {
            await renewalFailed(subscription, "renewal failed: \(error.message)", report: &report)
            await change(subscription, to: "expired", actor: actor, list: \.expired, report: &report)
            return
        }
        switch result {
        case .paid:
            await change(subscription, to: "active", actor: actor, list: \.renewed, report: &report)
        case .approvalRequired:
            report.awaitingApproval.append(subscription.id)
        case .notRequired(let response) where response.isSuccess:
            await change(subscription, to: "active", actor: actor, list: \.renewed, report: &report)
        case .denied(let reason) where reason.contains("paused"):
            report.deferred.append(subscription.id)  // paused meanwhile: try again once resumed
        case .failed(.outcomeUnknown(let reason, _)):
            // The hold stays until the outcome is known; the next round finds it.
            await renewalFailed(subscription, "renewal payment outcome unknown: \(reason)", report: &report)
        default:
            await renewalFailed(subscription, "renewal not paid: \(Self.describe(result))", report: &report)
            await change(subscription, to: "expired", actor: actor, list: \.expired, report: &report)
        }
    }

    private static func describe(_ result: X402PaymentResult) -> String {
        switch result {
        case .denied(let reason): "denied: \(UntrustedText.line(reason, maxWidth: 300))"
        case .failed(let error): "failed: \(UntrustedText.line(String(describing: error), maxWidth: 300))"
        case .notRequired(let response): "the service answered HTTP \(response.status)"
        case .paid: "paid"
        case .approvalRequired(_, let reason): "waiting for approval: \(UntrustedText.line(reason, maxWidth: 300))"
        }
    }

    private func change(_ subscription: ServiceSubscription, to status: String, actor: String,
                        list: WritableKeyPath<SubscriptionRenewalReport, [String]>, report: inout SubscriptionRenewalReport) async {
        do {
            _ = try await paygent.changeSubscription(id: subscription.id, to: status, by: actor)
            report[keyPath: list].append(subscription.id)
        } catch {
            await renewalFailed(subscription, "cannot mark it \(status): \(error.message)", report: &report)
        }
    }

    /// Reports a failure: in the round's report and as a `subscription.renewal_failed` event.
    private func renewalFailed(_ subscription: ServiceSubscription?, _ message: String, report: inout SubscriptionRenewalReport) async {
        report.failures.append(subscription.map { "\($0.id): \(message)" } ?? message)
        let event = NewEvent(.subscriptionRenewalFailed, sessionID: subscription?.sessionID, subjectID: subscription?.id,
                             actor: subscription.map { "agent:\($0.sessionID)" } ?? "renewer", data: ["error": .string(message)])
        do {
            try await paygent.appendEvent(event)
        } catch {
            report.failures.append("cannot record the failure: \(error.message)")
        }
    }

    /// Runs ``renewDueSubscriptions()`` every `interval` until the returned task is cancelled.
    public func startSubscriptionRenewals(every interval: Duration = .seconds(1)) -> Task<Void, Never> {
        Task { [self] in
            while !Task.isCancelled {
                _ = await renewDueSubscriptions()
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
    }
}
