import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentSQLite
import Testing

/// The agent runtime over `any AgentHost` that is not `EmbeddedPaygent` (``ForwardingHost``, over
/// the real embedded control plane): payments, approvals, runs and leases all go through the
/// protocol, so a remote host can stand in for the embedded one.
@Suite("AgentHost seam")
struct AgentHostSeamTests {
    /// A runtime like the world's, over a ``ForwardingHost`` of the world's control plane.
    static func runtime(over world: TestWorld) -> (ForwardingHost, AgentRuntime) {
        let host = ForwardingHost(world.paygent)
        return (host, AgentRuntime(paygent: host, wallets: world.keys, facilitator: world.services.facilitator,
                                   configuration: world.configuration))
    }

    @Test("a paid command runs over the protocol: hold → signed → confirmed through AgentHost calls")
    func paysThroughTheProtocol() async throws {
        try await withWorld { world in
            let (host, runtime) = Self.runtime(over: world)
            let session = try await world.session()
            let result = try await runtime.execute("Pay 0.10 USDC to access the market data API", sessionID: session.id)
            #expect(result.status == .completed, "\(result)")
            let payments = try await world.payments(session: session.id)
            #expect(payments.map(\.status) == [.confirmed])
            #expect(payments.first?.amount == (try world.units("0.10")))
            #expect(try await world.balance(world.merchant) == (try world.units("0.10")))
            // Every step of the payment state machine and of the run went through the host.
            for method in ["authorizePayment", "recordSigned", "recordPaymentOutcome", "createRun", "saveRun", "makeID"] {
                #expect(host.count(method) > 0, "\(method) was not called through the protocol")
            }
            // The run finished: its lease went with the final write.
            #expect(try await world.run(result.runID).status == "completed")
            #expect(try await world.paygent.unfinishedRunIDs(after: nil, limit: 10).isEmpty)
            await runtime.shutdown()
        }
    }

    @Test("a run refused by its session's gate: a killed session stops the run over the protocol")
    func killedSessionRefusesTheRunWrite() async throws {
        try await withWorld { world in
            let host = ForwardingHost(world.paygent)
            let session = try await world.session()
            _ = try await world.paygent.killSession(id: session.id, reason: "test", by: "operator:test")
            let log = ExecutionLog(id: host.makeID("log"), sessionID: session.id, command: "x", plan: .null, toolCalls: .array([]),
                                   result: nil, status: "running", error: nil, totalCostUSD: .zero, durationMs: nil,
                                   createdAt: host.clock.now(), updatedAt: host.clock.now())
            let lease = RunLease(owner: host.runOwner, expiresAt: host.clock.now().adding(seconds: 30))
            #expect(try await host.createRun(log, lease: lease, events: []) == .refused(.sessionFinished(.killed)))
            // Nothing was written.
            await #expect(throws: PaygentError.self) { try await world.paygent.executionLog(id: log.id) }
        }
    }

    @Test("a lease held by another live owner refuses the save and the claim, and writes nothing")
    func leaseHeldElsewhere() async throws {
        try await withWorld { world in
            let host: any AgentHost = world.paygent
            let session = try await world.session()
            let now = host.clock.now()
            var log = ExecutionLog(id: host.makeID("log"), sessionID: session.id, command: "x", plan: .null, toolCalls: .array([]),
                                   result: nil, status: "running", error: nil, totalCostUSD: .zero, durationMs: nil,
                                   createdAt: now, updatedAt: now)
            let mine = RunLease(owner: host.runOwner, expiresAt: now.adding(seconds: 30))
            #expect(try await host.createRun(log, lease: mine, events: []) == .saved(session: nil))
            // Another control plane (this process's pid, so it counts as alive) tries to take it.
            let theirs = RunLease(owner: host.runOwner + "-other", expiresAt: now.adding(seconds: 30))
            #expect(try await host.claimRun(logID: log.id, lease: theirs) == mine)
            log.status = "completed"
            #expect(try await host.saveRun(log, lease: theirs, events: [], gated: true) == .refused(.leased(mine)))
            #expect(try await world.paygent.executionLog(id: log.id).status == "running")
            // Its owner saves it, gated: the session comes back; finishing drops the lease.
            guard case .saved(let read?) = try await host.saveRun(log, lease: mine, events: [], gated: true) else {
                Issue.record("the owner's gated save was refused")
                return
            }
            #expect(read.id == session.id)
            #expect(try await host.claimRun(logID: log.id, lease: theirs) == nil)
        }
    }

    @Test("stop while awaiting approval: the run ends cancelled, its approval is withdrawn, its lease released, nothing adopts it")
    func stopWhileAwaitingApproval() async throws {
        try await withWorld { world in
            let (host, runtime) = Self.runtime(over: world)
            let session = try await world.session()
            let handle = try await runtime.start("Pay 12 USDC to access the premium research report", sessionID: session.id)
            let paused = await handle.wait(stopAtApproval: true)
            let approvalID = try #require(paused.pendingApprovalID)
            let stopped = try #require(await runtime.stop(runID: handle.runID, reason: "interrupted by SIGTERM"))
            #expect(stopped.status == .cancelled)
            #expect(stopped.error?.contains("interrupted by SIGTERM") == true)
            let approval = try await world.paygent.approval(id: approvalID)
            #expect(approval.decision == .rejected)
            #expect(approval.decisionReason?.hasPrefix("withdrawn: interrupted by SIGTERM") == true, "\(approval)")
            #expect(try await world.run(handle.runID).status == "cancelled")
            #expect(try await world.payments(session: session.id).isEmpty)
            await runtime.shutdown()
            // Another process on the same store finds nothing to adopt.
            try await world.restart()
            #expect(try await world.runtime.resumePendingRuns().isEmpty)
        }
    }
}
