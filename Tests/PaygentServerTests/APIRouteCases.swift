import Foundation
import PaygentFoundation
import PaygentCore
import PaygentServer
import Testing

/// One request of a route case: the path (with query), an optional JSON body, the status
/// expected, and what the answer must hold.
struct RouteRequest: Sendable {
    var path: String
    var body: String?
    var status: Int
    /// A member the JSON answer must have (the list key, the id, the error field…).
    var expectKey: String?
    /// For 422: the field the error must name.
    var field: String?

    init(_ path: String, body: String? = nil, status: Int, expectKey: String? = nil, field: String? = nil) {
        self.path = path
        self.body = body
        self.status = status
        self.expectKey = expectKey
        self.field = field
    }
}

/// The cases of one route: happy path, not found (routes with an id), validation error (routes
/// that take input). 401 and 403 are derived from the route's access.
struct RouteCase: Sendable, CustomTestStringConvertible {
    typealias F = APIHarness.Fixtures
    var method: String
    var path: String
    /// Runs before the happy path (e.g. pausing what is to be resumed).
    var prepare: (@Sendable (APIHarness, F) async throws -> Void)?
    var happy: @Sendable (F) -> RouteRequest
    var notFound: (@Sendable (F) -> RouteRequest)?
    var invalid: (@Sendable (F) -> RouteRequest)?

    var key: APIRoute.Key { APIRoute.Key(method: method, path: path) }
    var testDescription: String { "\(method) \(path)" }

    init(_ method: String, _ path: String, prepare: (@Sendable (APIHarness, F) async throws -> Void)? = nil,
         happy: @escaping @Sendable (F) -> RouteRequest, notFound: (@Sendable (F) -> RouteRequest)? = nil,
         invalid: (@Sendable (F) -> RouteRequest)? = nil) {
        self.method = method
        self.path = path
        self.prepare = prepare
        self.happy = happy
        self.notFound = notFound
        self.invalid = invalid
    }
}

/// Every route of the API with its cases. A route of the server missing here fails the test.
enum APIRouteCases {
    static let v1 = "/api/v1"
    static let missing = "zz_missing"

    static let all: [RouteCase] = meta + sessions + services + payments + subscriptions + wallet + approvals + logs + control + tokens

    static let meta: [RouteCase] = [
        RouteCase("GET", "/health", happy: { _ in RouteRequest("/health", status: 200, expectKey: "status") }),
        RouteCase("GET", "/metrics", happy: { _ in RouteRequest("/metrics", status: 200) },
                  invalid: { _ in RouteRequest("/metrics?format=xml", status: 422, field: "format") }),
        RouteCase("GET", "\(v1)/overview", happy: { _ in RouteRequest("\(v1)/overview", status: 200, expectKey: "pending_approvals") }),
        RouteCase("GET", "\(v1)/openapi.json", happy: { _ in RouteRequest("\(v1)/openapi.json", status: 200, expectKey: "openapi") }),
        RouteCase("GET", "\(v1)/whoami", happy: { _ in RouteRequest("\(v1)/whoami", status: 200, expectKey: "role") }),
        RouteCase("GET", "\(v1)/events/page",
                  happy: { _ in RouteRequest("\(v1)/events/page?after=0&limit=5&type=session.created", status: 200, expectKey: "latest_seq") },
                  invalid: { _ in RouteRequest("\(v1)/events/page?limit=0", status: 422, field: "limit") }),
    ]

