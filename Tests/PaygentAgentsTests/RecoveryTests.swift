import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import X402
import Testing

@Suite("Recovery and deadlines")
struct RecoveryTests {
    @Test("a run interrupted right after paying resumes without paying twice")
    func interruptedAfterPaying() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let done = try await world.runtime.execute(
                "Pay 0.01 USDC to access the crypto ticker then check my balance", sessionID: session.id)
            #expect(done.status == .completed)
            // Rewind the stored run to "paying step 1" as a crash would have left it.
            var run = try AgentRun(log: try await world.run(done.runID))
            run.status = .running
            run.finishedAt = nil
            run.result = nil
            run.totalCostUSD = .zero
            for index in run.steps.indices {
                run.steps[index].status = index == 0 ? .running : .pending
                run.steps[index].result = nil
                run.steps[index].costUSD = .zero
            }
            _ = try await world.paygent.updateExecutionLog(try run.executionLog(now: world.paygent.context.clock.now()))
            try await world.restart()
            let handles = try await world.runtime.resumePendingRuns()
            #expect(handles.map(\.runID) == [done.runID])
            let finished = await handles[0].wait()
            #expect(finished.status == .completed, "\(finished)")
            #expect(finished.totalCostUSD == (try USDAmount(parsing: "0.01")))
            #expect(try await world.payments(session: session.id).count == 1)
            #expect(try await world.balance(world.agent.address) == (try world.units("99.99")))
            let log = try await world.run(done.runID)
            #expect(log.toolCalls.arrayValueForTest?.first?["result"]?["recovered"] == true)
        }
    }

    @Test("an approval nobody decides expires and the step fails")
    func expiry() async throws {
        try await withWorld { world in
            let session = try await world.session(config: SessionConfig(approvalTimeoutSeconds: 1))
            let result = try await world.runtime.execute("Pay 12 USDC to access the premium research report", sessionID: session.id)
            #expect(result.status == .failed)
            #expect(result.errorType == .approvalExpired)
            #expect(try await world.payments(session: session.id).isEmpty)
        }
    }

    @Test("runs on killed sessions are refused; empty commands are bad input")
    func refusals() async throws {
        try await withWorld { world in
            let session = try await world.session()
            _ = try await world.paygent.killSession(id: session.id, reason: nil, by: "operator:test")
            await #expect(throws: AgentFailure.self) {
                _ = try await world.runtime.execute("Check my balance", sessionID: session.id)
            }
            let live = try await world.session()
            await #expect(throws: AgentFailure.self) {
                _ = try await world.runtime.execute("   ", sessionID: live.id)
            }
            await #expect(throws: AgentFailure.self) {
                _ = try await world.runtime.execute("Check my balance", sessionID: "ses_missing")
            }
        }
    }

    @Test("a session without a wallet key fails clearly and pays nothing")
    func noKey() async throws {
        try await withWorld { world in
            let stranger = DevnetAccounts.key(555).address
            let session = try await world.session(wallet: stranger)
            let result = try await world.runtime.execute("Pay 0.01 USDC to access the crypto ticker", sessionID: session.id)
            #expect(result.status == .failed)
            #expect(result.errorType == .noWallet)
        }
    }
}
