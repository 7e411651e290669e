import PaygentAgents
import PaygentFoundation
import PaygentCore
import PaygentDemo
import PaygentEVM
import Testing

/// Every prototype command end to end: rule planner → tools → real x402 over loopback → local
/// facilitator on the SQLite ledger; asserting payments, balances and the event sequence.
@Suite("Prototype commands end to end")
struct PrototypeCommandTests {
    @Test("Pay 0.10 USDC to access the market data API")
    func payMarketData() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Pay 0.10 USDC to access the market data API", sessionID: session.id)
            #expect(result.status == .completed, "\(result)")
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.10")))
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 1)
            #expect(payments.first?.status == .confirmed)
            #expect(payments.first?.amount == (try world.units("0.10")))
            #expect(payments.first?.recipient == world.merchant)
            #expect(payments.first?.txHash != nil)
            #expect(try await world.balance(world.agent.address) == (try world.units("99.90")))
            #expect(try await world.balance(world.merchant) == (try world.units("0.10")))
            #expect(try await world.agentEventTypes(session: session.id) == ["thinking", "tool_call", "tool_result", "complete"])
            let events = try await world.events(session: session.id)
            let toolResult = try #require(events.first { $0.type == .agentToolResult })
            #expect(toolResult.data["success"] == true)
            #expect(toolResult.data["result"]?["tx_hash"]?.stringValue == payments.first?.txHash)
            #expect(toolResult.data["result"]?["response"]?["quotes"] != nil)
            // Payment events sit between the tool call and its result.
            let order = events.map(\.type.rawValue)
            let call = try #require(order.firstIndex(of: "tool_call"))
            let authorized = try #require(order.firstIndex(of: "payment.authorized"))
            let settled = try #require(order.firstIndex(of: "payment.settled"))
            let resultIndex = try #require(order.firstIndex(of: "tool_result"))
            #expect(call < authorized && authorized < settled && settled < resultIndex)
            let log = try await world.run(result.runID)
            #expect(log.status == "completed")
            #expect(log.totalCostUSD == (try USDAmount(parsing: "0.10")))
            #expect(log.toolCalls.arrayValueForTest?.count == 1)
        }
    }

    @Test("Find market data services under 0.05 USDC")
    func findServices() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Find market data services under 0.05 USDC", sessionID: session.id)
            #expect(result.status == .completed)
            #expect(result.totalCostUSD == .zero)
            #expect(try await world.payments(session: session.id).isEmpty)
            let events = try await world.events(session: session.id)
            let toolResult = try #require(events.first { $0.type == .agentToolResult })
            let names = toolResult.data["result"]?["services"]?.arrayValueForTest?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["Crypto Ticker", "Market Pulse"])
            #expect(result.result?.contains("Crypto Ticker (0.01 USDC)") == true)
            #expect(try await world.balance(world.agent.address) == (try world.units("100")))
            #expect(try await world.agentEventTypes(session: session.id) == ["thinking", "tool_call", "tool_result", "complete"])
        }
    }

    @Test("Check my balance")
    func checkBalance() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Check my balance", sessionID: session.id)
            #expect(result.status == .completed)
            #expect(result.result?.contains("100.00 USDC") == true, "\(result.result ?? "")")
            #expect(try await world.payments(session: session.id).isEmpty)
            #expect(try await world.agentEventTypes(session: session.id) == ["thinking", "tool_call", "tool_result", "complete"])
        }
    }

    @Test("Transfer 5 USDC to 0x…")
    func transfer() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Transfer 5 USDC to \(world.other.address.checksummed)", sessionID: session.id)
            #expect(result.status == .completed, "\(result)")
            #expect(result.totalCostUSD == 5)
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 1)
            #expect(payments.first?.status == .confirmed)
            #expect(payments.first?.recipient == world.other.address)
            #expect(try await world.balance(world.agent.address) == (try world.units("95")))
            #expect(try await world.balance(world.other.address) == (try world.units("105")))
            #expect(try await world.agentEventTypes(session: session.id) == ["thinking", "tool_call", "tool_result", "complete"])
        }
    }

    @Test("Subscribe to the news feed for a week")
    func subscribe() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Subscribe to the news feed for a week", sessionID: session.id)
            #expect(result.status == .completed, "\(result)")
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.50")))
            let subscriptions = try await world.paygent.subscriptions(sessionID: session.id)
            #expect(subscriptions.count == 1)
            #expect(subscriptions.first?.periodSeconds == 604_800)
            #expect(subscriptions.first?.status == "active")
            #expect(subscriptions.first?.autoRenew == true)
            #expect(try await world.balance(world.agent.address) == (try world.units("99.50")))
            #expect(try await world.agentEventTypes(session: session.id) == ["thinking", "tool_call", "tool_result", "complete"])
            // Nothing is due yet: no renewal.
            let report = await world.runtime.renewDueSubscriptions()
            #expect(report.renewed.isEmpty)
        }
    }

    @Test("Get a swap quote for 10 CRO to USDC and buy it if under 0.05")
    func swapQuote() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Get a swap quote for 10 CRO to USDC and buy it if under 0.05", sessionID: session.id)
            #expect(result.status == .completed, "\(result)")
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.02")))
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 1)
            #expect(payments.first?.resource.contains("swap-quote?amount=10&from=CRO&to=USDC") == true)
            #expect(try await world.agentEventTypes(session: session.id)
                == ["thinking", "tool_call", "tool_result", "tool_call", "tool_result", "complete"])
            let results = try await world.events(session: session.id).filter { $0.type == .agentToolResult }
            #expect(results.first?.data["result"]?["price_amount"] == "0.02")
            #expect(results.last?.data["result"]?["response"]?["amountIn"] == "10.00")
        }
    }

    @Test("buy it if under a price it is not under: skipped, nothing paid")
    func swapQuoteTooExpensive() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Get a swap quote for 10 CRO to USDC and buy it if under 0.01", sessionID: session.id)
            #expect(result.status == .completed)
            #expect(result.totalCostUSD == .zero)
            #expect(try await world.payments(session: session.id).isEmpty)
            #expect(try await world.agentEventTypes(session: session.id)
                == ["thinking", "tool_call", "tool_result", "thinking", "complete"])
            #expect(result.result?.contains("not under 0.01") == true, "\(result.result ?? "")")
        }
    }

    @Test("several commands joined by then")
    func multiStep() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute(
                "Check my balance then pay 0.01 USDC to access the crypto ticker then find market data services under 0.05 USDC",
                sessionID: session.id)
            #expect(result.status == .completed)
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.01")))
            #expect(try await world.agentEventTypes(session: session.id) == [
                "thinking", "tool_call", "tool_result", "tool_call", "tool_result", "tool_call", "tool_result", "complete",
            ])
            let log = try await world.run(result.runID)
            #expect(log.toolCalls.arrayValueForTest?.map { $0["status"]?.stringValue } == ["succeeded", "succeeded", "succeeded"])
        }
    }

    @Test("a command the planner cannot parse fails with a planning error and pays nothing")
    func unparseable() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Fly me to the moon", sessionID: session.id)
            #expect(result.status == .failed)
            #expect(result.errorType == .planningError)
            #expect(try await world.agentEventTypes(session: session.id) == ["error"])
            let error = try #require(try await world.events(session: session.id).first { $0.type == .agentError })
            #expect(error.data["error_type"] == "planning_error")
            #expect(error.data["message"]?.stringValue?.contains("expected one of") == true)
        }
    }

    @Test("tools outside the session's allow-list are refused")
    func allowList() async throws {
        try await withWorld { world in
            let session = try await world.session(config: SessionConfig(allowedTools: ["check_balance"]))
            let result = try await world.runtime.execute("Pay 0.10 USDC to access the market data API", sessionID: session.id)
            #expect(result.status == .failed)
            #expect(result.errorType == .toolNotAllowed)
            #expect(try await world.payments(session: session.id).isEmpty)
        }
    }

    @Test("a price above the step's own limit is not paid")
    func priceAboveLimit() async throws {
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute("Pay 0.05 USDC to access the market data API", sessionID: session.id)
            #expect(result.status == .failed)
            #expect(result.errorType == .priceAboveLimit)
            #expect(try await world.payments(session: session.id).isEmpty)
            #expect(try await world.balance(world.agent.address) == (try world.units("100")))
        }
    }
}

extension JSONValue {
    var arrayValueForTest: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}
