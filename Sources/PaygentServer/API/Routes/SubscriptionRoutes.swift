import Foundation
import PaygentFoundation
import PaygentCore
import PaygentWire

/// The prototype's subscription routes, and a payment by its transaction hash.
struct SubscriptionRoutes: APIRouteGroup {
    let api: any PaygentAPI

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/payments/status/{tx_hash}", access: .read, operationID: "paymentByTransaction",
                     summary: "The payment settled in a transaction.", tag: "payments", response: "Payment") { call in
                let hash = try call.id("tx_hash")
                guard let payment = try await api.payments(PaymentQuery(txHash: hash, page: PageRequest(offset: 0, limit: 1))).items.first else {
                    throw PaygentError(.notFound, "no payment settled in transaction \(String(hash.prefix(80)))")
                }
                return try .json(payment)
            },
            APIRoute(.post, "/api/v1/payments/subscription", access: .operate, operationID: "createSubscription",
                     summary: "Subscribes a session to a service.", tag: "payments", status: 201, request: "CreateSubscriptionRequest",
                     response: "Subscription") { call in
                let request = try call.decode(CreateSubscriptionRequest.self)
                let created = try await api.createSubscription(sessionID: request.sessionID, serviceID: request.serviceID,
                                                               periodSeconds: request.periodSeconds, autoRenew: request.autoRenew, by: call.actor)
                return try .json(created, status: 201)
            },
            APIRoute(.get, "/api/v1/payments/subscription/{id}", access: .read, operationID: "getSubscription",
                     summary: "One subscription.", tag: "payments", response: "Subscription") { call in
                try .json(try await api.subscription(id: try call.id("id")))
            },
            APIRoute(.get, "/api/v1/payments/subscription/session/{session_id}", access: .read, operationID: "sessionSubscriptions",
                     summary: "A session's subscriptions.", tag: "payments", response: "SubscriptionPage") { call in
                let sessionID = try call.id("session_id")
                _ = try await api.session(id: sessionID)
                let all = try await api.subscriptions(sessionID: sessionID)
                return try .page(Page(items: all, total: all.count, offset: 0, limit: max(all.count, 1)))
            },
            APIRoute(.get, "/api/v1/payments/subscription/{id}/{service_id}/active", access: .read, operationID: "subscriptionActive",
                     summary: "Whether a session (`id`) holds an active subscription to a service.", tag: "payments",
                     response: "SubscriptionActivity") { call in
                let sessionID = try call.id("id", field: "session_id")
                let serviceID = try call.id("service_id")
                _ = try await api.session(id: sessionID)
                let now = SystemClock().now()
                let mine = try await api.subscriptions(sessionID: sessionID).filter { $0.serviceID == serviceID }
                let active = mine.last { $0.status == "active" && $0.expiresAt > now }
                return try .json(SubscriptionActivity(active: active != nil, subscription: active ?? mine.last))
            },
        ]
    }
}
