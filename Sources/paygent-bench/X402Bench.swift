import Foundation
import X402Client
import Http
import Hummingbird
import PaygentEVM
import PaygentServer
import X402

/// Benchmark of a paid x402 request's full round trip on loopback:
/// GET → 402 → decode → policy → sign EIP-3009 → retry with PAYMENT-SIGNATURE → verify → handler →
/// settle → 200 with PAYMENT-RESPONSE, by ``X402Payer`` against an in-process Hummingbird paywall.
///
/// Set-ups, sequential requests each:
/// - `x402_paid_roundtrip`: `exact` by EIP-3009; the paywall verifies and settles with the devnet
///   facilitator in process;
/// - `x402_paid_roundtrip_permit2`: `exact` by Permit2, in process;
/// - `x402_paid_roundtrip_upto`: `upto` (a Permit2 permit for a maximum; the handler charges less),
///   in process;
/// - `x402_paid_roundtrip_http_facilitator`: EIP-3009 with the paywall reaching the facilitator over
///   loopback HTTP (``RemoteFacilitator`` → facilitator routes), the same topology as the reference
///   pairs in scripts/bench/x402.sh.
///
/// `PAYGENT_BENCH_X402_REQUESTS` sets the number of measured requests (default 1000). Results are
/// also written to `.build/bench-results/x402.txt` for scripts/bench/x402.sh.
enum X402Bench {
    static func run() async throws {
        let count = max(1000, Int(environmentValue("PAYGENT_BENCH_X402_REQUESTS") ?? "") ?? 1000)
        var lines: [String] = []
        let setups: [(name: String, remote: Bool, variant: Variant)] = [
            ("x402_paid_roundtrip", false, .eip3009), ("x402_paid_roundtrip_permit2", false, .permit2),
            ("x402_paid_roundtrip_upto", false, .upto), ("x402_paid_roundtrip_http_facilitator", true, .eip3009),
        ]
        for (name, remote, variant) in setups {
            let samples = try await measure(requests: count, remoteFacilitator: remote, variant: variant)
            let sorted = samples.sorted()
            let p50 = percentile(sorted, 0.50), p99 = percentile(sorted, 0.99)
            let mean = sorted.reduce(0, +) / Double(sorted.count)
            for (suffix, value) in [("p50", p50), ("p99", p99), ("mean", mean)] {
                let line = "\(name)_\(suffix): \(format(value)) ms"
                print(line)
                lines.append(line)
            }
            let rate = "\(name)_rate: \(Int((1000 / mean).rounded())) req/s (\(count) sequential paid requests)"
            print(rate)
            lines.append(rate)
        }
        writeResults(lines)
    }

    /// What the paid route asks for.
    enum Variant {
        case eip3009, permit2, upto
    }

