import Hummingbird
import PaygentFoundation
import X402

/// The facilitator's HTTP routes on a Hummingbird router.
public enum FacilitatorRoutes {
    /// Adds `POST <prefix>/verify`, `POST <prefix>/settle` and `GET <prefix>/supported` for each
    /// prefix (default: `/x402` and the bare `/verify` … that the reference
    /// `HTTPFacilitatorClient(FacilitatorConfig(url=".../x402"))` or `url="..."` calls), and, with
    /// `cronos`, the Cronos facilitator's `/v2/x402/…` routes and `GET /healthcheck`; with
    /// `discovery`, `GET <prefix>/discovery/resources` (the `bazaar` list).
    public static func register<Context: RequestContext>(
        on router: Router<Context>, facilitator: any Facilitator, prefixes: [String] = ["/x402", ""],
        cronos: Bool = true, clock: any WallClock = SystemClock(), discovery: DiscoveryCatalog? = nil
    ) {
        let handler = FacilitatorHTTPHandler(facilitator: facilitator, clock: clock, discovery: discovery)
        var all = prefixes
        if cronos { all.append("/v2/x402") }
        for prefix in all {
            router.post(RouterPath(prefix + "/verify")) { request, _ -> Response in
                Response(await handler.verify(body: try await request.body.collectBytes(upTo: FacilitatorHTTPHandler.maxBodyBytes)))
            }
            router.post(RouterPath(prefix + "/settle")) { request, _ -> Response in
                Response(await handler.settle(body: try await request.body.collectBytes(upTo: FacilitatorHTTPHandler.maxBodyBytes)))
            }
            router.get(RouterPath(prefix + "/supported")) { _, _ -> Response in
                Response(await handler.supported())
            }
            if let discovery {
                // `bazaar`: the paid resources this facilitator knows.
                router.get(RouterPath(prefix + "/discovery/resources")) { request, _ -> Response in
                    var query: [String: String] = [:]
                    for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
                    return Response(discovery.list(query: query))
                }
            }
        }
        if cronos {
            router.get("/healthcheck") { _, _ -> Response in Response(handler.healthcheck()) }
        }
    }

    /// Starts a server with only the facilitator routes.
    public static func serve(
        facilitator: any Facilitator, host: String = "127.0.0.1", port: Int = 0,
        clock: any WallClock = SystemClock(), handleSignals: Bool = false
    ) async throws -> RunningHTTPServer {
        let router = Router(context: BasicRequestContext.self)
        register(on: router, facilitator: facilitator, clock: clock)
        return try await PaygentHTTPServer.start(router: router, host: host, port: port, handleSignals: handleSignals)
    }
}
