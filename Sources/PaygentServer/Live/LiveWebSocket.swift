import Foundation
import PaygentFoundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import PaygentAgents
import PaygentCore
import PaygentWire
import X402

/// Decides whether an HTTP/1 request upgrades to a WebSocket, and serves it if so.
public protocol WebSocketUpgrading: Sendable {
    /// `.upgrade` with the connection's handler, or `.dontUpgrade` (the request goes to the router).
    func shouldUpgrade(_ request: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>>
}

/// `GET /api/v1/ws?token=…[&after=SEQ]`: the prototype's WebSocket, with its envelope
/// `{"type","data","timestamp"}` in both directions.
///
/// Server → client: `connected {last_seq, role}` first, then every event of the log as
/// `{"type": event type, "seq": N, "data": {…event data, session_id, subject_id, actor},
/// "timestamp"}` (agent events carry the prototype's types: `thinking`, `tool_call`,
/// `approval_required`, `complete`, …), replies to commands (`execute_result`,
/// `approval_decided`, `cancelled`), `error {message, error_type}` for a refused command, and
/// `lagged {last_seq, latest_seq}` just before the server closes a consumer that fell too far
/// behind (reconnect with `after=last_seq`).
///
/// Client → server: `execute {command, session_id?, budget_limit_usd?}` (agent, admin),
/// `approve {request_id}`, `reject {request_id, reason?}`, `edit {request_id, edited_args,
/// amount?}` (operator, admin: an agent token never decides an approval), `cancel {run_id}`
/// (operator, admin, agent).
public struct LiveWebSocket: WebSocketUpgrading {
    /// The control plane (token checks, approvals).
    public let paygent: EmbeddedPaygent
    /// The event log stream (shared buffers and lag accounting with SSE).
    public let streamer: EventStreamer
    /// Agents through the server (nil: `execute` is refused).
    public let agents: AgentGateway?
    /// The path the upgrade is served on.
    public static let path = PaygentWire.apiPrefix + "/ws"

    /// Creates the endpoint.
    public init(paygent: EmbeddedPaygent, streamer: EventStreamer, agents: AgentGateway?) {
        self.paygent = paygent
        self.streamer = streamer
        self.agents = agents
    }

    /// For `.http1WebSocketUpgrade(shouldUpgrade:)`: upgrades `GET /api/v1/ws` with a valid token
    /// (`?token=` or `Authorization: Bearer`) and a valid `after`; everything else goes on to the
    /// HTTP router (which answers 401/404/422 as for any route).
    public func shouldUpgrade(_ request: HTTPRequest) async -> ShouldUpgradeResult<WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>> {
        let uri = URI(request.path ?? "")
        guard uri.path == Self.path else { return .dontUpgrade }
        let query = uri.queryParameters
        var secret = query["token"].map(String.init)
        if secret == nil, let header = request.headerFields[.authorization], header.hasPrefix("Bearer ") {
            secret = String(header.dropFirst(7))
        }
        guard let secret, let token = try? await paygent.authenticate(secret: secret) else { return .dontUpgrade }
        let after: Int64?
        do { after = try EventStreamCursor.parse(after: query["after"].map(String.init), lastEventID: nil) } catch { return .dontUpgrade }
        let start: Int64
        if let after { start = after } else {
            do { start = try await streamer.source.latestEventSeq() } catch { return .dontUpgrade }
        }
        return .upgrade([:]) { [self] inbound, outbound, _ in
            try await serve(token: token, after: start, inbound: inbound, outbound: outbound)
        }
    }

