import Foundation
import PaygentFoundation
import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentSQLite
import X402
import Testing

@Suite("Subagents and subscriptions")
struct SubagentAndSubscriptionTests {
    @Test("spawn_subagent runs nested runs with their own budget slice and subagent events")
    func subagents() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute(
                "Spawn 2 subagents with 0.05 USDC each to pay 0.03 USDC to access the market pulse", sessionID: session.id)
            #expect(result.status == .completed, "\(result)")
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.06")))
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 2)
            let types = try await world.agentEventTypes(session: session.id)
            #expect(types.filter { $0 == "subagent_start" }.count == 2)
            #expect(types.filter { $0 == "subagent_end" }.count == 2)
            #expect(types.last == "complete")
            let logs = try await world.paygent.executionLogs(LogQuery(sessionID: session.id))
            #expect(logs.total == 3)
            #expect(logs.items.filter { $0.id.hasPrefix(result.runID + ".s") }.count == 2)
        }
    }

    @Test("a subagent cannot spend more than its slice")
    func slice() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute(
                "Spawn a subagent with 0.05 USDC to pay 0.03 USDC to access the market pulse 2 times", sessionID: session.id)
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.03")))
            #expect(try await world.payments(session: session.id).count == 1)
            let child = try await world.run(result.runID + ".s1")
            let steps = child.toolCalls.arrayValueForTest ?? []
            #expect(steps.last?["error_type"] == "price_above_limit")
        }
    }

    @Test("a subagent's approval pauses the parent, survives a restart, and resumes both")
    func subagentApproval() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let paused = try await world.runtime.execute(
                "Spawn a subagent with 20 USDC to pay 12 USDC to access the premium research report then check my balance",
                sessionID: session.id, options: RunOptions(waitForApprovals: false))
            #expect(paused.status == .awaitingApproval)
            let approvalID = try #require(paused.pendingApprovalID)
            try await world.restart()
            let handles = try await world.runtime.resumePendingRuns()
            #expect(handles.map(\.runID) == [paused.runID])
            _ = try await world.paygent.approve(id: approvalID, by: "operator:test")
            let finished = await handles[0].wait()
            #expect(finished.status == .completed, "\(finished)")
            #expect(finished.totalCostUSD == 12)
            #expect(try await world.payments(session: session.id).count == 1)
            #expect(try await world.balance(world.agent.address) == (try world.units("88")))
        }
    }

    @Test("a parent stopped while its subagent awaits an approval ends both: the approval is withdrawn, no run is left waiting")
    func stopParentWhileSubagentWaits() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let handle = try await world.runtime.start(
                "Spawn a subagent with 20 USDC to pay 12 USDC to access the premium research report", sessionID: session.id)
            let paused = await handle.wait(stopAtApproval: true)
            #expect(paused.status == .awaitingApproval, "\(paused)")
            let approvalID = try #require(paused.pendingApprovalID)
            let stopped = try #require(await world.runtime.stop(runID: handle.runID, reason: "interrupted by SIGTERM"))
            #expect(stopped.status == .cancelled)
            #expect(try await world.paygent.approval(id: approvalID).decision == .rejected)
            let child = try await world.run(handle.runID + ".s1")
            #expect(child.status == "cancelled", "\(child)")
            #expect(child.error?.contains("interrupted by SIGTERM") == true, "\(String(describing: child.error))")
            let logs = try await world.paygent.executionLogs(LogQuery(sessionID: session.id))
            #expect(logs.total == 2)
            #expect(!logs.items.contains { $0.status == "awaiting_approval" || $0.status == "running" }, "\(logs.items.map(\.status))")
            #expect(try await world.payments(session: session.id).isEmpty)
            try await world.restart()
            #expect(try await world.runtime.resumePendingRuns().isEmpty)
        }
    }

    @Test("a subscription renews on expiry through the same policy")
    func renewal() async throws {
        let clock = ManualClock(SystemClock().now())
        let directory = NSTemporaryDirectory() + "paygent-renew-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paygent = EmbeddedPaygent(store: try SQLiteStore(path: directory + "/p.sqlite"), clock: clock)
        let services = try await DemoServiceServer.start(ledger: paygent.ledger)
        _ = try await DemoCatalog.register(baseURL: services.baseURL, in: paygent)
        let key = DevnetAccounts.key(7)
        try await paygent.ledger.mint(try DemoCatalog.token.amount("1.20"), to: key.address, token: DemoCatalog.token.address)
        let runtime = AgentRuntime(paygent: paygent, wallets: KeyRing([key]), facilitator: services.facilitator)
        let session = try await paygent.createSession(CreateSessionRequest(walletAddress: key.address.checksummed, budgetLimitUSD: "1.00"), by: "test")
        let result = try await runtime.execute("Subscribe to the news feed for a week", sessionID: session.id)
        #expect(result.status == .completed)

        clock.advance(seconds: 604_800)
        let first = await runtime.renewDueSubscriptions()
        #expect(first.renewed.count == 1)
        var subscription = try #require(try await paygent.subscriptions(sessionID: session.id).first)
        #expect(subscription.renewals == 1)
        #expect(subscription.expiresAt == clock.now().adding(seconds: 604_800))

        // The third period would exceed the 1.00 USD session budget: refused, the subscription ends.
        clock.advance(seconds: 604_800)
        let second = await runtime.renewDueSubscriptions()
        #expect(second.expired.count == 1)
        subscription = try #require(try await paygent.subscriptions(sessionID: session.id).first)
        #expect(subscription.status == "expired")
        #expect(try await paygent.payments(PaymentQuery(sessionID: session.id)).items.filter { $0.status == .confirmed }.count == 2)
        #expect(try await paygent.ledger.balance(of: key.address, token: DemoCatalog.token.address) == (try DemoCatalog.token.amount("0.20")))
        await runtime.shutdown()
        await services.stop()
        try await paygent.close()
    }
}


