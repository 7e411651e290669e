import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import Testing

@Suite("Kill, limits and misbehaving services")
struct KillAndPolicyTests {
    @Test("kill during a multi-step plan: no step starts and no payment is made after the kill event")
    func killWhileWaiting() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let handle = try await world.runtime.start(
                "Pay 0.01 USDC to access the crypto ticker 3 times then pay 12 USDC to access the premium research report then pay 0.01 USDC to access the crypto ticker 3 times",
                sessionID: session.id)
            let paused = await handle.wait(stopAtApproval: true)
            #expect(paused.status == .awaitingApproval)
            _ = try await world.paygent.killSession(id: session.id, reason: "test kill", by: "operator:test")
            let finished = await handle.wait()
            #expect(finished.status == .cancelled)
            #expect(finished.errorType == .killed)
            try await expectNothingAfterKill(world, session: session.id)
            #expect(try await world.payments(session: session.id).filter { $0.status == .confirmed }.count == 3)
            let log = try await world.run(finished.runID)
            let statuses = log.toolCalls.arrayValueForTest?.compactMap { $0["status"]?.stringValue } ?? []
            #expect(statuses == ["succeeded", "succeeded", "succeeded", "cancelled", "cancelled", "cancelled", "cancelled"])
        }
    }

    @Test("kill while steps are running: the run stops before its next step")
    func killWhileRunning() async throws {
        try await withWorld { world in
            let session = try await world.session(config: SessionConfig(maxPaymentsPerMinute: 10_000))
            let handle = try await world.runtime.start("Pay 0.01 USDC to access the crypto ticker 300 times", sessionID: session.id)
            // Let some payments happen: kill once the fifth is authorised.
            #expect(try await awaitEvents(world.paygent, .paymentAuthorized, session: session.id, count: 5))
            _ = try await world.paygent.killSession(id: session.id, reason: nil, by: "operator:test")
            let finished = await handle.wait()
            #expect(finished.status == .cancelled)
            #expect(finished.errorType == .killed)
            try await expectNothingAfterKill(world, session: session.id)
            let total = try await world.payments(session: session.id).count
            #expect(total < 300)
        }
    }

    func expectNothingAfterKill(_ world: TestWorld, session: String) async throws {
        let events = try await world.events(session: session)
        let kill = try #require(events.first { $0.type == .sessionKilled })
        let after = events.filter { $0.seq > kill.seq }
        #expect(!after.contains { $0.type == .agentToolCall }, "a step started after the kill")
        #expect(!after.contains { $0.type == .paymentAuthorized }, "a payment was authorized after the kill")
        #expect(after.contains { $0.type == .agentError && $0.data["error_type"] == "killed" })
    }

    @Test("the runaway loop is stopped by its budget without overspending one base unit")
    func runawayBudget() async throws {
        try await withWorld { world in
            let session = try await world.session(budget: "0.09")
            let result = try await world.runtime.execute("Pay 0.03 USDC to access the market pulse 10 times", sessionID: session.id)
            #expect(result.status == .failed)
            #expect(result.errorType == .policyDenied)
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 3)
            let spent = payments.filter { $0.status == .confirmed }.reduce(UInt256.zero) { $0 + $1.amount }
            #expect(spent == (try world.units("0.09")))
            #expect(try await world.paygent.session(id: session.id).spentUSD == (try USDAmount(parsing: "0.09")))
            #expect(try await world.balance(world.agent.address) == (try world.units("99.91")))
            let denied = try await world.events(session: session.id).filter { $0.type == .paymentDenied }
            #expect(denied.count == 1)
            #expect(denied.first?.data["rule"] == "session_budget")
            // The planned steps after the denial never started.
            #expect(try await world.agentEventTypes(session: session.id).filter { $0 == "tool_call" }.count == 4)
        }
    }

    @Test("the runaway loop trips its velocity limit at exactly the limit")
    func runawayVelocity() async throws {
        try await withWorld { world in
            let session = try await world.session(budget: "10.00", config: SessionConfig(maxPaymentsPerMinute: 5))
            let result = try await world.runtime.execute("Pay 0.01 USDC to access the crypto ticker 20 times", sessionID: session.id)
            #expect(result.status == .failed)
            #expect(result.errorType == .policyDenied)
            #expect(result.error?.contains("velocity") == true, "\(result.error ?? "")")
            #expect(try await world.payments(session: session.id).count == 5)
            let denied = try await world.events(session: session.id).filter { $0.type == .paymentDenied }
            #expect(denied.map { $0.data["rule"]?.stringValue } == ["velocity"])
        }
    }

    @Test("the misbehaving service: bad 402s and 500s become error events, nothing is paid, the agent goes on")
    func misbehavingService() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let before = world.services.flakyRequests.requests
            let result = try await world.runtime.execute(
                "Pay 0.02 USDC to access the flaky oracle 5 times then pay 0.01 USDC to access the crypto ticker", sessionID: session.id)
            #expect(result.status == .completed, "\(result)")
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.01")))
            #expect(world.services.flakyRequests.requests - before >= 5)
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 1)
            #expect(payments.first?.resource.hasSuffix("/ticker") == true)
            let results = try await world.events(session: session.id).filter { $0.type == .agentToolResult }
            #expect(results.count == 6)
            for failed in results.prefix(5) {
                #expect(failed.data["success"] == false)
                #expect(failed.data["error_type"] == "service_error", "\(failed.data)")
            }
            #expect(results.last?.data["success"] == true)
            #expect(try await world.balance(world.agent.address) == (try world.units("99.99")))
        }
    }

    @Test("a paused session's run parks (signalled by the driver), pays nothing while parked, and goes on when resumed")
    func pauseResume() async throws {
        let (parked, parkedSink) = AsyncStream<String>.makeStream()
        var configuration = AgentRuntimeConfiguration(pausePollInterval: .milliseconds(20))
        configuration.onParkedOnPause = { runID in parkedSink.yield(runID) }
        try await withWorld(configuration: configuration) { world in
            let session = try await world.session()
            _ = try await world.paygent.pauseSession(id: session.id, reason: "hold on", by: "operator:test")
            let handle = try await world.runtime.start("Pay 0.01 USDC to access the crypto ticker", sessionID: session.id)
            // The driver reports that the run parked on the pause (at most 60 s).
            #expect(try await firstValue(of: parked, finishing: parkedSink, within: .seconds(60)) == handle.runID)
            #expect(handle.current.status == .running)
            #expect(try await world.payments(session: session.id).isEmpty)
            #expect(try await world.events(session: session.id).filter { $0.type == .paymentAuthorized }.isEmpty)
            _ = try await world.paygent.resumeSession(id: session.id, by: "operator:test")
            let finished = await handle.wait()
            #expect(finished.status == .completed)
            #expect(try await world.payments(session: session.id).count == 1)
        }
    }

    @Test("cancel stops a run between steps")
    func cancel() async throws {
        try await withWorld { world in
            let session = try await world.session(config: SessionConfig(maxPaymentsPerMinute: 10_000))
            let handle = try await world.runtime.start("Pay 0.01 USDC to access the crypto ticker 300 times", sessionID: session.id)
            #expect(try await awaitEvents(world.paygent, .paymentAuthorized, session: session.id, count: 3))
            #expect(world.runtime.cancel(runID: handle.runID))
            let finished = await handle.wait()
            #expect(finished.status == .cancelled)
            #expect(finished.errorType == .cancelled)
            #expect(try await world.payments(session: session.id).count < 300)
        }
    }
}
