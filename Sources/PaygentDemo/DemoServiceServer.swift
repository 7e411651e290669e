import Hummingbird
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentServer
import Synchronization
import X402

/// The demo's paid services on one loopback HTTP server: real x402 (402 → payment header →
/// verify → settle) through a ``LocalFacilitator`` whose ledger is the control plane's store, plus
/// the misbehaving Flaky Oracle, plus the facilitator's own routes.
public struct DemoServiceServer: Sendable {
    /// The running server.
    public let server: RunningHTTPServer
    /// The facilitator settling payments on the store's ledger.
    public let facilitator: LocalFacilitator
    /// Requests the Flaky Oracle answered so far.
    public let flakyRequests: FlakyOracle

    /// `http://127.0.0.1:port`.
    public var baseURL: String { server.baseURL }

    /// Starts the server on `host:port` (0 = any free port).
    public static func start(ledger: any LedgerStorage, host: String = "127.0.0.1", port: Int = 0) async throws -> DemoServiceServer {
        let token = DemoCatalog.token
        let facilitator = LocalFacilitator(
            ledger: ledger,
            configuration: .init(networks: [token.network], tokens: [token], signers: [DevnetAccounts.facilitatorSigner.address])
        )
        let router = Router(context: BasicRequestContext.self)
        // Each price is bound to its handler, so the router alone decides what is paid.
        let paywall = Paywall(routes: DemoCatalog.paywallRoutes(), facilitator: facilitator)
        // /market-data, /swap-quote, /news, /report and / (the shared demo handlers).
        DemoServices(token: token).register(on: router, paywall: paywall)
        router.paid("/ticker", paywall: paywall) { request, _ -> Response in
            let pair = request.uri.queryParameters["pair"].map(String.init) ?? "CRO-USDC"
            return Response(.json(200, DemoResponses.ticker(pair: pair, now: SystemClock().unixSeconds)))
        }
        router.paid("/market-pulse", paywall: paywall) { _, _ -> Response in
            Response(.json(200, DemoResponses.pulse(now: SystemClock().unixSeconds)))
        }
        let flaky = FlakyOracle()
        flaky.register(on: router, token: token)
        FacilitatorRoutes.register(on: router, facilitator: facilitator, cronos: false)
        let server = try await PaygentHTTPServer.start(router: router, host: host, port: port)
        return DemoServiceServer(server: server, facilitator: facilitator, flakyRequests: flaky)
    }

    /// Stops the server.
    public func stop() async { await server.stop() }
}

/// Small synthetic payloads (integer arithmetic only).
enum DemoResponses {
    static func ticker(pair: String, now: UInt64) -> JSONValue {
        let cents = 9_000 + (now % 600)  // 0.0900 … 0.0959
        return .object([
            "pair": .string(String(pair.prefix(20))),
            "price": .string(TokenAmount.format(UInt256(cents), decimals: 5)),
            "timestamp": .integer(now),
        ])
    }

    static func pulse(now: UInt64) -> JSONValue {
        let movers = ["CRO", "VVS", "WETH", "WBTC"]
        let lead = movers[Int(now / 60 % UInt64(movers.count))]
        return .object([
            "top_mover": .string(lead),
            "sentiment": .string(["cautious", "neutral", "bullish"][Int(now / 300 % 3)]),
            "volume_leader": .string(movers[Int((now / 120 + 1) % UInt64(movers.count))]),
            "timestamp": .integer(now),
        ])
    }
}

/// The misbehaving service: every request gets a broken answer, in a fixed rotation — a 402
/// whose `PAYMENT-REQUIRED` header is not base64, a 500, a 402 with a truncated JSON body, a
/// 402 offering a negative amount, a 503. Nothing it says can ever be paid.
public final class FlakyOracle: Sendable {
    private let count = Mutex(0)

    /// Requests answered so far.
    public var requests: Int { count.withLock { $0 } }

    func register<Context: RequestContext>(on router: Router<Context>, token: PaymentToken) {
        router.get("/flaky-oracle") { [self] _, _ -> Response in
            let n = count.withLock { value -> Int in
                value += 1
                return value
            }
            switch n % 5 {
            case 1:
                return Self.response(402, body: "{\"error\":\"payment required\"}",
                                     headers: [("PAYMENT-REQUIRED", "%%%not base64%%%"), ("Content-Type", "application/json")])
            case 2:
                return Self.response(500, body: "{\"error\":\"oracle backend crashed\"}", headers: [("Content-Type", "application/json")])
            case 3:
                return Self.response(402, body: "{\"x402Version\":1,\"accepts\":[{\"scheme\":\"exact\",\"netw",
                                     headers: [("Content-Type", "application/json")])
            case 4:
                let body = "{\"x402Version\":1,\"error\":\"X-PAYMENT header is required\",\"accepts\":[{\"scheme\":\"exact\",\"network\":\"cronos-testnet\",\"maxAmountRequired\":\"-20000\",\"resource\":\"/flaky-oracle\",\"description\":\"price\",\"mimeType\":\"application/json\",\"payTo\":\"0xNOTANADDRESS\",\"maxTimeoutSeconds\":60,\"asset\":\"\(token.address.checksummed)\",\"extra\":{\"name\":\"\(token.name)\",\"version\":\"\(token.version)\"}}]}"
                return Self.response(402, body: body, headers: [("Content-Type", "application/json")])
            default:
                return Self.response(503, body: "service unavailable", headers: [("Retry-After", "0")])
            }
        }
    }

    static func response(_ status: Int, body: String, headers: [(String, String)]) -> Response {
        Response(PaywallResponse(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8)))
    }
}
