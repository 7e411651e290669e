import Foundation
import PaygentAgents
import PaygentCore

/// Measurements of the agent runtime over loopback x402 (used by `paygent-bench`).
public struct AgentBenchmarkResult: Sendable {
    /// Sequential one-payment runs per second (rule planner).
    public var sequentialRunsPerSecond: Double
    /// p50 / p99 of one sequential run, ms.
    public var runLatencyP50Ms: Double
    public var runLatencyP99Ms: Double
    /// Runs per second with `concurrency` sessions running at once.
    public var concurrentRunsPerSecond: Double
    /// How many sessions ran at once.
    public var concurrency: Int
    /// From the operator's approve call returning to the resumed payment's `payment.settled`, ms.
    public var approveToSettledP50Ms: Double
    public var approveToSettledP99Ms: Double
    /// Runs and approvals measured.
    public var runs: Int
    public var approvals: Int
}

/// Runs the agent benchmark on a throwaway demo environment (no background agents).
public enum AgentBenchmark {
    /// The one-payment command measured.
    public static let command = "Pay 0.01 USDC to access the crypto ticker"

    public static func run(runs: Int = 500, approvals: Int = 200, concurrency: Int = 4) async throws -> AgentBenchmarkResult {
        let fleet = try await DemoFleet.start(DemoFleetOptions(agents: 0, fundingPerWallet: "10000000", startAgents: false))
        do {
            let result = try await measure(fleet, runs: runs, approvals: approvals, concurrency: concurrency)
            await fleet.stop()
            return result
        } catch {
            await fleet.stop()
            throw error
        }
    }

    struct BenchmarkFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func session(_ fleet: DemoFleetHandle, _ name: String) async throws -> String {
        try await fleet.paygent.createSession(
            CreateSessionRequest(userID: "bench", name: name, walletAddress: fleet.cliWallet.checksummed,
                                 config: SessionConfig(maxPaymentsPerMinute: 1_000_000)),
            by: "bench").id
    }

    static func measure(_ fleet: DemoFleetHandle, runs: Int, approvals: Int, concurrency: Int) async throws -> AgentBenchmarkResult {
        let runtime = fleet.runtime
        let clock = ContinuousClock()
        let main = try await session(fleet, "bench-sequential")
        for _ in 0..<20 { _ = try await runtime.execute(command, sessionID: main) }

        // Sequential runs.
        var latencies: [Double] = []
        latencies.reserveCapacity(runs)
        let start = clock.now
        for _ in 0..<runs {
            let t0 = clock.now
            let result = try await runtime.execute(command, sessionID: main)
            guard result.status == .completed else { throw BenchmarkFailure(description: "run failed: \(result.error ?? "?")") }
            latencies.append(milliseconds(clock.now - t0))
        }
        let sequentialSeconds = seconds(clock.now - start)

        // Concurrent sessions.
        var sessions: [String] = []
        for index in 0..<concurrency { sessions.append(try await session(fleet, "bench-concurrent-\(index)")) }
        let perSession = max(1, runs / max(1, concurrency))
        let concurrentStart = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in sessions {
                group.addTask {
                    for _ in 0..<perSession {
                        let result = try await runtime.execute(command, sessionID: id)
                        guard result.status == .completed else { throw BenchmarkFailure(description: "run failed: \(result.error ?? "?")") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let concurrentSeconds = seconds(clock.now - concurrentStart)

        // Approve → resumed payment settled.
        let approving = try await session(fleet, "bench-approvals")
        var approveLatencies: [Double] = []
        for _ in 0..<approvals {
            let handle = try await runtime.start("Pay 12 USDC to access the premium research report", sessionID: approving)
            let paused = await handle.wait(stopAtApproval: true)
            guard paused.status == .awaitingApproval, let approvalID = paused.pendingApprovalID else {
                throw BenchmarkFailure(description: "expected an approval pause, got \(paused.status)")
            }
            let latest = try await fleet.paygent.events(EventQuery(limit: 1)).latestSeq
            let stream = fleet.paygent.subscribe(after: latest)
            let settled = Task { () -> ContinuousClock.Instant? in
                do {
                    for try await event in stream where event.type == .paymentSettled && event.sessionID == approving {
                        return clock.now
                    }
                } catch {}
                return nil
            }
            let t0 = clock.now
            _ = try await fleet.paygent.approve(id: approvalID, by: "bench")
            guard let t1 = await settled.value else { throw BenchmarkFailure(description: "no settlement after approval") }
            approveLatencies.append(milliseconds(t1 - t0))
            let finished = await handle.wait()
            guard finished.status == .completed else { throw BenchmarkFailure(description: "approved run failed: \(finished.error ?? "?")") }
        }

        return AgentBenchmarkResult(
            sequentialRunsPerSecond: Double(runs) / sequentialSeconds,
            runLatencyP50Ms: percentile(latencies, 0.50), runLatencyP99Ms: percentile(latencies, 0.99),
            concurrentRunsPerSecond: Double(perSession * concurrency) / concurrentSeconds, concurrency: concurrency,
            approveToSettledP50Ms: percentile(approveLatencies, 0.50), approveToSettledP99Ms: percentile(approveLatencies, 0.99),
            runs: runs, approvals: approvals
        )
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> Double { seconds(duration) * 1000 }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))
        return sorted[index]
    }
}