    /// One connection: events out, commands in, until either side ends.
    func serve(token: APIToken, after start: Int64, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let subscription = streamer.source.subscribe(after: start)
        try await outbound.write(.text(Self.envelope("connected", ["last_seq": .integer(start), "role": .string(token.role.rawValue)])))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [streamer] in
                try await streamer.stream(subscription, after: start, filter: { _ in true }, format: Self.format,
                                          send: { try await outbound.write(.text($0)) })
                try await outbound.close(.normalClosure, reason: nil)
            }
            group.addTask { [self] in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else {
                        try await outbound.write(.text(Self.failure("messages must be JSON text", type: "invalid_input")))
                        continue
                    }
                    try await outbound.write(.text(await handle(text, token: token)))
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// The reply to one client message.
    func handle(_ text: String, token: APIToken) async -> String {
        guard let message = try? JSONValue.parse(text), case .object(let envelope) = message,
              let type = envelope["type"]?.stringValue
        else {
            return Self.failure("a message is {\"type\": …, \"data\": {…}}", type: "invalid_input")
        }
        var data: JSONObject = [:]
        if case .object(let object)? = envelope["data"] { data = object }
        let actor = "\(token.role.rawValue):\(token.name)"
        let decides = token.role == .admin || token.role == .operator
        do throws(PaygentError) {
            switch type {
            case "execute":
                guard token.role == .admin || token.role == .agent else { throw PaygentError(.forbidden, "execute needs an agent or admin token") }
                guard let agents else { throw PaygentError(.invalidInput, "this server runs no agents") }
                guard let command = data["command"]?.stringValue else { throw PaygentError.invalid("command", "is required") }
                var budget: USDAmount?
                if let text = data["budget_limit_usd"]?.stringValue ?? data["budget_limit_usd"].map({ $0.jsonText }) {
                    budget = try Validate.usd(text, field: "budget_limit_usd")
                }
                let caller = AgentGateway.Caller(userID: "token:\(token.id)", actor: actor, mayUseAnySession: token.role == .admin)
                let output = try await agents.execute(
                    AgentExecuteInput(command: command, sessionID: data["session_id"]?.stringValue, budgetLimitUSD: budget), caller: caller)
                return Self.envelope("execute_result", try Self.json(output))
            case "approve", "reject", "edit":
                guard decides else { throw PaygentError(.forbidden, "\(type) needs an operator or admin token") }
                guard let id = data["request_id"]?.stringValue else { throw PaygentError.invalid("request_id", "is required") }
                let result: ApprovalDecisionResult
                switch type {
                case "approve": result = try await paygent.approve(id: id, by: actor)
                case "reject": result = try await paygent.reject(id: id, reason: data["reason"]?.stringValue, by: actor)
                default:
                    let edit = ApprovalEdit(editedArgs: data["edited_args"], amount: data["amount"]?.stringValue)
                    result = try await paygent.editApproval(id: id, edit, by: actor)
                }
                return Self.envelope("approval_decided", try Self.json(result))
            case "cancel":
                guard token.role != .viewer else { throw PaygentError(.forbidden, "cancel needs an agent, operator or admin token") }
                guard let id = data["run_id"]?.stringValue ?? data["execution_id"]?.stringValue else {
                    throw PaygentError.invalid("run_id", "is required")
                }
                let cancelled = agents?.runtime.cancel(runID: id, reason: "cancelled by \(actor)") ?? false
                guard cancelled else { throw PaygentError.notFound("active run", id) }
                return Self.envelope("cancelled", ["run_id": .string(id)])
            default:
                throw PaygentError.invalid("type", "must be execute, approve, reject, edit or cancel")
            }
        } catch {
            return Self.failure(error.message, type: error.code.rawValue, field: error.field)
        }
    }

    /// WebSocket text frames for the shared stream writer.
    static let format = EventStreamer.Format(
        kind: "ws", opening: nil,
        event: { event in
            var data: JSONObject = ["value": event.data]
            if case .object(let object) = event.data { data = object }
            data["seq"] = .integer(event.seq)
            data["session_id"] = event.sessionID.map(JSONValue.string) ?? .null
            data["subject_id"] = event.subjectID.map(JSONValue.string) ?? .null
            data["actor"] = .string(event.actor)
            return JSONValue.object([
                "type": .string(event.type.rawValue), "seq": .integer(event.seq), "data": .object(data),
                "timestamp": .string(event.timestamp.iso8601),
            ]).jsonText
        },
        heartbeat: nil,
        lagged: { last, latest in envelope("lagged", ["last_seq": .integer(last), "latest_seq": .integer(latest)]) },
        failed: { message, last in envelope("error", ["message": .string(message), "error_type": "internal", "last_seq": .integer(last)]) })

    /// `{"type", "data", "timestamp"}`.
    static func envelope(_ type: String, _ data: JSONObject) -> String {
        JSONValue.object([
            "type": .string(type), "data": .object(data), "timestamp": .string(SystemClock().now().iso8601),
        ]).jsonText
    }

    static func failure(_ message: String, type: String, field: String? = nil) -> String {
        var data: JSONObject = ["message": .string(message), "error_type": .string(type)]
        if let field { data["field"] = .string(field) }
        return envelope("error", data)
    }

    /// An `Encodable` value as a JSON object's members.
    static func json<T: Encodable>(_ value: T) throws(PaygentError) -> JSONObject {
        do {
            let text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
            if case .object(let object) = try JSONValue.parse(text) { return object }
        } catch {}
        throw PaygentError(.internal, "could not encode \(T.self)")
    }
}
