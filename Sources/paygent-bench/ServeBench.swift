import Foundation
import Http
import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentServer
import PaygentSQLite
import PaygentWire
import Synchronization
import X402

/// `paygent serve`'s live paths, in process on loopback, over a real SQLite store:
/// - `sse_fanout`: latency from a core event (appended through the control plane) to its arrival,
///   parsed, at each of 100 SSE subscribers (`GET /api/v1/events`, libcurl clients); p50/p99 over
///   every (event, subscriber) pair;
/// - `payments_x402`: `POST /api/v1/payments/x402` round trip for a 0.01 USDC demo route (policy,
///   hold, EIP-3009 signature, paywall, settlement by the devnet facilitator, service answer).
/// Discover throughput is measured with wrk against the `paygent serve` binary (scripts/bench/serve.sh).
/// Env: PAYGENT_BENCH_SSE_SUBSCRIBERS (100), PAYGENT_BENCH_SSE_EVENTS (200), PAYGENT_BENCH_PAY_REQUESTS (300).
enum ServeBench {
    static func run() async throws {
        let subscribers = Int(X402Bench.environmentValue("PAYGENT_BENCH_SSE_SUBSCRIBERS") ?? "") ?? 100
        let events = Int(X402Bench.environmentValue("PAYGENT_BENCH_SSE_EVENTS") ?? "") ?? 200
        let payments = Int(X402Bench.environmentValue("PAYGENT_BENCH_PAY_REQUESTS") ?? "") ?? 300
        let world = try await BenchServer.start()
        do {
            try await fanOut(world, subscribers: subscribers, events: events)
            try await pay(world, requests: payments)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    /// Arrival times of event seqs at the subscribers.
    final class Arrivals: Sendable {
        let times = Mutex<[Int64: [ContinuousClock.Instant]]>([:])
        func record(_ seq: Int64, at instant: ContinuousClock.Instant) {
            times.withLock { $0[seq, default: []].append(instant) }
        }
        func count(_ seq: Int64) -> Int { times.withLock { $0[seq]?.count ?? 0 } }
    }

    static func fanOut(_ world: BenchServer, subscribers: Int, events: Int) async throws {
        let arrivals = Arrivals()
        let start = try await world.paygent.latestEventSeq()
        var tasks: [Task<Void, Never>] = []
        let connected = Counter()
        for _ in 0..<subscribers {
            let request = HTTPRequest(url: world.url("/api/v1/events?after=\(start)"),
                                      headers: ["Authorization": "Bearer \(world.viewer)"], connectTimeout: .seconds(10))
            let parser = ParserBox()
            tasks.append(Task {
                _ = try? await HTTPClient().stream(request, onHead: { _ in connected.increment() }, onChunk: { chunk in
                    let now = ContinuousClock.now
                    for message in parser.feed(chunk) {
                        if let seq = message.id.flatMap(Int64.init) { arrivals.record(seq, at: now) }
                    }
                })
            })
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while connected.value < subscribers || world.consumers.count(kind: "sse") < subscribers {
            guard ContinuousClock.now < deadline else { throw BenchFailure("only \(world.consumers.count()) of \(subscribers) subscribers connected") }
            try await Task.sleep(for: .milliseconds(10))
        }
        var latencies: [Double] = []
        // Warm-up events, then measured ones, each after the previous one reached everyone.
        for index in 0..<(events + 20) {
            let sent = ContinuousClock.now
            let event = try await world.paygent.appendEvent(NewEvent("bench.fanout", actor: "bench", data: ["n": .integer(index)]))
            let wait = ContinuousClock.now + .seconds(10)
            while arrivals.count(event.seq) < subscribers {
                guard ContinuousClock.now < wait else { throw BenchFailure("event \(event.seq) reached \(arrivals.count(event.seq)) of \(subscribers)") }
                await Task.yield()
            }
            if index >= 20 {
                for instant in arrivals.times.withLock({ $0[event.seq] ?? [] }) { latencies.append(X402Bench.milliseconds(instant - sent)) }
            }
        }
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.value }
        latencies.sort()
        print("sse_fanout_\(subscribers)_p50: \(X402Bench.format(X402Bench.percentile(latencies, 0.5))) ms")
        print("sse_fanout_\(subscribers)_p99: \(X402Bench.format(X402Bench.percentile(latencies, 0.99))) ms")
        print("sse_fanout_\(subscribers)_max: \(X402Bench.format(latencies.last ?? .nan)) ms (\(events) events × \(subscribers) subscribers)")
    }

    static func pay(_ world: BenchServer, requests: Int) async throws {
        let client = HTTPClient()
        let body = Array(#"{"service_url":"\#(world.services.baseURL)/ticker","max_amount":"0.01"}"#.utf8)
        let request = HTTPRequest(method: .post, url: world.url("/api/v1/payments/x402"),
                                  headers: ["Authorization": "Bearer \(world.agent)", "Content-Type": "application/json"], body: body,
                                  timeout: .seconds(30))
        var samples: [Double] = []
        for index in 0..<(requests + 20) {
            let started = ContinuousClock.now
            let response = try await client.send(request)
            let elapsed = X402Bench.milliseconds(ContinuousClock.now - started)
            guard response.status == 200, String(decoding: response.body, as: UTF8.self).contains("\"completed\"") else {
                throw BenchFailure("payments/x402 answered \(response.status): \(String(decoding: response.body.prefix(300), as: UTF8.self))")
            }
            if index >= 20 { samples.append(elapsed) }
        }
        samples.sort()
        let mean = samples.reduce(0, +) / Double(max(1, samples.count))
        print("payments_x402_p50: \(X402Bench.format(X402Bench.percentile(samples, 0.5))) ms")
        print("payments_x402_p99: \(X402Bench.format(X402Bench.percentile(samples, 0.99))) ms")
        print("payments_x402_rate: \(Int((1000 / mean).rounded())) req/s (\(requests) sequential paid requests)")
    }
}

/// An SSE parser shared with a stream's callbacks.
final class ParserBox: Sendable {
    private let parser = Mutex(ServerSentEventParser())
    func feed(_ bytes: [UInt8]) -> [ServerSentEvent] { parser.withLock { $0.feed(bytes) } }
}

/// A counter shared with callbacks.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The API server with the live routes over a fresh SQLite store with the demo's paid services.
struct BenchServer {
    let directory: String
    let paygent: EmbeddedPaygent
    let services: DemoServiceServer
    let runtime: AgentRuntime
    let consumers: StreamConsumers
    let server: RunningHTTPServer
    let viewer: String
    let agent: String
    /// The server's metrics (`http_requests_total` counts what clients sent).
    let metrics: APIMetrics
    /// An operator token (the remote benchmarks decide approvals with it).
    let `operator`: String

    static func start() async throws -> BenchServer {
        let directory = NSTemporaryDirectory() + "paygent-bench-serve-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paygent = EmbeddedPaygent(store: try SQLiteStore(path: directory + "/paygent.sqlite"))
        let services = try await DemoServiceServer.start(ledger: paygent.ledger)
        _ = try await DemoCatalog.register(baseURL: services.baseURL, in: paygent)
        let wallet = DevnetAccounts.key(120)
        try await paygent.ledger.mint(try DemoCatalog.token.amount("100000"), to: wallet.address, token: DemoCatalog.token.address)
        var settings = try await paygent.policy()
        settings.defaultWallet = wallet.address
        settings.walletDailyLimitUSD = nil
        settings.maxPaymentsPerMinute = nil
        _ = try await paygent.updatePolicy(settings, by: "bench")
        let runtime = AgentRuntime(paygent: paygent, wallets: KeyRing([wallet]), facilitator: services.facilitator)
        let consumers = StreamConsumers()
        let streamer = EventStreamer(source: paygent, consumers: consumers)
        let gateway = AgentGateway(paygent: paygent, runtime: runtime, wallet: wallet.address, defaultBudgetUSD: "100000.00")
        let metrics = APIMetrics()
        let api = PaygentAPIServer(api: paygent, idempotency: paygent,
                                   options: APIServerOptions(rateLimitPerSecond: 1_000_000),
                                   groups: [EventRoutes(streamer: streamer), AgentRoutes(gateway: gateway, streamer: streamer)], metrics: metrics)
        let server = try await api.start(host: "127.0.0.1", port: 0)
        let viewer = try await paygent.issueAPIToken(name: "bench viewer", role: .viewer, by: "bench").secret
        let agent = try await paygent.issueAPIToken(name: "bench agent", role: .agent, by: "bench").secret
        let operatorToken = try await paygent.issueAPIToken(name: "bench operator", role: .operator, by: "bench").secret
        return BenchServer(directory: directory, paygent: paygent, services: services, runtime: runtime, consumers: consumers,
                           server: server, viewer: viewer, agent: agent, metrics: metrics, operator: operatorToken)
    }

    func url(_ path: String) -> String { server.baseURL + path }

    /// HTTP requests the server has answered so far (every route, every status).
    func requestsAnswered() -> Int {
        metrics.exposition().split(separator: "\n").reduce(0) { total, line in
            guard line.hasPrefix("paygent_http_requests_total"), let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return total }
            return total + Int(value)
        }
    }

    func stop() async {
        consumers.closeAll()
        await server.stop()
        await runtime.shutdown()
        await services.stop()
        try? await paygent.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
