import Http
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

    public init() {}
}

extension AgentRuntime {
    /// Renews every active, auto-renewing subscription whose period has ended: the service is paid
    /// again through the subscribing session's policy (so budgets, limits, approvals and kills
    /// apply to renewals exactly as to first purchases) and a new period starts. A refused or
    /// failed renewal ends the subscription (`expired`); one that needs approval is retried on
    /// the next round with the same purchase id, so it is never paid twice.
    public func renewDueSubscriptions() async -> SubscriptionRenewalReport {
        var report = SubscriptionRenewalReport()
        let now = paygent.context.clock.now()
        guard let all = try? await paygent.subscriptions(sessionID: nil) else { return report }
        for subscription in all where subscription.status == "active" && subscription.autoRenew && subscription.expiresAt <= now {
            let actor = "agent:\(subscription.sessionID)"
            guard let session = try? await paygent.session(id: subscription.sessionID), !session.status.isTerminal,
                  let service = try? await paygent.service(id: subscription.serviceID)
            else {
                if (try? await paygent.changeSubscription(id: subscription.id, to: "expired", by: actor)) != nil {
                    report.expired.append(subscription.id)
                }
                continue
            }
            guard let settings = try? await paygent.policy() else { continue }
            let purchaseID = "\(subscription.id).r\(subscription.renewals + 1)"
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
                if (try? await paygent.changeSubscription(id: subscription.id, to: "expired", by: actor)) != nil {
                    report.expired.append(subscription.id)
                }
                continue
            }
            switch result {
            case .paid:
                if (try? await paygent.changeSubscription(id: subscription.id, to: "active", by: actor)) != nil {
                    report.renewed.append(subscription.id)
                }
            case .approvalRequired:
                report.awaitingApproval.append(subscription.id)
            case .notRequired(let response) where response.isSuccess:
                if (try? await paygent.changeSubscription(id: subscription.id, to: "active", by: actor)) != nil {
                    report.renewed.append(subscription.id)
                }
            default:
                if (try? await paygent.changeSubscription(id: subscription.id, to: "expired", by: actor)) != nil {
                    report.expired.append(subscription.id)
                }
            }
        }
        return report
    }

    /// Runs ``renewDueSubscriptions()`` every `interval` until the returned task is cancelled.
    public func startSubscriptionRenewals(every interval: Duration = .seconds(1)) -> Task<Void, Never> {
        Task { [self] in
            while !Task.isCancelled {
                _ = await renewDueSubscriptions()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
