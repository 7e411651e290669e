import PaygentAgents
import PaygentCore
import Testing
import Foundation

@Suite("zz timing probe")
struct TimingProbe {
    @Test func probe() async throws {
        try await withWorld { world in
            let session = try await world.session(config: SessionConfig(maxPaymentsPerMinute: 10_000))
            for _ in 0..<5 {
                let start = ContinuousClock.now
                let r = try await world.runtime.execute("Pay 0.01 USDC to access the crypto ticker", sessionID: session.id)
                print("run", r.status, ContinuousClock.now - start)
            }
            let start = ContinuousClock.now
            let r = try await world.runtime.execute("Pay 0.01 USDC to access the crypto ticker 10 times", sessionID: session.id)
            print("10x", r.status, ContinuousClock.now - start)
            let log = try await world.run(r.runID)
            print("durations", log.toolCalls.arrayValueForTest!.map { $0["duration_ms"]!.description })
            let events = try await world.events(session: session.id).suffix(60)
            for e in events { print("ev", e.timestamp.milliseconds % 100000, e.type.rawValue) }
        }
    }
}
