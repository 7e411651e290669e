import Foundation
import PaygentFoundation
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentSQLite
import X402

/// Control-plane benchmarks on a real SQLite file: held-and-captured payments through the policy
/// engine (with the write-ahead `signed` write, and without it for comparison in the same run),
/// start-up recovery with 10,000 in-flight payments, event append and replay, and discover over
/// 10,000 services.
enum CoreBench {
    static func run() async throws {
        let directory = NSTemporaryDirectory() + "paygent-corebench-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // PAYGENT_BENCH_CORE=payments,recovery,events,discover picks parts (for profiling and A/B runs).
        let parts = ProcessInfo.processInfo.environment["PAYGENT_BENCH_CORE"].map { Set($0.split(separator: ",").map(String.init)) }
        if parts?.contains("payments") ?? true {
            try await payments(path: directory + "/payments-unsigned.sqlite", signedWrite: false)
            try await payments(path: directory + "/payments.sqlite", signedWrite: true)
        }
        if parts?.contains("recovery") ?? true { try await recovery(path: directory + "/recovery.sqlite") }
        if parts?.contains("events") ?? true { try await events(path: directory + "/events.sqlite") }
        if parts?.contains("discover") ?? true { try await discover(path: directory + "/discover.sqlite") }
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// User + system CPU time of this process so far (to tell throughput from machine contention).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
        return Double(sorted[max(0, index)]) / 1_000_000
    }

    static func line(_ name: String, _ value: Double, _ unit: String) {
        print("\(name): \(String(format: value >= 100 ? "%.0f" : "%.3f", value)) \(unit)")
    }

