import Foundation
import PaygentDemo

/// Benchmarks of the agent runtime: one-payment agent runs per second with the rule planner over
/// loopback x402 (sequential and with concurrent sessions), and the latency from an operator's
/// approve call to the resumed payment's settlement. `PAYGENT_BENCH_AGENT_RUNS` and
/// `PAYGENT_BENCH_AGENT_APPROVALS` change the sample sizes (default 500 and 200).
enum AgentBench {
    static func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let runs = Int(environment["PAYGENT_BENCH_AGENT_RUNS"] ?? "") ?? 500
        let approvals = Int(environment["PAYGENT_BENCH_AGENT_APPROVALS"] ?? "") ?? 200
        let result = try await AgentBenchmark.run(runs: runs, approvals: approvals, concurrency: 4)
        func line(_ name: String, _ value: Double, _ unit: String) {
            print("\(name): \(String(format: "%.2f", value)) \(unit)")
        }
        line("agent_runs_sequential", result.sequentialRunsPerSecond, "runs/s")
        line("agent_run_latency_p50", result.runLatencyP50Ms, "ms")
        line("agent_run_latency_p99", result.runLatencyP99Ms, "ms")
        line("agent_runs_concurrent_\(result.concurrency)", result.concurrentRunsPerSecond, "runs/s")
        line("agent_approve_to_settled_p50", result.approveToSettledP50Ms, "ms")
        line("agent_approve_to_settled_p99", result.approveToSettledP99Ms, "ms")
    }
}
