import Foundation
import Http
import PaygentCore
import PaygentFoundation
import PaygentWire

/// `POST /api/v1/agent/stream`: a command run on the server (its wallet, its policy), its events
/// streamed back as they happen — what `paygent agent run --server URL "COMMAND"` prints.
extension RemotePaygent {
    /// One event of a server-side run: the event log's sequence, type and data (with `session_id`
    /// and `run_id` added by the server).
    public struct AgentStreamEvent: Sendable, Hashable {
        /// Its sequence in the server's event log.
        public var seq: Int64
        /// `thinking`, `tool_call`, `tool_result`, `approval_required`, `subagent_start`,
        /// `subagent_end`, `complete`, `error`.
        public var type: EventType
        /// The event's data.
        public var data: JSONValue

        /// The session the run is in.
        public var sessionID: String? { data["session_id"]?.stringValue }
        /// The run.
        public var runID: String? { data["run_id"]?.stringValue }

        /// The event as the log holds it (for the printers of local runs).
        public var event: PaygentEvent {
            // A run's last event (PaygentAgents' `complete` and `error`) concerns the run.
            let subject = type.rawValue == "complete" || type.rawValue == "error" ? runID : nil
            return PaygentEvent(seq: seq, type: type, sessionID: sessionID, subjectID: subject, actor: "server",
                                data: data, timestamp: Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
        }
    }

    /// Starts `command` on the server (in `sessionID`, or a new session with `budgetUSD`) and
    /// streams its events until the run completes or fails. Needs an agent or admin token; a server
    /// without a wallet refuses (409). Cancelling the consuming task closes the stream (the run
    /// goes on on the server).
    public func agentRun(command: String, sessionID: String? = nil, budgetUSD: String? = nil) -> AsyncThrowingStream<AgentStreamEvent, any Error> {
        var body: JSONObject = ["command": .string(command)]
        if let sessionID { body["session_id"] = .string(sessionID) }
        if let budgetUSD { body["budget_limit_usd"] = .string(budgetUSD) }
        let request = HTTPRequest(method: .post, url: endpoint.url(Self.api + "/agent/stream"), headers: headers(json: true),
                                  body: JSONWriter.encode(.object(body)), connectTimeout: configuration.connectTimeout,
                                  idleTimeout: configuration.streamIdleTimeout, maxResponseBodySize: nil)
        let (stream, continuation) = AsyncThrowingStream<AgentStreamEvent, any Error>.makeStream()
        let task = Task { [self] in
            do {
                try await serverSentEvents(request) { message in
                    guard let type = message.event, let id = message.id, let seq = Int64(id),
                          let data = try? JSONParser.parse(Array(message.data.utf8), limits: JSONLimits(maxBytes: 4 << 20, maxDepth: 32))
                    else { return }
                    continuation.yield(AgentStreamEvent(seq: seq, type: EventType(rawValue: type), data: data))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: (error as? RemoteFailure)?.paygentError ?? PaygentError(.transport, "\(error)", field: "server"))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
