import HTTPTypes
import Hummingbird
import PaygentCore
import PaygentWire

/// `GET /api/v1/events`: the event log as Server-Sent Events (see ``EventStreamer``), for the
/// reading roles (admin, operator, viewer).
public struct EventRoutes: APIRouteGroup {
    /// The stream writer.
    public let streamer: EventStreamer

    /// Creates the group.
    public init(streamer: EventStreamer) { self.streamer = streamer }

    public var routes: [APIRoute] {
        let streamer = self.streamer
        return [
            APIRoute(.get, "/api/v1/events", access: .read, operationID: "streamEvents",
                     summary: "Every event of the log as Server-Sent Events (id: the sequence); resumable with Last-Event-ID or ?after=, heartbeat comments every 15 s, `event: lagged` before a too-slow consumer is disconnected.",
                     tag: "live",
                     query: [APIParameter("after", #"{"type":"integer","minimum":0}"#, "Resume after this sequence (wins over Last-Event-ID).")],
                     response: nil, responseContentType: "text/event-stream") { call in
                let after: Int64?
                let given = try call.query.value("after")
                do throws(EventStreamCursor.Invalid) {
                    after = try EventStreamCursor.parse(after: given, lastEventID: call.request.headers[HTTPField.Name("Last-Event-ID")!])
                } catch {
                    throw PaygentError.invalid(error.field, error.message)
                }
                do {
                    return .stream(try await streamer.response(after: after))
                } catch let error as PaygentError {
                    throw error
                } catch {
                    throw PaygentError.storage(error)
                }
            },
        ]
    }
}

/// Agents through the server: `POST /api/v1/agent/execute`, `/agent/stream`, `/payments/x402`,
/// `/payments/execute-approved` and `/wallet/transfer`, for agent and admin tokens (see ``AgentGateway``).
public struct AgentRoutes: APIRouteGroup {
    /// The runtime adapter (nil: the server has no wallet; every route answers 409 saying so).
    public let gateway: AgentGateway?
    /// The stream writer (for `/agent/stream`).
    public let streamer: EventStreamer

    /// Creates the group.
    public init(gateway: AgentGateway?, streamer: EventStreamer) {
        self.gateway = gateway
        self.streamer = streamer
    }

    static func caller(_ call: APICall) -> AgentGateway.Caller {
        AgentGateway.Caller(userID: call.principal.ownerID, actor: call.actor, mayUseAnySession: call.principal.role == .admin)
    }

    /// The gateway, or the 409 a server without a wallet answers.
    static func require(_ gateway: AgentGateway?) throws(PaygentError) -> AgentGateway {
        guard let gateway else {
            throw .conflict("this server runs no agents and pays for nobody: start paygent serve with --key-file (the server's wallet) or --demo")
        }
        return gateway
    }

    public var routes: [APIRoute] {
        let configured = self.gateway
        let streamer = self.streamer
        return [
            APIRoute(.post, "/api/v1/agent/execute", access: .pay, operationID: "agentExecute",
                     summary: "Runs a command as an agent with the server's wallet under policy; answers when it finished or waits for an approval (status awaiting_approval, request_id).",
                     tag: "agent", request: "AgentExecuteInput", response: "AgentExecuteResult") { call in
                let output = try await Self.require(configured).execute(try call.decode(AgentExecuteInput.self), caller: Self.caller(call))
                return try .json(output)
            },
            APIRoute(.post, "/api/v1/agent/stream", access: .pay, operationID: "agentStream",
                     summary: "Runs a command and streams its events (thinking, tool_call, tool_result, approval_required, subagent_start, subagent_end, complete, error) as Server-Sent Events.",
                     tag: "agent", request: "AgentExecuteInput", response: nil, responseContentType: "text/event-stream") { call in
                .stream(try await Self.require(configured).stream(try call.decode(AgentExecuteInput.self), caller: Self.caller(call), streamer: streamer))
            },
            APIRoute(.post, "/api/v1/payments/x402", access: .pay, operationID: "payX402",
                     summary: "Pays a URL with x402 on the caller's behalf under policy and returns the service's response (202 awaiting_approval with request_id above the approval threshold).",
                     tag: "payments", request: "X402PayInput", response: "X402PayResult", outcomeStatuses: [202, 409, 502]) { call in
                let key = call.request.headers[HTTPField.Name("Idempotency-Key")!]
                let output = try await Self.require(configured).pay(try call.decode(X402PayInput.self), caller: Self.caller(call), purchaseKey: key)
                return try .json(output, status: output.responseStatus)
            },
            APIRoute(.post, "/api/v1/payments/execute-approved", access: .pay, operationID: "executeApproved",
                     summary: "Makes an approved payment of POST /payments/x402 (the same purchase: it never pays twice).",
                     tag: "payments", request: "ExecuteApprovedInput", response: "X402PayResult", outcomeStatuses: [202, 409, 502]) { call in
                let input = try call.decode(ExecuteApprovedInput.self)
                let output = try await Self.require(configured).executeApproved(requestID: input.requestID, caller: Self.caller(call))
                return try .json(output, status: output.responseStatus)
            },
            APIRoute(.post, "/api/v1/wallet/transfer", access: .pay, operationID: "walletTransfer",
                     summary: "Transfers tokens from the server's wallet under policy (hold, approval threshold: 202 awaiting_approval with request_id, then POST /payments/execute-approved; budgets); Idempotency-Key makes a retry the same transfer.",
                     tag: "wallet", request: "WalletTransferInput", response: "WalletTransferResult", outcomeStatuses: [202, 409, 502]) { call in
                let key = call.request.headers[HTTPField.Name("Idempotency-Key")!]
                let output = try await Self.require(configured).transfer(try call.decode(WalletTransferInput.self), caller: Self.caller(call), purchaseKey: key)
                return try .json(output, status: output.responseStatus)
            },
        ]
    }
}
