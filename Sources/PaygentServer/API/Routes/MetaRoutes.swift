import PaygentCore
import PaygentWire

/// `GET /health` (no token), `GET /metrics` (Prometheus text; `?format=json` for the prototype's
/// clients), `GET /api/v1/overview`.
struct MetaRoutes: APIRouteGroup {
    let api: any PaygentAPI
    let metrics: APIMetrics
    let version: String

    var routes: [APIRoute] {
        let api = self.api, metrics = self.metrics, version = self.version
        return [
            APIRoute(.get, "/health", access: nil, operationID: "health", summary: "Liveness: answers without a token.",
                     tag: "meta", response: "Health") { _ in
                try .json(HealthResponse(version: version))
            },
            APIRoute(.get, "/metrics", access: .read, operationID: "metrics",
                     summary: "Prometheus text metrics (`?format=json` for a JSON summary).", tag: "meta",
                     query: [.choice("format", ["prometheus", "json"], "Output format (default prometheus).")],
                     response: nil, responseContentType: "text/plain; version=0.0.4") { call in
                try await metrics.refresh(from: api)
                let format = try call.query.string("format", max: 20) ?? "prometheus"
                switch format {
                case "prometheus": return .text(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
                case "json": return try .json(try await MetricsSummary(api: api))
                default: throw PaygentError.invalid("format", "must be prometheus or json")
                }
            },
            APIRoute(.get, "/api/v1/overview", access: .read, operationID: "overview",
                     summary: "Header data: global pause, spend today, session counts, pending approvals, latest event seq.",
                     tag: "control", response: "Overview") { _ in
                try .json(try await api.overview())
            },
        ]
    }
}

/// `GET /metrics?format=json`: the prototype's JSON metrics.
struct MetricsSummary: Codable, Sendable {
    var payments: PaymentStats
    var pendingApprovals: Int
    var sessionCounts: [SessionStatus: Int]
    var spentTodayUSD: USDAmount
    var globalPause: Bool

    init(api: any PaygentAPI) async throws(PaygentError) {
        payments = try await api.paymentStats(PaymentQuery())
        let overview = try await api.overview()
        pendingApprovals = overview.pendingApprovals
        sessionCounts = overview.sessionCounts
        spentTodayUSD = overview.spentTodayUSD
        globalPause = overview.control.globalPause
    }

    enum CodingKeys: String, CodingKey {
        case payments
        case pendingApprovals = "pending_approvals"
        case sessionCounts = "session_counts"
        case spentTodayUSD = "spent_today_usd"
        case globalPause = "global_pause"
    }
}
