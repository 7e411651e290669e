import Foundation
import PaygentFoundation
import Http
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentServer
import PaygentWire
import Testing

/// Agents and payments through `POST /api/v1/agent/*` and `/payments/x402`, on a real server.
@Suite("Agents through the server")
struct AgentThroughServerTests {
    @Test("execute that needs an approval: awaiting_approval; an agent token cannot approve (403); an operator does; the run completes and pays exactly once")
    func executeApproveCompletes() async throws {
        try await LiveWorld.with { world in
            let before = try await world.balance(world.wallet.address)
            let response = try await world.post("/api/v1/agent/execute", as: .agent,
                                                json: #"{"command":"Pay 12 USDC to access the premium research report"}"#)
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
            let body = try LiveWorld.object(response)
            #expect(body["status"]?.stringValue == "awaiting_approval")
            let requestID = try #require(body["request_id"]?.stringValue)
            let sessionID = try #require(body["session_id"]?.stringValue)
            let runID = try #require(body["run_id"]?.stringValue)
            #expect(try await world.paygent.payments(PaymentQuery(sessionID: sessionID)).items.isEmpty)

            // The approval is durable and visible to operators.
            let pending = try await HTTPClient().send(HTTPRequest(url: world.url("/api/v1/approvals/\(requestID)"), headers: world.headers(.viewer)))
            #expect(pending.status == 200)
            #expect(try LiveWorld.object(pending)["decision"]?.stringValue == "pending")

            // Driven by the server, waiting for the decision.
            let handle = try #require(world.runtime.handle(runID: runID), "the run is not driven by the server")
            let forbidden = try await world.post("/api/v1/approvals/\(requestID)/approve", as: .agent, json: "{}")
            #expect(forbidden.status == 403)
            #expect(try LiveWorld.object(forbidden)["error"]?["code"]?.stringValue == "forbidden")
            #expect(try await world.paygent.approval(id: requestID).decision == .pending)

            let approved = try await world.post("/api/v1/approvals/\(requestID)/approve", as: .operator, json: "{}")
            #expect(approved.status == 200, "\(String(decoding: approved.body, as: UTF8.self))")
            let again = try await world.post("/api/v1/approvals/\(requestID)/approve", as: .operator, json: "{}")
            #expect(again.status == 409)

            // The run goes on in the server and completes.
            let finished = await handle.wait()
            #expect(finished.status == .completed, "\(finished)")
            let payments = try await world.paygent.payments(PaymentQuery(sessionID: sessionID)).items
            #expect(payments.count == 1)
            #expect(payments.first?.status == .confirmed)
            let twelve = try DemoCatalog.token.amount("12")
            #expect(try await world.balance(world.wallet.address) == before - twelve)
            #expect(try await world.runtime.resumePendingRuns().isEmpty)
            #expect(try await world.paygent.payments(PaymentQuery(sessionID: sessionID)).items.count == 1)
        }
    }

    @Test("execute: bad input is 422 naming the field; a viewer is 403; another caller's session is 403")
    func executeRefusals() async throws {
        try await LiveWorld.with { world in
            for (json, field) in [(#"{}"#, "command"), (#"{"command":""}"#, "command"), (#"{"command":5}"#, "command"),
                                  (#"{"command":"check my balance","budget_limit_usd":"-1"}"#, "budget_limit_usd"),
                                  (#"{"command":"check my balance","session_id":"no such\u0001"}"#, "session_id")] {
                let response = try await world.post("/api/v1/agent/execute", as: .agent, json: json)
                #expect(response.status == 422, "\(json): \(response.status)")
                #expect(try LiveWorld.object(response)["error"]?["field"]?.stringValue == field, "\(json)")
            }
            #expect(try await world.post("/api/v1/agent/execute", as: .viewer, json: #"{"command":"check my balance"}"#).status == 403)
            let other = try await world.paygent.createSession(
                CreateSessionRequest(userID: "someone else", name: "x", walletAddress: world.wallet.address.checksummed), by: "test")
            let response = try await world.post("/api/v1/agent/execute", as: .agent,
                                                json: #"{"command":"check my balance","session_id":"\#(other.id)"}"#)
            #expect(response.status == 403)
        }
    }

    @Test("agent/stream: the run's events as SSE in the prototype's vocabulary, ending with complete")
    func stream() async throws {
        try await LiveWorld.with { world in
            let client = SSEClient(url: world.url("/api/v1/agent/stream"), headers: world.headers(.agent), method: .post,
                                   body: Array(#"{"command":"Pay 0.10 USDC to access the market data API"}"#.utf8))
            #expect(await client.wait(timeout: .seconds(60)) { $0.finished })
            let types = client.messages.compactMap(\.event)
            #expect(types.first == "thinking")
            #expect(types.contains("tool_call"))
            #expect(types.contains("tool_result"))
            #expect(types.last == "complete", "\(types)")
            let complete = try JSONValue.parse(try #require(client.messages.last).data)
            #expect(complete["total_cost"]?.stringValue == "0.10")
            #expect(complete["session_id"]?.stringValue != nil)
        }
    }

    @Test("payments/x402 pays a URL on the caller's behalf and returns the service's answer; a retry with the same Idempotency-Key pays nothing more")
    func payOnBehalf() async throws {
        try await LiveWorld.with { world in
            let before = try await world.balance(world.wallet.address)
            let json = #"{"service_url":"\#(world.services.baseURL)/market-data","max_amount":"0.10"}"#
            let response = try await world.post("/api/v1/payments/x402", as: .agent, json: json, headers: ["Idempotency-Key": "pay-1"])
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
            let body = try LiveWorld.object(response)
            #expect(body["status"]?.stringValue == "completed")
            #expect(body["tx_hash"]?.stringValue?.hasPrefix("0x") == true)
            #expect(body["payment_id"]?.stringValue != nil)
            #expect(body["service_response"]?["quotes"] != nil)
            let price = try DemoCatalog.token.amount("0.10")
            #expect(try await world.balance(world.wallet.address) == before - price)
            let retry = try await world.post("/api/v1/payments/x402", as: .agent, json: json, headers: ["Idempotency-Key": "pay-1"])
            #expect(retry.status == 200)
            #expect(retry.headers["Idempotent-Replayed"] == "true")
            #expect(try LiveWorld.object(retry)["payment_id"] == body["payment_id"])
            #expect(try await world.balance(world.wallet.address) == before - price)
            // Over the step's ceiling: refused, nothing paid.
            let capped = try await world.post("/api/v1/payments/x402", as: .agent,
                                              json: #"{"service_url":"\#(world.services.baseURL)/market-data","max_amount":"0.05"}"#)
            #expect(capped.status == 409)
            #expect(try LiveWorld.object(capped)["status"]?.stringValue == "denied")
            #expect(try await world.balance(world.wallet.address) == before - price)
            // Bad input.
            for (bad, field) in [(#"{"service_url":"ftp://x"}"#, "service_url"), (#"{}"#, "service_url"),
                                 (#"{"service_url":"http://127.0.0.1:1/x","max_amount":"abc"}"#, "max_amount")] {
                let refused = try await world.post("/api/v1/payments/x402", as: .agent, json: bad)
                #expect(refused.status == 422, "\(bad)")
                #expect(try LiveWorld.object(refused)["error"]?["field"]?.stringValue == field, "\(bad)")
            }
            #expect(try await world.post("/api/v1/payments/x402", as: .operator, json: json).status == 403)
        }
    }

    @Test("payments/x402 above the approval threshold waits (202); once approved, execute-approved pays exactly once")
    func payOnBehalfWithApproval() async throws {
        try await LiveWorld.with { world in
            let before = try await world.balance(world.wallet.address)
            let json = #"{"service_url":"\#(world.services.baseURL)/report"}"#
            let waiting = try await world.post("/api/v1/payments/x402", as: .agent, json: json)
            #expect(waiting.status == 202, "\(String(decoding: waiting.body, as: UTF8.self))")
            let body = try LiveWorld.object(waiting)
            #expect(body["status"]?.stringValue == "awaiting_approval")
            let requestID = try #require(body["request_id"]?.stringValue)
            let early = try await world.post("/api/v1/payments/execute-approved", as: .agent, json: #"{"request_id":"\#(requestID)"}"#)
            #expect(early.status == 409)
            #expect(try await world.post("/api/v1/approvals/\(requestID)/approve", as: .operator, json: "{}").status == 200)
            let paid = try await world.post("/api/v1/payments/execute-approved", as: .agent, json: #"{"request_id":"\#(requestID)"}"#)
            #expect(paid.status == 200, "\(String(decoding: paid.body, as: UTF8.self))")
            #expect(try LiveWorld.object(paid)["status"]?.stringValue == "completed")
            let twelve = try DemoCatalog.token.amount("12")
            #expect(try await world.balance(world.wallet.address) == before - twelve)
            let twice = try await world.post("/api/v1/payments/execute-approved", as: .agent, json: #"{"request_id":"\#(requestID)"}"#)
            #expect(twice.status == 200)
            #expect(try LiveWorld.object(twice)["status"]?.stringValue == "already_paid")
            #expect(try await world.balance(world.wallet.address) == before - twelve)
        }
    }
}
