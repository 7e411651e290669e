import Foundation
import PaygentDemo
import Testing

@Suite("Agent benchmark")
struct AgentBenchmarkTests {
    /// A small run of the benchmark (a smoke test); `PAYGENT_AGENT_BENCH=1` runs the full one and prints it.
    @Test func benchmark() async throws {
        let full = ProcessInfo.processInfo.environment["PAYGENT_AGENT_BENCH"] == "1"
        let result = try await AgentBenchmark.run(runs: full ? 500 : 10, approvals: full ? 200 : 3, concurrency: 4)
        #expect(result.sequentialRunsPerSecond > 0)
        #expect(result.approveToSettledP50Ms > 0)
        if full {
            print("agent_runs_sequential: \(result.sequentialRunsPerSecond) runs/s")
            print("agent_run_latency_p50: \(result.runLatencyP50Ms) ms  p99: \(result.runLatencyP99Ms) ms")
            print("agent_runs_concurrent_\(result.concurrency): \(result.concurrentRunsPerSecond) runs/s")
            print("agent_approve_to_settled_p50: \(result.approveToSettledP50Ms) ms  p99: \(result.approveToSettledP99Ms) ms")
        }
    }
}
