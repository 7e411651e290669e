import HTTPTypes
import Hummingbird
import Logging
import PaygentCore
import PaygentEVM
import PaygentWire

/// The HTTP API of `paygent serve`: a thin adapter from `/api/v1/...` to ``PaygentAPI``.
///
/// Assembled from route groups (``APIRouteGroup``); each request passes, in order: metrics →
/// error envelope → bearer authentication (401) → per-token rate limit (429) → the route's
/// access check (403) → body cap (413) → query/body validation (422) → `Idempotency-Key`
/// (replay) → the handler. To add routes, write an ``APIRouteGroup`` and pass it in `groups`.
public struct PaygentAPIServer: Sendable {
    /// The control plane served.
    public let api: any PaygentAPI
    /// Where idempotency keys are kept.
    public let idempotency: any IdempotencyKeys
    /// Limits.
    public let options: APIServerOptions
    /// Every route, in registration order.
    public let routes: [APIRoute]
    /// Metrics of this server.
    public let metrics: APIMetrics
    let limiter: APIRateLimiter
    let logger: Logger

    /// Creates the server over `api` with the standard route groups plus `groups`; `signingKey` is
    /// the server's wallet key for `POST /wallet/sign-eip712` (nil: that route answers 409).
    public init(api: any PaygentAPI, idempotency: any IdempotencyKeys, options: APIServerOptions = APIServerOptions(),
                groups: [any APIRouteGroup] = [], metrics: APIMetrics = APIMetrics(), signingKey: PrivateKey? = nil, logger: Logger? = nil) {
        self.api = api
        self.idempotency = idempotency
        self.options = options
        self.metrics = metrics
        self.limiter = APIRateLimiter(ratePerSecond: options.rateLimitPerSecond, burst: options.rateLimitBurst)
        self.logger = logger ?? PaygentHTTPServer.quietLogger(label: "paygent.api")
        var all: [APIRoute] = []
        let standard: [any APIRouteGroup] = StandardRoutes.groups(api: api, metrics: metrics, options: options, signingKey: signingKey)
        for group in standard + groups { all += group.routes }
        all.append(OpenAPIRoutes.route(documenting: all, version: options.version))
        routes = all
    }

    /// A router serving every route.
    public func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: APIMetricsMiddleware(metrics: metrics))
        router.add(middleware: APIErrorMiddleware(logger: logger))
        router.add(middleware: APIAuthMiddleware(authenticator: api, publicPaths: Set(routes.filter { $0.access == nil }.map(\.path))))
        router.add(middleware: APIRateLimitMiddleware(limiter: limiter))
        for route in routes { register(route, on: router) }
        return router
    }

    /// Starts serving on `host:port` (0 = ephemeral); with `handleSignals`, SIGINT/SIGTERM stop it gracefully.
    /// With `webSocket`, `GET /api/v1/ws` upgrades (see ``LiveWebSocket``).
    public func start(host: String = "127.0.0.1", port: Int = 0, handleSignals: Bool = false,
                      webSocket: (any WebSocketUpgrading)? = nil) async throws -> RunningHTTPServer {
        try await PaygentHTTPServer.start(router: router(), host: host, port: port, logger: logger, handleSignals: handleSignals,
                                          webSocket: webSocket)
    }

    func register(_ route: APIRoute, on router: Router<APIRequestContext>) {
        let idempotency = self.idempotency
        let maxBody = route.maxBodyBytes ?? options.maxBodyBytes
        let hasBody = route.method == .post || route.method == .put || route.method == .patch || route.method == .delete
        router.on(RouterPath(route.path), method: route.method) { request, context -> Response in
            var context = context
            context.route = route.key
            let principal: APIPrincipal
            if let access = route.access {
                principal = try context.requirePrincipal()
                try principal.require(access)
            } else {
                principal = context.principal ?? APIPrincipal(tokenID: "anonymous", name: "anonymous", role: .viewer)
            }
            var request = request
            let body: [UInt8] = hasBody ? try await request.collectBody(upTo: maxBody).readableBytesView.map { $0 } : []
            let query = try QueryItems(rawQuery: request.uri.query ?? "")
            let call = APICall(request: request, context: context, principal: principal, query: query, body: body)
            guard route.changesState, let key = request.headers[HTTPField.Name("Idempotency-Key")!] else {
                return try await route.handler(call).response
            }
            return try await Self.idempotent(call, key: key, route: route, keys: idempotency)
        }
    }

    /// Runs `call` under idempotency key `key`: the first answer (any status below 500) is
    /// stored and sent again on a retry, marked `Idempotent-Replayed: true`.
    static func idempotent(_ call: APICall, key: String, route: APIRoute, keys: any IdempotencyKeys) async throws -> Response {
        let scope = call.principal.tokenID
        // The request itself: method, the path as sent (its ids, not the template), the query, the body.
        let target = call.request.uri.path + "?" + (call.request.uri.query ?? "")
        let fingerprint = call.request.method.rawValue + " " + Hex.encode(Keccak256.hash(Array(target.utf8) + [0] + call.body), prefix: false)
        switch try await keys.claimIdempotencyKey(scope: scope, key: key, fingerprint: fingerprint) {
        case .replay(let record):
            let reply = APIReply.body(status: record.status ?? 200, contentType: record.contentType, bytes: record.body,
                                      headers: [("Idempotent-Replayed", "true")])
            return reply.response
        case .inProgress:
            throw PaygentError.conflict("a request with this Idempotency-Key is still being answered; retry later")
        case .mismatch:
            throw PaygentError.invalid("Idempotency-Key", "was already used for a different request")
        case .claimed:
            break
        }
        let reply: APIReply
        do {
            reply = try await route.handler(call)
        } catch let error as PaygentError where error.httpStatus < 500 {
            // A refusal is an answer too: the retry gets the same refusal.
            let envelope = Array(try WireJSON.encode(ErrorEnvelope(error)))
            try await keys.completeIdempotencyKey(scope: scope, key: key, status: error.httpStatus, contentType: "application/json", body: envelope)
            throw error
        } catch {
            try? await keys.releaseIdempotencyKey(scope: scope, key: key)
            throw error
        }
        switch reply {
        case .body(let status, let contentType, let bytes, _) where status < 500:
            try await keys.completeIdempotencyKey(scope: scope, key: key, status: status, contentType: contentType, body: bytes)
        default:
            try? await keys.releaseIdempotencyKey(scope: scope, key: key)
        }
        return reply.response
    }
}
