import PaygentFoundation
import Foundation
import X402Client
import Http
import Hummingbird
import PaygentEVM
import PaygentServer
import Synchronization
import X402

/// A fake clock for the payer: `sleep` advances time instantly and is recorded; nonces are
/// deterministic and counted.
final class PayerTestClock: WallClock {
    private struct State {
        var unix: UInt64
        var uptime: Duration = .zero
        var sleeps: [Duration] = []
        var noncesIssued = 0
    }
    private let state: Mutex<State>

    init(unix: UInt64 = SystemClock().unixSeconds) { state = Mutex(State(unix: unix)) }

    var unix: UInt64 { state.withLock { $0.unix } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
    var noncesIssued: Int { state.withLock { $0.noncesIssued } }

    func advance(seconds: UInt64) { state.withLock { $0.unix += seconds; $0.uptime += .seconds(seconds) } }

    /// The time the payer and the facilitator both see.
    func now() -> Timestamp { Timestamp(seconds: Int64(unix)) }

    func environment(jitter: Double = 0.5) -> X402PayerEnvironment {
        X402PayerEnvironment(
            clock: self,
            uptime: { self.state.withLock { $0.uptime } },
            sleep: { duration in
                self.state.withLock { state in
                    state.sleeps.append(duration)
                    state.uptime += duration
                    let (seconds, attoseconds) = duration.components
                    state.unix += UInt64(max(0, seconds)) + (attoseconds > 0 ? 1 : 0)
                }
            },
            nonce: {
                let n = self.state.withLock { state -> Int in
                    state.noncesIssued += 1
                    return state.noncesIssued
                }
                return Keccak256.hash(Array("test nonce \(n)".utf8))
            },
            jitter: { jitter }
        )
    }
}

/// A policy that records what it is asked and answers with `decide`.
final class RecordingPolicy: PaymentPolicy {
    struct Record: Sendable {
        var outcome: PaymentOutcome
        var intent: PaymentIntent
        var holdID: String?
    }
    private let state = Mutex<(asked: [PaymentIntent], recorded: [Record])>(([], []))
    private let decide: @Sendable (PaymentIntent) -> PolicyDecision

    init(_ decide: @escaping @Sendable (PaymentIntent) -> PolicyDecision = { _ in .allow(holdID: "hold-1") }) {
        self.decide = decide
    }

    var asked: [PaymentIntent] { state.withLock { $0.asked } }
    var recorded: [Record] { state.withLock { $0.recorded } }

    func authorize(_ intent: PaymentIntent) async throws -> PolicyDecision {
        state.withLock { $0.asked.append(intent) }
        return decide(intent)
    }

    func record(_ outcome: PaymentOutcome, for intent: PaymentIntent, holdID: String?) async {
        state.withLock { $0.recorded.append(Record(outcome: outcome, intent: intent, holdID: holdID)) }
    }
}

/// The real HTTP client with injectable faults: for chosen request numbers (1-based) the request
/// is either sent and its response dropped (as if the connection died after the server handled
/// it), or refused without being sent.
final class FaultyTransport: X402Transport {
    enum Fault: Sendable {
        case dropResponse
        case refuseConnection
    }
    private let client = HTTPClient()
    private let faults: [Int: Fault]
    private let state = Mutex<(count: Int, sent: [Http.HTTPRequest])>((0, []))

    init(faults: [Int: Fault] = [:]) { self.faults = faults }

    /// Requests that actually went out, in order.
    var sent: [Http.HTTPRequest] { state.withLock { $0.sent } }

    func send(_ request: Http.HTTPRequest) async throws(Http.HTTPError) -> Http.HTTPResponse {
        let number = state.withLock { state -> Int in
            state.count += 1
            return state.count
        }
        if faults[number] == .refuseConnection { throw .connect("injected: connection refused") }
        state.withLock { $0.sent.append(request) }
        let response = try await client.send(request)
        if faults[number] == .dropResponse { throw .transport(code: 56, message: "injected: connection reset after the server answered") }
        return response
    }
}

/// Requests a test server saw: method, path and x402 headers.
final class RequestLog: Sendable {
    struct Entry: Sendable {
        var path: String
        var paymentSignature: String?
        var xPayment: String?
        var payment: String? { paymentSignature ?? xPayment }
    }
    private let entries = Mutex<[Entry]>([])
    var all: [Entry] { entries.withLock { $0 } }
    var paid: [Entry] { all.filter { $0.payment != nil } }
    func append(_ request: PaywallRequest) {
        entries.withLock {
            $0.append(Entry(path: request.path, paymentSignature: request.header(X402Header.paymentSignature), xPayment: request.header(X402Header.xPayment)))
        }
    }
}

/// How a test seller presents its 402.
enum ChallengeForm: Sendable {
    /// Our paywall's own answer: v2 header + v1 `accepts` + Cronos `paymentRequirements`.
    case all
    /// Only the v1 `accepts[]` body.
    case v1Only
    /// Only the Cronos singular `paymentRequirements` body.
    case cronosOnly
}

/// A devnet seller on loopback: a ``Paywall`` over a ``LocalFacilitator`` with an in-memory
/// ledger, with knobs for the tests (402 form, injected 503s, Retry-After).
struct TestSeller: Sendable {
    let server: RunningHTTPServer
    let ledger: InMemoryLedger
    let facilitator: LocalFacilitator
    let log: RequestLog
    let payTo: Address
    let tokens: [PaymentToken]

    func url(_ path: String) -> String { server.baseURL + path }

    static let secondToken = PaymentToken(
        network: .cronosTestnet, address: try! Address("0x00000000000000000000000000000000000000aa"),
        name: "Second Token", version: "2", symbol: "TWO", decimals: 6
    )

