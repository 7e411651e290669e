import Foundation
import PaygentFoundation
import PaygentAgents
import PaygentCore
import Testing

@Suite("LLM planner over recorded wire traffic")
struct LLMPlannerTests {
    func planner(_ provider: LLMConfiguration.Provider, _ server: LLMReplayServer) -> LLMPlanner {
        switch provider {
        case .anthropic:
            LLMPlanner(configuration: LLMConfiguration(provider: .anthropic, apiKey: "sk-ant-test-key", baseURL: server.baseURL))
        case .openai:
            LLMPlanner(configuration: LLMConfiguration(provider: .openai, apiKey: "sk-openai-test-key", baseURL: server.baseURL + "/v1"))
        }
    }

    @Test("Anthropic tool use: the model pays through x402_fetch, the policy holds and settles, the run completes")
    func anthropicPays() async throws {
        let fixture = try LLMFixture.load("anthropic-pay-market-data")
        let server = try await LLMReplayServer.start(fixture)
        defer { Task { await server.stop() } }
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute(fixture.command, sessionID: session.id,
                                                         options: RunOptions(planner: planner(.anthropic, server)))
            #expect(server.problems.isEmpty, "\(server.problems)")
            #expect(server.requestCount == 2)
            #expect(result.status == .completed, "\(result)")
            #expect(result.result == "Done: I paid 0.10 USDC for the Market Data API and received spot prices for CRO, WETH, WBTC and VVS.")
            #expect(result.totalCostUSD == (try USDAmount(parsing: "0.10")))
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 1)
            #expect(payments.first?.status == .confirmed)
            #expect(try await world.agentEventTypes(session: session.id) == ["thinking", "tool_call", "tool_result", "complete"])
            // The request carried the tool definitions with their JSON Schemas…
            let tools = server.requests[0]["tools"]?.arrayValueForTest ?? []
            #expect(Set(tools.compactMap { $0["name"]?.stringValue })
                == ["discover_services", "get_pricing", "x402_fetch", "check_balance", "transfer", "subscribe", "spawn_subagent"])
            #expect(tools.allSatisfy { $0["input_schema"]?["type"] == "object" && $0["description"]?.stringValue != nil })
            // …and the second one returned the paid result to the model.
            let content = server.requests[1]["messages"]?.arrayValueForTest?.last?["content"]?.arrayValueForTest?.first?["content"]?.stringValue
            let parsed = try JSONValue.parse(try #require(content))
            #expect(parsed["tx_hash"]?.stringValue == payments.first?.txHash)
            #expect(server.requests[0]["system"]?.stringValue?.contains("Budget left for this task: 50.00 USD") == true)
        }
    }

    @Test("the runtime still enforces the allow-list whatever the model asks")
    func anthropicRefused() async throws {
        let fixture = try LLMFixture.load("anthropic-tool-not-allowed")
        let server = try await LLMReplayServer.start(fixture)
        defer { Task { await server.stop() } }
        try await withWorld { world in
            let session = try await world.session(config: SessionConfig(allowedTools: ["discover_services", "get_pricing", "check_balance"]))
            let result = try await world.runtime.execute(fixture.command, sessionID: session.id,
                                                         options: RunOptions(planner: planner(.anthropic, server)))
            #expect(server.problems.isEmpty, "\(server.problems)")
            #expect(result.status == .failed)  // its only step failed
            #expect(result.errorType == .toolNotAllowed)
            #expect(try await world.payments(session: session.id).isEmpty)
            let tools = server.requests[0]["tools"]?.arrayValueForTest?.compactMap { $0["name"]?.stringValue }
            #expect(tools == ["discover_services", "get_pricing", "check_balance"])
        }
    }

    @Test("an API error becomes an llm_error with the provider's message")
    func anthropicError() async throws {
        let fixture = try LLMFixture.load("anthropic-auth-error")
        let server = try await LLMReplayServer.start(fixture)
        defer { Task { await server.stop() } }
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute(fixture.command, sessionID: session.id,
                                                         options: RunOptions(planner: planner(.anthropic, server)))
            #expect(result.status == .failed)
            #expect(result.errorType == .llmError)
            #expect(result.error == "anthropic answered 401: authentication_error: invalid x-api-key")
        }
    }

    @Test("OpenAI-compatible function calling: two tool calls in one turn, role=tool results, final answer")
    func openai() async throws {
        let fixture = try LLMFixture.load("openai-balance-and-discover")
        let server = try await LLMReplayServer.start(fixture)
        defer { Task { await server.stop() } }
        try await withWorld { world in
            let session = try await world.session()
            let result = try await world.runtime.execute(fixture.command, sessionID: session.id,
                                                         options: RunOptions(planner: planner(.openai, server)))
            #expect(server.problems.isEmpty, "\(server.problems)")
            #expect(result.status == .completed, "\(result)")
            #expect(result.result?.hasPrefix("You hold 100.00 USDC.") == true)
            #expect(try await world.agentEventTypes(session: session.id)
                == ["tool_call", "tool_result", "tool_call", "tool_result", "complete"])
            let functions = server.requests[0]["tools"]?.arrayValueForTest ?? []
            #expect(functions.allSatisfy { $0["type"] == "function" && $0["function"]?["parameters"]?["type"] == "object" })
            let toolMessages = server.requests[1]["messages"]?.arrayValueForTest?.filter { $0["role"] == "tool" } ?? []
            let discover = try JSONValue.parse(try #require(toolMessages.last?["content"]?.stringValue))
            #expect(discover["count"] == 2)
        }
    }

    @Test("configuration comes from the environment")
    func environment() {
        #expect(LLMConfiguration.fromEnvironment([:]) == nil)
        let anthropic = LLMConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9/"])
        #expect(anthropic?.provider == .anthropic)
        #expect(anthropic?.endpoint == "http://127.0.0.1:9/v1/messages")
        let openai = LLMConfiguration.fromEnvironment(["OPENAI_API_KEY": "k", "OPENAI_MODEL": "gpt-x"])
        #expect(openai?.endpoint == "https://api.openai.com/v1/chat/completions")
        #expect(openai?.model == "gpt-x")
        #expect(LLMConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "k", "PAYGENT_PLANNER": "rule"]) == nil)
        #expect(LLMConfiguration.fromEnvironment(["ANTHROPIC_API_KEY": "a", "OPENAI_API_KEY": "o", "PAYGENT_PLANNER": "openai"])?.provider == .openai)
        #expect(!(anthropic?.description.contains("k") ?? true) || anthropic?.description == "anthropic:claude-sonnet-4-5 at http://127.0.0.1:9")
    }
}