    /// Authorize (hold) + record signed (the write-ahead `signed` state, when `signedWrite`) +
    /// record settled (capture), from 64 concurrent payers (8 sessions). Without `signedWrite` the
    /// lines carry the suffix `_without_signed_write` (the pipeline before the signed state).
    static func payments(path: String, signedWrite: Bool) async throws {
        let suffix = signedWrite ? "" : "_without_signed_write"
        let paygent = try EmbeddedPaygent.open(path: path)
        var policy = try await paygent.policy()
        policy.maxPaymentsPerMinute = nil
        policy.walletDailyLimitUSD = 1_000_000
        _ = try await paygent.updatePolicy(policy, by: "bench")
        let workers = ProcessInfo.processInfo.environment["PAYGENT_BENCH_PAYERS"].flatMap(Int.init) ?? 64
        // PAYGENT_BENCH_PAYMENTS shortens the run (for profilers); rounded to a multiple of the workers.
        let requested = ProcessInfo.processInfo.environment["PAYGENT_BENCH_PAYMENTS"].flatMap(Int.init) ?? workers * 320
        let total = max(1, requested / workers) * workers
        let sessions = try await (0..<8).asyncMap { index in
            try await paygent.createSession(CreateSessionRequest(name: "bench\(index)", budgetLimitUSD: "1000000"), by: "bench")
        }
        let payer = try Address("0x" + String(repeating: "11", count: 20))
        let payee = try Address("0x" + String(repeating: "22", count: 20))
        let amount = try TokenAmount.parse("0.01", decimals: 6)
        let statsStart = (paygent.store as? SQLiteStore)?.writeStatistics
        let start = now()
        let cpuStart = cpuSeconds()
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for worker in 0..<workers {
                let policy = paygent.paymentPolicy(sessionID: sessions[worker % sessions.count].id)
                group.addTask {
                    var local: [UInt64] = []
                    local.reserveCapacity(total / workers)
                    for index in 0..<(total / workers) {
                        let intent = PaymentIntent(
                            purchaseID: "b\(worker)-\(index)", resource: "http://127.0.0.1:9/data", scheme: "exact",
                            network: "cronos-testnet", chainID: 338, asset: KnownTokens.devUSDCe, payTo: payee,
                            amount: amount, payer: payer, validBefore: 4_000_000_000, description: "")
                        let t0 = now()
                        guard case .allow(let hold) = try await policy.authorize(intent) else {
                            throw PaygentError(.internal, "benchmark payment denied")
                        }
                        if signedWrite {
                            let nonce = Array(repeating: UInt8(worker), count: 28) + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)
                            try await policy.recordSigned(nonce: nonce, for: intent, holdID: hold)
                        }
                        await policy.record(.settled(transaction: "0x\(worker)\(index)"), for: intent, holdID: hold)
                        local.append(now() - t0)
                    }
                    return local
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let seconds = Double(now() - start) / 1e9
        let cpu = cpuSeconds() - cpuStart
        let stats = try await paygent.paymentStats(PaymentQuery())
        guard stats.confirmedPayments == total else { throw PaygentError(.internal, "expected \(total) confirmed") }
        line("core.payments_held_captured" + suffix, Double(total) / seconds, "payments/s")
        line("core.payments_per_cpu_second" + suffix, Double(total) / cpu, "payments/cpu-s")
        line("core.payment_hold_capture_p50" + suffix, percentile(latencies, 0.50), "ms")
        line("core.payment_hold_capture_p99" + suffix, percentile(latencies, 0.99), "ms")
        if let before = statsStart, let after = (paygent.store as? SQLiteStore)?.writeStatistics {
            let batches = after.batches - before.batches
            line("core.payment_write_batch_mean" + suffix, Double(after.writes - before.writes) / Double(max(1, batches)), "writes/batch")
            line("core.payment_writer_busy" + suffix, Double(after.busyNanoseconds - before.busyNanoseconds) / 1e9 / seconds * 100, "%")
            // Should stay 0: only this process writes; each one reloads the rolling windows.
            line("core.payment_other_writer_batches" + suffix, Double(after.otherWriters - before.otherWriters), "batches")
        }
        try await paygent.close()
    }

    /// Start-up recovery of a store a crashed process left with 10,000 in-flight payments: a third
    /// held and never signed (released), a third signed and settled on the ledger (captured), a
    /// third signed and unused (kept held until validBefore). Times one ``EmbeddedPaygent/recover(settlements:)``
    /// on the reopened store.
    static func recovery(path: String) async throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        guard let dead = StoreOwner.ofProcess(sleeper.processIdentifier) else { throw PaygentError(.internal, "no /proc") }
        sleeper.terminate()
        sleeper.waitUntilExit()

        let crashed = EmbeddedPaygent(store: try SQLiteStore(path: path), owner: dead)
        var settings = try await crashed.policy()
        settings.maxPaymentsPerMinute = nil
        settings.walletDailyLimitUSD = 1_000_000
        _ = try await crashed.updatePolicy(settings, by: "bench")
        let payer = try Address("0x" + String(repeating: "11", count: 20))
        let payee = try Address("0x" + String(repeating: "22", count: 20))
        let amount = try TokenAmount.parse("0.01", decimals: 6)
        let token = PaymentToken.cronosTestnetUSDC.address
        let total = 10_000
        let policy = crashed.paymentPolicy(sessionID: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for index in stride(from: worker, to: total, by: 16) {
                        let intent = PaymentIntent(
                            purchaseID: "r\(index)", resource: "http://127.0.0.1:9/data", scheme: "exact", network: "cronos-testnet",
                            chainID: 338, asset: token, payTo: payee, amount: amount, payer: payer, validBefore: 4_000_000_000, description: "")
                        guard case .allow(let hold) = try await policy.authorize(intent) else {
                            throw PaygentError(.internal, "benchmark payment denied")
                        }
                        guard index % 3 != 0 else { continue }
                        let nonce = Array(repeating: UInt8(7), count: 28) + withUnsafeBytes(of: UInt32(index).bigEndian, Array.init)
                        try await policy.recordSigned(nonce: nonce, for: intent, holdID: hold)
                        if index % 3 == 1 {
                            let store = crashed.store
                            try await store.write { tx in
                                try tx.markNonceUsed(nonce, authorizer: payer, token: token, transactionHash: "0xr\(index)", at: Timestamp(seconds: 1))
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await crashed.close()

        let start = now()
        let reopened = try EmbeddedPaygent.open(path: path)
        let opened = now()
        let report = try await reopened.recover(settlements: reopened.devnetSettlements)
        let elapsed = Double(now() - start) / 1e6
        line("core.recovery_open", Double(opened - start) / 1e6, "ms")
        let thirds = (0..<total).reduce(into: [0, 0, 0]) { $0[$1 % 3] += 1 }
        guard report.releasedUnsigned == thirds[0], report.captured == thirds[1], report.stillInFlight == thirds[2] else {
            throw PaygentError(.internal, "recovery: unexpected \(report)")
        }
        line("core.recovery_10k_in_flight", elapsed, "ms")
        line("core.recovery_resolved", Double(report.resolved), "payments")
        line("core.recovery_kept_in_flight", Double(report.stillInFlight), "payments")
        try await reopened.close()
    }

    static func events(path: String) async throws {
        let paygent = try EmbeddedPaygent.open(path: path)
        let total = 20_000
        var start = now()
        for index in 0..<total {
            try await paygent.appendEvent(NewEvent("bench.tick", sessionID: "ses_bench", actor: "bench",
                                                   data: ["i": .integer(index), "note": "steady"]))
        }
        line("core.event_append", Double(total) / (Double(now() - start) / 1e9), "events/s")
        start = now()
        var count = 0
        for try await _ in paygent.subscribe(after: 0) {
            count += 1
            if count == total { break }
        }
        line("core.event_replay", Double(count) / (Double(now() - start) / 1e9), "events/s")
        start = now()
        var after: Int64 = 0
        var paged = 0
        while true {
            let page = try await paygent.events(EventQuery(after: after, limit: 1000))
            paged += page.events.count
            guard let last = page.events.last, page.hasMore else { break }
            after = last.seq
        }
        line("core.event_page_read", Double(paged) / (Double(now() - start) / 1e9), "events/s")
        try await paygent.close()
    }

    static func discover(path: String) async throws {
        try await discover(on: try EmbeddedPaygent.open(path: path), prefix: "core")
    }

    /// Registers 10,000 services on `paygent` and times discover queries (lines `<prefix>.…`); closes it.
    static func discover(on paygent: EmbeddedPaygent, prefix: String) async throws {
        let categories = ["market-data", "news", "swap", "research", "weather", "compute", "storage", "search"]
        var generator = SeededGenerator(seed: 42)
        let count = 10_000
        let start = now()
        for index in 0..<count {
            let cents = generator.next() % 500 + 1
            _ = try await paygent.registerService(NewService(
                name: "service-\(index)", description: "benchmark service \(index)", endpoint: "https://s\(index).bench.test/api",
                category: categories[index % categories.count], priceAmount: "\(cents / 100).\(String(format: "%02d", cents % 100))",
                priceToken: "USDC", mcpCompatible: index % 3 == 0, reputationScore: Double(generator.next() % 501) / 100), by: "bench")
        }
        line(prefix + ".service_register", Double(count) / (Double(now() - start) / 1e9), "services/s")
        var latencies: [UInt64] = []
        let queries = 3000
        for index in 0..<queries {
            var query = ServiceQuery(page: PageRequest(offset: Int(generator.next() % 5) * 20, limit: 20))
            switch index % 5 {
            case 0: break
            case 1: query.category = categories[Int(generator.next() % UInt64(categories.count))]
            case 2:
                query.minPriceUSD = USDAmount(micros: UInt256(generator.next() % 2_000_000))
                query.maxPriceUSD = query.minPriceUSD!.adding(USDAmount(integerLiteral: 1))
            case 3: query.minReputation = Double(generator.next() % 400) / 100
            default:
                query.mcpCompatible = true
                query.category = categories[Int(generator.next() % UInt64(categories.count))]
                query.minReputation = 2
            }
            let t0 = now()
            let page = try await paygent.discoverServices(query)
            latencies.append(now() - t0)
            if page.items.isEmpty, page.total > query.page.offset { throw PaygentError(.internal, "empty page") }
        }
        latencies.sort()
        line(prefix + ".discover_10k_p50", percentile(latencies, 0.50), "ms")
        line(prefix + ".discover_10k_p99", percentile(latencies, 0.99), "ms")
        line(prefix + ".discover_10k", Double(queries) / (Double(latencies.reduce(0, +)) / 1e9), "requests/s")
        try await paygent.close()
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
