import PaygentCore

/// The agent runtime's event types, as the prototype streamed them (`/agent/stream`). They are
/// appended to the control plane's event log like every other event, so the console, SSE and
/// WebSocket subscribers see them in sequence with payments and approvals.
extension EventType {
    /// `{message}`: what the agent is about to do and why.
    public static let agentThinking: EventType = "thinking"
    /// `{tool, arguments, step, call_id}`: a step starts.
    public static let agentToolCall: EventType = "tool_call"
    /// `{tool, success, result | error, error_type, step, duration_ms, cost}`: a step ended.
    public static let agentToolResult: EventType = "tool_result"
    /// `{request_id, tool_name, tool_args, reason, amount, currency, step}`: a step waits for a human.
    public static let agentApprovalRequired: EventType = "approval_required"
    /// `{subagent_session_id, subagent_run_id, command, budget}`: a nested run starts.
    public static let agentSubagentStart: EventType = "subagent_start"
    /// `{subagent_session_id, subagent_run_id, status, result, total_cost}`: a nested run ended.
    public static let agentSubagentEnd: EventType = "subagent_end"
    /// `{result, total_cost, duration_ms, status}`: the run finished.
    public static let agentComplete: EventType = "complete"
    /// `{message, error_type}`: the run (or a step) failed.
    public static let agentError: EventType = "error"

    /// Every agent event type, in the order a run usually emits them.
    public static let agentEventTypes: [EventType] = [
        .agentThinking, .agentToolCall, .agentToolResult, .agentApprovalRequired,
        .agentSubagentStart, .agentSubagentEnd, .agentComplete, .agentError,
    ]
}
