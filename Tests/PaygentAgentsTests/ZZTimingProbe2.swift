import PaygentAgents
import PaygentCore
import Testing
import Foundation

@Suite("zz timing probe2")
struct TimingProbe2 {
    @Test func probeEncode() async throws {
        var run = AgentRun(id: "log_1", sessionID: "ses_1", command: "x", planner: "rule", startedAt: Timestamp(milliseconds: 0))
        for i in 0..<10 {
            var s = StepRecord(index: i, turn: 0, step: PlanStep(tool: "x402_fetch", arguments: ["service": "crypto ticker", "max_amount": "0.01"], description: "d"))
            s.status = .succeeded
            s.result = ["summary": "Paid", "response": ["pair": "CRO", "price": "0.09", "timestamp": 1234567]]
            run.steps.append(s)
        }
        let start = ContinuousClock.now
        for _ in 0..<20 { _ = try run.executionLog(now: Timestamp(milliseconds: 5)) }
        print("encode x20", ContinuousClock.now - start)
    }
}
