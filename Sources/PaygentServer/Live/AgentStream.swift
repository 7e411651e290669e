import Hummingbird
import PaygentFoundation
import NIOCore
import PaygentAgents
import PaygentCore
import PaygentWire

extension AgentGateway {
    /// `POST /api/v1/agent/stream`: starts the command and streams its run as Server-Sent Events
    /// in the prototype's vocabulary — `thinking`, `tool_call`, `tool_result`,
    /// `approval_required`, `subagent_start`, `subagent_end`, `complete`, `error` — each with the
    /// event's data plus `session_id` and `run_id`, `id:` its sequence in the event log. The
    /// stream waits through approvals and ends after the run's `complete` or `error`.
    public func stream(_ input: AgentExecuteInput, caller: Caller, streamer: EventStreamer) async throws(PaygentError) -> Response {
        let from: Int64
        do { from = try await streamer.source.latestEventSeq() } catch { throw .storage(error) }
        // Subscribed before the run starts, so its first event is in the replay at the latest.
        let subscription = streamer.source.subscribe(after: from)
        let handle = try await start(input, caller: caller)
        let sessionID = handle.sessionID
        let runID = handle.runID
        let types = Set(EventType.agentEventTypes)
        return EventStreamer.eventStreamResponse { writer in
            try await streamer.stream(
                subscription, after: from,
                filter: { $0.sessionID == sessionID && types.contains($0.type) },
                format: .sse(encode: { event in
                    var data: JSONObject = ["value": event.data]
                    if case .object(let object) = event.data { data = object }
                    data["session_id"] = .string(sessionID)
                    if data["run_id"] == nil { data["run_id"] = .string(runID) }
                    return ServerSentEvent(id: String(event.seq), event: event.type.rawValue,
                                           data: JSONValue.object(data).jsonText).encoded
                }, isLast: { $0.subjectID == runID && ($0.type == .agentComplete || $0.type == .agentError) },
                retryMilliseconds: streamer.settings.retryMilliseconds),
                send: { try await writer.write(ByteBuffer(string: $0)) })
        }
    }
}