    /// Milliseconds per paid request for `requests` sequential purchases (after a warm-up).
    static func measure(requests: Int, remoteFacilitator: Bool, variant: Variant) async throws -> [Double] {
        let token = PaymentToken.cronosTestnetUSDC
        let ledger = InMemoryLedger()
        let payerKey = DevnetAccounts.key(0)
        try await DevnetAccounts.fund(payerKey.address, with: try token.amount("1000000"), token: token.address, on: ledger)
        let settler = DevnetAccounts.facilitatorSigner.address
        let local = LocalFacilitator(ledger: ledger, configuration: .init(networks: [token.network], tokens: [token], signers: [settler]))

        var facilitatorServer: RunningHTTPServer?
        let facilitator: any Facilitator
        if remoteFacilitator {
            let server = try await FacilitatorRoutes.serve(facilitator: local)
            facilitatorServer = server
            facilitator = RemoteFacilitator(baseURL: server.baseURL + "/x402", client: HTTPClient())
        } else {
            facilitator = local
        }
        let price: PaywallPrice = switch variant {
        case .eip3009: try PaywallPrice(token: token, amount: "0.01")
        case .permit2: try PaywallPrice(token: token, amount: "0.01", transferMethod: .permit2)
        case .upto: .upto(token: token, maximum: try token.amount("0.05"))
        }
        let route = PaywallRoute(
            path: "/market-data", price: price, payTo: DevnetAccounts.merchant.address, description: "Spot prices", maxTimeoutSeconds: 300
        )
        let router = Router(context: BasicRequestContext.self)
        // The upto handler charges 1234 base units of the 50000 signed.
        let charge: [(String, String)] = variant == .upto ? [(Paywall.settlementOverridesHeader, #"{"amount":"1234"}"#)] : []
        router.paid(route, paywall: Paywall(routes: [route], facilitator: facilitator, uptoFacilitatorAddress: settler)) { _, _ -> Response in
            Response(PaywallResponse.json(200, .object(["symbol": .string("CRO-USDC"), "price": .string("0.0931")]),
                                          headers: charge.map { (name: $0.0, value: $0.1) }))
        }
        router.get("/free") { _, _ -> Response in
            Response(PaywallResponse.json(200, .object(["symbol": .string("CRO-USDC"), "price": .string("0.0931")])))
        }
        let paywall = try await PaygentHTTPServer.start(router: router)
        if !remoteFacilitator, variant == .eip3009 { try await measureParts(baseURL: paywall.baseURL, requests: requests) }

        let payer = X402Payer(
            signer: payerKey, policy: MaximumAmountPolicy(maximum: try token.amount("0.10")),
            configuration: X402PayerConfiguration(retry: .none), transport: HTTPClient()
        )
        let request = Http.HTTPRequest(url: paywall.baseURL + "/market-data")
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(requests)
        var failure: String?
        for i in 0..<(requests + 50) {
            let start = clock.now
            let result = await payer.pay(request)
            let elapsed = clock.now - start
            guard let receipt = result.receipt, receipt.settlement?.success == true else {
                failure = "paid request \(i) did not settle: \(result)"
                break
            }
            if i >= 50 { samples.append(milliseconds(elapsed)) }
        }
        await paywall.stop()
        if let facilitatorServer { await facilitatorServer.stop() }
        if let failure { throw BenchFailure(description: failure) }
        let settled = ledger.transfers.count
        guard settled == requests + 50 else { throw BenchFailure(description: "expected \(requests + 50) settlements, ledger has \(settled)") }
        return samples
    }

    /// Context for the round trip: a plain GET of an unpriced route and the unpaid 402 exchange
    /// (a paid round trip is two HTTP exchanges plus signing, verification and settlement).
    static func measureParts(baseURL: String, requests: Int) async throws {
        let client = HTTPClient()
        let clock = ContinuousClock()
        for (name, path, status) in [("x402_free_get", "/free", 200), ("x402_unpaid_402", "/market-data", 402)] {
            var samples: [Double] = []
            for i in 0..<(requests + 50) {
                let start = clock.now
                let response = try await client.send(Http.HTTPRequest(url: baseURL + path))
                let elapsed = clock.now - start
                guard response.status == status else { throw BenchFailure(description: "\(path) answered \(response.status)") }
                if i >= 50 { samples.append(milliseconds(elapsed)) }
            }
            samples.sort()
            print("\(name)_p50: \(format(percentile(samples, 0.5))) ms")
        }
    }

    struct BenchFailure: Error, CustomStringConvertible { var description: String }

    static func milliseconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) * 1000 + Double(atto) / 1e15
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func format(_ value: Double) -> String {
        String(format: value < 10 ? "%.3f" : "%.1f", value)
    }

    static func environmentValue(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }

    /// Saves the result lines for scripts/bench/x402.sh (best effort).
    static func writeResults(_ lines: [String]) {
        let directory = ProcessInfo.processInfo.environment["PAYGENT_BENCH_RESULTS_DIR"] ?? ".build/bench-results"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/x402.txt", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
