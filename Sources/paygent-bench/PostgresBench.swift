import Foundation
import PaygentCore
import PaygentEVM
import PaygentFoundation
import PaygentPostgres
import Synchronization
import X402

/// PostgreSQL store benchmarks, against the database `PAYGENT_BENCH_DATABASE` names (each part in a
/// fresh schema): held-and-captured payments/s with 1, 2 and 3 instances (each its own
/// `PostgresStore` — pool, writer connection, LISTEN connection — as `paygent serve` instances
/// have; in one process here, so they share its two cores with the database), discover over
/// 10,000 services, and event fan-out latency from a write on one instance to a subscriber on
/// another.
enum PostgresBench {
    static func run() async throws {
        guard let base = ProcessInfo.processInfo.environment["PAYGENT_BENCH_DATABASE"], !base.isEmpty else {
            print("postgres: skipped: set PAYGENT_BENCH_DATABASE=postgres://… (bash scripts/pg/cluster.sh start; … url)")
            return
        }
        for instances in 1...3 { try await payments(instances: instances, url: try fresh(base)) }
        try await CoreBench.discover(on: EmbeddedPaygent(store: try await PostgresStore.open(try fresh(base))), prefix: "postgres")
        try await fanOut(url: try fresh(base))
    }

    static func fresh(_ base: String) throws -> PostgresDatabaseURL {
        try PostgresDatabaseURL(base + (base.contains("?") ? "&" : "?") + "schema=bench_" + String(UInt64.random(in: 0...UInt64.max), radix: 16))
    }

    /// Authorize + signed + capture from 64 concurrent payers spread over `instances` control planes.
    static func payments(instances: Int, url: PostgresDatabaseURL) async throws {
        var planes: [EmbeddedPaygent] = []
        for _ in 0..<instances { planes.append(EmbeddedPaygent(store: try await PostgresStore.open(url))) }
        var policy = try await planes[0].policy()
        policy.maxPaymentsPerMinute = nil
        policy.walletDailyLimitUSD = 1_000_000
        _ = try await planes[0].updatePolicy(policy, by: "bench")
        let workers = 64
        let total = workers * (ProcessInfo.processInfo.environment["PAYGENT_BENCH_PG_PER_WORKER"].flatMap(Int.init) ?? 60)
        var sessions: [AgentSession] = []
        for index in 0..<8 {
            sessions.append(try await planes[0].createSession(CreateSessionRequest(name: "bench\(index)", budgetLimitUSD: "1000000"), by: "bench"))
        }
        let payer = try Address("0x" + String(repeating: "11", count: 20))
        let payee = try Address("0x" + String(repeating: "22", count: 20))
        let amount = try TokenAmount.parse("0.01", decimals: 6)
        let start = CoreBench.now()
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for worker in 0..<workers {
                let policy = planes[worker % instances].paymentPolicy(sessionID: sessions[worker % sessions.count].id)
                group.addTask {
                    var local: [UInt64] = []
                    for index in 0..<(total / workers) {
                        let intent = PaymentIntent(
                            purchaseID: "b\(worker)-\(index)", resource: "http://127.0.0.1:9/data", scheme: "exact",
                            network: "cronos-testnet", chainID: 338, asset: KnownTokens.devUSDCe, payTo: payee,
                            amount: amount, payer: payer, validBefore: 4_000_000_000, description: "")
                        let t0 = CoreBench.now()
                        guard case .allow(let hold) = try await policy.authorize(intent) else {
                            throw PaygentError(.internal, "benchmark payment denied")
                        }
                        let nonce = Array(repeating: UInt8(worker), count: 28) + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)
                        try await policy.recordSigned(nonce: nonce, for: intent, holdID: hold)
                        await policy.record(.settled(transaction: "0x\(worker)\(index)"), for: intent, holdID: hold)
                        local.append(CoreBench.now() - t0)
                    }
                    return local
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let seconds = Double(CoreBench.now() - start) / 1e9
        let stats = try await planes[instances - 1].paymentStats(PaymentQuery())
        guard stats.confirmedPayments == total else { throw PaygentError(.internal, "expected \(total) confirmed, got \(stats.confirmedPayments)") }
        CoreBench.line("postgres.payments_held_captured_\(instances)_instances", Double(total) / seconds, "payments/s")
        CoreBench.line("postgres.payment_hold_capture_p50_\(instances)_instances", CoreBench.percentile(latencies, 0.50), "ms")
        CoreBench.line("postgres.payment_hold_capture_p99_\(instances)_instances", CoreBench.percentile(latencies, 0.99), "ms")
        for plane in planes { try await plane.close() }
    }

    /// 500 events appended one at a time on instance A; the time until a subscriber on instance B
    /// (woken by NOTIFY, reading the rows) has each.
    static func fanOut(url: PostgresDatabaseURL) async throws {
        let a = EmbeddedPaygent(store: try await PostgresStore.open(url))
        let b = EmbeddedPaygent(store: try await PostgresStore.open(url))
        let count = 500
        let sent = Mutex([Int64: UInt64]())
        let stream = b.subscribe(after: try await b.events(EventQuery(limit: 1)).latestSeq)
        let receiver = Task { () throws -> [UInt64] in
            var latencies: [UInt64] = []
            for try await event in stream where event.type == "bench.tick" {
                let received = CoreBench.now()
                if let at = sent.withLock({ $0[event.seq] }) { latencies.append(received > at ? received - at : 0) }
                if latencies.count == count { break }
            }
            return latencies
        }
        for index in 0..<count {
            // The clock starts before the append: the commit, NOTIFY and B's read are all counted.
            let t0 = CoreBench.now()
            let event = try await a.appendEvent(NewEvent("bench.tick", actor: "bench", data: ["i": .integer(index)]))
            sent.withLock { $0[event.seq] = t0 }
            try await Task.sleep(for: .milliseconds(2))
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(60))
            receiver.cancel()
        }
        let latencies = try await receiver.value.sorted()
        timeout.cancel()
        CoreBench.line("postgres.event_fanout_across_instances_p50", CoreBench.percentile(latencies, 0.50), "ms")
        CoreBench.line("postgres.event_fanout_across_instances_p99", CoreBench.percentile(latencies, 0.99), "ms")
        try await a.close()
        try await b.close()
    }
}
