import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import Testing

@Suite("Durable approvals")
struct ApprovalTests {
    @Test("approval pause → restart → approve: the same run completes and pays exactly once")
    func pauseRestartApprove() async throws {
        try await withWorld { world in
            let session = try await world.session(budget: "50.00")
            let paused = try await world.runtime.execute(
                "Pay 12 USDC to access the premium research report", sessionID: session.id, options: RunOptions(waitForApprovals: false))
            #expect(paused.status == .awaitingApproval)
            let approvalID = try #require(paused.pendingApprovalID)
            let request = try await world.paygent.approval(id: approvalID)
            #expect(request.toolName == "x402_fetch")
            #expect(request.formattedAmount == "12.00")
            #expect(try await world.agentEventTypes(session: session.id) == ["thinking", "tool_call", "approval_required"])
            let event = try #require(try await world.events(session: session.id).first { $0.type == .agentApprovalRequired })
            #expect(event.data["request_id"]?.stringValue == approvalID)
            #expect(event.data["tool_name"] == "x402_fetch")
            #expect(event.data["amount"] == "12.00")
            #expect(event.data["currency"] == "USDC")
            #expect(event.data["reason"]?.stringValue?.contains("approval threshold") == true)
            #expect(try await world.payments(session: session.id).isEmpty)

            // The process stops; a new one opens the same database.
            try await world.restart()
            #expect(try await world.run(paused.runID).status == "awaiting_approval")
            let handles = try await world.runtime.resumePendingRuns()
            #expect(handles.map(\.runID) == [paused.runID])

            _ = try await world.paygent.approve(id: approvalID, by: "operator:test")
            let finished = await handles[0].wait()
            #expect(finished.status == .completed, "\(finished)")
            #expect(finished.runID == paused.runID)
            #expect(finished.totalCostUSD == 12)
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 1)
            #expect(payments.first?.status == .confirmed)
            #expect(payments.first?.amount == (try world.units("12")))
            #expect(try await world.balance(world.agent.address) == (try world.units("88")))
            #expect(try await world.balance(world.merchant) == (try world.units("12")))
            #expect(try await world.agentEventTypes(session: session.id)
                == ["thinking", "tool_call", "approval_required", "thinking", "tool_call", "tool_result", "complete"])
            // Resuming again finds nothing to do and pays nothing more.
            #expect(try await world.runtime.resumePendingRuns().isEmpty)
            #expect(try await world.payments(session: session.id).count == 1)
        }
    }

    @Test("edit → the step proceeds with the edited arguments")
    func edit() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let handle = try await world.runtime.start("Pay 12 USDC to access the premium research report", sessionID: session.id)
            let paused = await handle.wait(stopAtApproval: true)
            let approvalID = try #require(paused.pendingApprovalID)
            _ = try await world.paygent.editApproval(
                id: approvalID, ApprovalEdit(editedArgs: ["service": "market data api", "max_amount": "0.10"]), by: "operator:test")
            let finished = await handle.wait()
            #expect(finished.status == .completed, "\(finished)")
            let payments = try await world.payments(session: session.id)
            #expect(payments.map(\.amount) == [try world.units("0.10")])
            #expect(payments.first?.resource.hasSuffix("/market-data") == true)
            #expect(try await world.balance(world.agent.address) == (try world.units("99.90")))
        }
    }

    @Test("reject → the step fails and nothing is paid")
    func reject() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let handle = try await world.runtime.start(
                "Pay 12 USDC to access the premium research report then check my balance", sessionID: session.id)
            let paused = await handle.wait(stopAtApproval: true)
            _ = try await world.paygent.reject(id: try #require(paused.pendingApprovalID), reason: "too expensive", by: "operator:test")
            let finished = await handle.wait()
            #expect(finished.status == .completed)  // the balance check still ran
            #expect(try await world.payments(session: session.id).isEmpty)
            let results = try await world.events(session: session.id).filter { $0.type == .agentToolResult }
            #expect(results.first?.data["success"] == false)
            #expect(results.first?.data["error_type"] == "approval_rejected")
            #expect(results.first?.data["error"]?.stringValue?.contains("too expensive") == true)
            #expect(try await world.balance(world.agent.address) == (try world.units("100")))
        }
    }

    @Test("a transfer above the threshold waits for approval too")
    func transferApproval() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let handle = try await world.runtime.start("Transfer 15 USDC to \(world.other.address.checksummed)", sessionID: session.id)
            let paused = await handle.wait(stopAtApproval: true)
            #expect(paused.status == .awaitingApproval)
            let request = try await world.paygent.approval(id: try #require(paused.pendingApprovalID))
            #expect(request.toolName == "transfer")
            _ = try await world.paygent.approve(id: request.id, by: "operator:test")
            let finished = await handle.wait()
            #expect(finished.status == .completed, "\(finished)")
            #expect(try await world.balance(world.other.address) == (try world.units("115")))
        }
    }
}