    static let sessions: [RouteCase] = [
        RouteCase("POST", "\(v1)/agent/sessions",
                  happy: { _ in RouteRequest("\(v1)/agent/sessions", body: #"{"name":"made","budget_limit_usd":"2.50"}"#, status: 201, expectKey: "id") },
                  invalid: { _ in RouteRequest("\(v1)/agent/sessions", body: #"{"wallet_address":"0xnope"}"#, status: 422, field: "wallet_address") }),
        RouteCase("GET", "\(v1)/agent/sessions",
                  happy: { _ in RouteRequest("\(v1)/agent/sessions?status=running", status: 200, expectKey: "sessions") },
                  invalid: { _ in RouteRequest("\(v1)/agent/sessions?status=sleeping", status: 422, field: "status") }),
        RouteCase("GET", "\(v1)/agent/sessions/{id}",
                  happy: { f in RouteRequest("\(v1)/agent/sessions/\(f.session)", status: 200, expectKey: "wallet_address") },
                  notFound: { _ in RouteRequest("\(v1)/agent/sessions/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/agent/sessions/" + String(repeating: "x", count: 200), status: 422, field: "id") }),
        RouteCase("DELETE", "\(v1)/agent/sessions/{id}",
                  happy: { f in RouteRequest("\(v1)/agent/sessions/\(f.session)", status: 200, expectKey: "status") },
                  notFound: { _ in RouteRequest("\(v1)/agent/sessions/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/agent/sessions/" + String(repeating: "x", count: 200), status: 422, field: "id") }),
        RouteCase("POST", "\(v1)/agent/sessions/{id}/kill",
                  happy: { f in RouteRequest("\(v1)/agent/sessions/\(f.session)/kill", body: #"{"reason":"runaway"}"#, status: 200, expectKey: "status_reason") },
                  notFound: { _ in RouteRequest("\(v1)/agent/sessions/\(missing)/kill", status: 404) },
                  invalid: { f in RouteRequest("\(v1)/agent/sessions/\(f.session)/kill", body: #"{"reason":42}"#, status: 422, field: "reason") }),
        RouteCase("POST", "\(v1)/agent/sessions/{id}/pause",
                  happy: { f in RouteRequest("\(v1)/agent/sessions/\(f.session)/pause", status: 200, expectKey: "status") },
                  notFound: { _ in RouteRequest("\(v1)/agent/sessions/\(missing)/pause", status: 404) },
                  invalid: { f in RouteRequest("\(v1)/agent/sessions/\(f.session)/pause", body: #"{"reason":""# + String(repeating: "r", count: 600) + #""}"#, status: 422, field: "reason") }),
        RouteCase("POST", "\(v1)/agent/sessions/{id}/resume",
                  happy: { f in RouteRequest("\(v1)/agent/sessions/\(f.pausedSession)/resume", status: 200, expectKey: "status") },
                  notFound: { _ in RouteRequest("\(v1)/agent/sessions/\(missing)/resume", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/agent/sessions/a%20b/resume", status: 422, field: "id") }),
    ]

    static let services: [RouteCase] = [
        RouteCase("GET", "\(v1)/services/discover",
                  happy: { _ in RouteRequest("\(v1)/services/discover?category=market-data&max_price=1.00", status: 200, expectKey: "services") },
                  invalid: { _ in RouteRequest("\(v1)/services/discover?min_price=-1", status: 422, field: "min_price") }),
        RouteCase("GET", "\(v1)/services/{id}",
                  happy: { f in RouteRequest("\(v1)/services/\(f.service)", status: 200, expectKey: "endpoint") },
                  notFound: { _ in RouteRequest("\(v1)/services/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/services/a%09b", status: 422, field: "id") }),
        RouteCase("GET", "\(v1)/services/{id}/pricing",
                  happy: { f in RouteRequest("\(v1)/services/\(f.service)/pricing", status: 200, expectKey: "price_amount") },
                  notFound: { _ in RouteRequest("\(v1)/services/\(missing)/pricing", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/services/a%20b/pricing", status: 422, field: "id") }),
        RouteCase("POST", "\(v1)/services",
                  happy: { _ in RouteRequest("\(v1)/services", body: #"{"name":"News","endpoint":"https://svc.test/news","price_amount":"0.02"}"#, status: 201, expectKey: "id") },
                  invalid: { _ in RouteRequest("\(v1)/services", body: #"{"name":"News","endpoint":"https://svc.test/news","price_amount":"-1"}"#, status: 422, field: "price_amount") }),
        RouteCase("PUT", "\(v1)/services/{id}",
                  happy: { f in RouteRequest("\(v1)/services/\(f.service)", body: #"{"description":"spot prices"}"#, status: 200, expectKey: "description") },
                  notFound: { _ in RouteRequest("\(v1)/services/\(missing)", body: #"{"description":"x"}"#, status: 404) },
                  invalid: { f in RouteRequest("\(v1)/services/\(f.service)", body: #"{"mcp_compatible":"yes"}"#, status: 422, field: "mcp_compatible") }),
    ]

    static let payments: [RouteCase] = [
        RouteCase("GET", "\(v1)/payments/history",
                  happy: { _ in RouteRequest("\(v1)/payments/history?status=confirmed&start_date=2020-01-01T00:00:00.123456Z", status: 200, expectKey: "payments") },
                  invalid: { _ in RouteRequest("\(v1)/payments/history?start_date=yesterday", status: 422, field: "start_date") }),
        RouteCase("GET", "\(v1)/payments/stats",
                  happy: { _ in RouteRequest("\(v1)/payments/stats", status: 200, expectKey: "total_payments") },
                  invalid: { _ in RouteRequest("\(v1)/payments/stats?status=lost", status: 422, field: "status") }),
        RouteCase("GET", "\(v1)/payments/{id}",
                  happy: { f in RouteRequest("\(v1)/payments/\(f.payment)", status: 200, expectKey: "amount_base_units") },
                  notFound: { _ in RouteRequest("\(v1)/payments/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/payments/a%20b", status: 422, field: "id") }),
    ]

    static let typedData = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"}],"Mail":[{"name":"contents","type":"string"}]},"primaryType":"Mail","domain":{"name":"Paygent","chainId":338},"message":{"contents":"hello"}}"#

    static let subscriptions: [RouteCase] = [
        RouteCase("GET", "\(v1)/payments/status/{tx_hash}",
                  happy: { f in RouteRequest("\(v1)/payments/status/\(f.txHash)", status: 200, expectKey: "tx_hash") },
                  notFound: { _ in RouteRequest("\(v1)/payments/status/0x\(String(repeating: "cd", count: 32))", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/payments/status/a%20b", status: 422, field: "tx_hash") }),
        RouteCase("POST", "\(v1)/payments/subscription",
                  happy: { f in RouteRequest("\(v1)/payments/subscription", body: #"{"session_id":"\#(f.session)","service_id":"\#(f.service)","period_seconds":86400}"#, status: 201, expectKey: "expires_at") },
                  notFound: { f in RouteRequest("\(v1)/payments/subscription", body: #"{"session_id":"\#(f.session)","service_id":"\#(missing)"}"#, status: 404) },
                  invalid: { f in RouteRequest("\(v1)/payments/subscription", body: #"{"session_id":"\#(f.session)","service_id":"\#(f.service)","period_seconds":5}"#, status: 422, field: "period_seconds") }),
        RouteCase("GET", "\(v1)/payments/subscription/{id}",
                  happy: { f in RouteRequest("\(v1)/payments/subscription/\(f.subscription)", status: 200, expectKey: "period_seconds") },
                  notFound: { _ in RouteRequest("\(v1)/payments/subscription/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/payments/subscription/a%20b", status: 422, field: "id") }),
        RouteCase("GET", "\(v1)/payments/subscription/session/{session_id}",
                  happy: { f in RouteRequest("\(v1)/payments/subscription/session/\(f.session)", status: 200, expectKey: "subscriptions") },
                  notFound: { _ in RouteRequest("\(v1)/payments/subscription/session/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/payments/subscription/session/a%20b", status: 422, field: "session_id") }),
        RouteCase("GET", "\(v1)/payments/subscription/{id}/{service_id}/active",
                  happy: { f in RouteRequest("\(v1)/payments/subscription/\(f.session)/\(f.service)/active", status: 200, expectKey: "active") },
                  notFound: { f in RouteRequest("\(v1)/payments/subscription/\(missing)/\(f.service)/active", status: 404) },
                  invalid: { f in RouteRequest("\(v1)/payments/subscription/\(f.session)/a%20b/active", status: 422, field: "service_id") }),
    ]

    static let wallet: [RouteCase] = [
        RouteCase("GET", "\(v1)/wallet/balance",
                  happy: { f in RouteRequest("\(v1)/wallet/balance?wallet=\(f.wallet.checksummed)", status: 200, expectKey: "balances") },
                  invalid: { _ in RouteRequest("\(v1)/wallet/balance?wallet=0xnope", status: 422, field: "wallet") }),
        RouteCase("GET", "\(v1)/wallet/allowance",
                  happy: { f in RouteRequest("\(v1)/wallet/allowance?wallet=\(f.wallet.checksummed)", status: 200, expectKey: "spent_today_usd") },
                  invalid: { _ in RouteRequest("\(v1)/wallet/allowance?wallet=12", status: 422, field: "wallet") }),
        RouteCase("GET", "\(v1)/wallet/transactions",
                  happy: { _ in RouteRequest("\(v1)/wallet/transactions?limit=5", status: 200, expectKey: "transactions") },
                  invalid: { _ in RouteRequest("\(v1)/wallet/transactions?limit=101", status: 422, field: "limit") }),
        RouteCase("POST", "\(v1)/wallet/sign-eip712",
                  happy: { _ in RouteRequest("\(v1)/wallet/sign-eip712", body: typedData, status: 200, expectKey: "signature") },
                  invalid: { _ in RouteRequest("\(v1)/wallet/sign-eip712", body: #"{"types":{},"primaryType":"Mail","domain":{},"message":{}}"#, status: 422, field: "typed_data") }),
        RouteCase("GET", "\(v1)/wallet/budgets", happy: { _ in RouteRequest("\(v1)/wallet/budgets", status: 200, expectKey: "sessions") }),
        RouteCase("GET", "\(v1)/wallet/spend",
                  happy: { _ in RouteRequest("\(v1)/wallet/spend?since=\(Timestamp(seconds: Int64(Date().timeIntervalSince1970) - 86_400).iso8601)&bucket_seconds=3600", status: 200, expectKey: "points") },
                  invalid: { _ in RouteRequest("\(v1)/wallet/spend?since=2020-01-01&bucket_seconds=99999999999999999999", status: 422, field: "bucket_seconds") }),
    ]

    static let approvals: [RouteCase] = [
        RouteCase("GET", "\(v1)/approvals/pending",
                  happy: { f in RouteRequest("\(v1)/approvals/pending?session_id=\(f.session)", status: 200, expectKey: "requests") },
                  invalid: { _ in RouteRequest("\(v1)/approvals/pending?offset=-1", status: 422, field: "offset") }),
        RouteCase("GET", "\(v1)/approvals",
                  happy: { _ in RouteRequest("\(v1)/approvals?decision=all", status: 200, expectKey: "requests") },
                  invalid: { _ in RouteRequest("\(v1)/approvals?decision=maybe", status: 422, field: "decision") }),
        RouteCase("GET", "\(v1)/approvals/{id}",
                  happy: { f in RouteRequest("\(v1)/approvals/\(f.approval)", status: 200, expectKey: "tool_args") },
                  notFound: { _ in RouteRequest("\(v1)/approvals/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/approvals/a%20b", status: 422, field: "id") }),
        RouteCase("POST", "\(v1)/approvals/{id}/approve",
                  happy: { f in RouteRequest("\(v1)/approvals/\(f.approval)/approve", status: 200, expectKey: "request_id") },
                  notFound: { _ in RouteRequest("\(v1)/approvals/\(missing)/approve", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/approvals/a%20b/approve", status: 422, field: "id") }),
        RouteCase("POST", "\(v1)/approvals/{id}/reject",
                  happy: { f in RouteRequest("\(v1)/approvals/\(f.approval)/reject", body: #"{"reason":"too much"}"#, status: 200, expectKey: "request_id") },
                  notFound: { _ in RouteRequest("\(v1)/approvals/\(missing)/reject", status: 404) },
                  invalid: { f in RouteRequest("\(v1)/approvals/\(f.approval)/reject", body: "[1,2", status: 422, field: "body") }),
        RouteCase("POST", "\(v1)/approvals/{id}/edit",
                  happy: { f in RouteRequest("\(v1)/approvals/\(f.approval)/edit", body: #"{"amount":"20.00"}"#, status: 200, expectKey: "request_id") },
                  notFound: { _ in RouteRequest("\(v1)/approvals/\(missing)/edit", body: #"{"amount":"1"}"#, status: 404) },
                  invalid: { f in RouteRequest("\(v1)/approvals/\(f.approval)/edit", body: #"{"amount":"abc"}"#, status: 422, field: "amount") }),
    ]

    static let logs: [RouteCase] = [
        RouteCase("GET", "\(v1)/logs",
                  happy: { f in RouteRequest("\(v1)/logs?session_id=\(f.session)", status: 200, expectKey: "logs") },
                  invalid: { _ in RouteRequest("\(v1)/logs?end_date=2026-02-30", status: 422, field: "end_date") }),
        RouteCase("GET", "\(v1)/logs/{id}",
                  happy: { f in RouteRequest("\(v1)/logs/\(f.log)", status: 200, expectKey: "command") },
                  notFound: { _ in RouteRequest("\(v1)/logs/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/logs/a%20b", status: 422, field: "id") }),
        RouteCase("GET", "\(v1)/logs/sessions/{session_id}/summary",
                  happy: { f in RouteRequest("\(v1)/logs/sessions/\(f.session)/summary", status: 200, expectKey: "total_runs") },
                  invalid: { _ in RouteRequest("\(v1)/logs/sessions/a%20b/summary", status: 422, field: "session_id") }),
    ]

    static let control: [RouteCase] = [
        RouteCase("GET", "\(v1)/policy", happy: { _ in RouteRequest("\(v1)/policy", status: 200, expectKey: "approval_threshold_usd") }),
        RouteCase("PUT", "\(v1)/policy",
                  happy: { _ in RouteRequest("\(v1)/policy", body: #"{"approval_threshold_usd":"25.00"}"#, status: 200, expectKey: "approval_threshold_usd") },
                  invalid: { _ in RouteRequest("\(v1)/policy", body: #"{"approval_treshold_usd":"25.00"}"#, status: 422, field: "approval_treshold_usd") }),
        RouteCase("GET", "\(v1)/control", happy: { _ in RouteRequest("\(v1)/control", status: 200, expectKey: "global_pause") }),
        RouteCase("POST", "\(v1)/control/pause",
                  happy: { _ in RouteRequest("\(v1)/control/pause", body: #"{"reason":"panic"}"#, status: 200, expectKey: "global_pause") },
                  invalid: { _ in RouteRequest("\(v1)/control/pause", body: #"{"reason":["x"]}"#, status: 422, field: "reason") }),
        RouteCase("POST", "\(v1)/control/resume",
                  prepare: { h, _ in _ = try await h.paygent.pauseAll(reason: nil, by: "test") },
                  happy: { _ in RouteRequest("\(v1)/control/resume", status: 200, expectKey: "global_pause") }),
    ]

    static let tokens: [RouteCase] = [
        RouteCase("GET", "\(v1)/tokens", happy: { _ in RouteRequest("\(v1)/tokens", status: 200, expectKey: "tokens") }),
        RouteCase("POST", "\(v1)/tokens",
                  happy: { _ in RouteRequest("\(v1)/tokens", body: #"{"role":"viewer","name":"grafana"}"#, status: 201, expectKey: "secret") },
                  invalid: { _ in RouteRequest("\(v1)/tokens", body: #"{"role":"root"}"#, status: 422, field: "role") }),
        RouteCase("DELETE", "\(v1)/tokens/{id}",
                  happy: { f in RouteRequest("\(v1)/tokens/\(f.spareToken)", status: 200, expectKey: "revoked_at") },
                  notFound: { _ in RouteRequest("\(v1)/tokens/\(missing)", status: 404) },
                  invalid: { _ in RouteRequest("\(v1)/tokens/a%20b", status: 422, field: "id") }),
    ]
}