    /// Starts a seller.
    /// - Parameters:
    ///   - prices: (token, human amount) options of `/paid`.
    ///   - unavailable: `(path-kind, count)` — answer 503 (with `retryAfter`) to the first
    ///     `count` unpaid (`paid: false`) or paid (`paid: true`) requests.
    static func start(
        clock: PayerTestClock, prices: [(PaymentToken, String)] = [(.cronosTestnetUSDC, "0.01")],
        form: ChallengeForm = .all, fund: [(Address, String)] = [], unavailableUnpaid: Int = 0,
        unavailablePaid: Int = 0, retryAfter: String? = nil, transferMethod: AssetTransferMethod = .eip3009,
        upto: Bool = false, charge: String? = nil, paymentIdentifiers: PaymentIdentifierCache<[Paywall.Header]>? = nil,
        settleThrough: (@Sendable (LocalFacilitator) -> any Facilitator)? = nil
    ) async throws -> TestSeller {
        let ledger = InMemoryLedger()
        let tokens = [PaymentToken.cronosTestnetUSDC, secondToken]
        for (address, amount) in fund {
            for token in tokens { try await DevnetAccounts.fund(address, with: try token.amount(amount), token: token.address, on: ledger) }
        }
        let facilitator = LocalFacilitator(
            ledger: ledger, configuration: .init(networks: [.cronosTestnet], tokens: tokens, signers: [DevnetAccounts.facilitatorSigner.address]),
            clock: clock
        )
        let payTo = DevnetAccounts.merchant.address
        let route = PaywallRoute(
            path: "/paid", prices: try prices.map { price in
                upto ? PaywallPrice.upto(token: price.0, maximum: try price.0.amount(price.1))
                    : try PaywallPrice(token: price.0, amount: price.1, transferMethod: transferMethod)
            }, payTo: payTo,
            description: "test resource", maxTimeoutSeconds: 120
        )
        let paywall = Paywall(routes: [route], facilitator: settleThrough?(facilitator) ?? facilitator,
                              uptoFacilitatorAddress: DevnetAccounts.facilitatorSigner.address,
                              paymentIdentifiers: paymentIdentifiers)
        let log = RequestLog()
        let counters = Mutex<(unpaid: Int, paid: Int)>((0, 0))
        let router = Router(context: BasicRequestContext.self)
        router.get("/free") { _, _ -> Response in Response(.json(200, .object(["free": .bool(true)]))) }
        router.get("/broken") { _, _ -> Response in
            Response(PaywallResponse.json(402, .object([:]), headers: [(X402Header.paymentRequired, "%%%")]))
        }
        router.get("/other-scheme") { request, _ -> Response in
            // One option in another scheme, one without the EIP-712 domain.
            var upto = route.requirements(resourceURL: PaywallRequest(request).url)[0].jsonV1().objectValue!
            upto["scheme"] = .string("upto")
            var bare = route.requirements(resourceURL: PaywallRequest(request).url)[0]
            bare.extra = [:]
            return Response(PaywallResponse.json(402, .object(["x402Version": .integer(1), "accepts": .array([.object(upto), bare.jsonV1()])])))
        }
        router.get("/paid") { request, _ -> Response in
            let paywallRequest = PaywallRequest(request)
            log.append(paywallRequest)
            let isPaid = paywallRequest.header(X402Header.paymentSignature) != nil || paywallRequest.header(X402Header.xPayment) != nil
            let refuse = counters.withLock { c -> Bool in
                if isPaid { c.paid += 1; return c.paid <= unavailablePaid }
                c.unpaid += 1
                return c.unpaid <= unavailableUnpaid
            }
            if refuse {
                var headers: [(name: String, value: String)] = []
                if let retryAfter { headers.append(("Retry-After", retryAfter)) }
                return Response(PaywallResponse.json(503, .object(["error": .string("busy")]), headers: headers))
            }
            if !isPaid, form != .all {
                let offered = route.requirements(resourceURL: paywallRequest.url)
                var body = PaymentRequired(dialect: .v1, accepts: offered).jsonV1(includeCronos: true).objectValue!
                if form == .v1Only { body["paymentRequirements"] = nil } else { body["accepts"] = nil }
                return Response(PaywallResponse.json(402, .object(body)))
            }
            let response = await paywall.handle(request: paywallRequest) {
                // An upto handler names its charge in Settlement-Overrides (`charge` is the header's value).
                PaywallResponse.json(200, .object(["content": .string("the paid resource")]),
                                     headers: charge.map { [(Paywall.settlementOverridesHeader, $0)] } ?? [])
            }
            return Response(response)
        }
        let server = try await PaygentHTTPServer.start(router: router)
        return TestSeller(server: server, ledger: ledger, facilitator: facilitator, log: log, payTo: payTo, tokens: tokens)
    }

    func stop() async { await server.stop() }
}

/// Runs `body` with a seller and stops it afterwards, even when `body` throws.
func withSeller<T>(_ seller: TestSeller, _ body: (TestSeller) async throws -> T) async throws -> T {
    do {
        let value = try await body(seller)
        await seller.stop()
        return value
    } catch {
        await seller.stop()
        throw error
    }
}

extension PaymentOutcome {
    var isSettled: Bool { if case .settled = self { true } else { false } }
    var isFailed: Bool { if case .failed = self { true } else { false } }
    var isUnknown: Bool { if case .unknown = self { true } else { false } }
}

extension X402PaymentResult {
    var error: X402PayerError? { if case .failed(let e) = self { e } else { nil } }
}

let testPayerKey = try! PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
