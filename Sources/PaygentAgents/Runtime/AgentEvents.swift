import PaygentCore
import PaygentFoundation

/// The payloads of the agent event types (see ``EventType/agentThinking`` …).
enum AgentEvents {
    static func actor(_ run: AgentRun) -> String { "agent:\(run.sessionID)" }

    static func event(_ type: EventType, _ run: AgentRun, _ data: JSONObject) -> NewEvent {
        var data = data
        data["run_id"] = .string(run.id)
        if let parent = run.parentRunID { data["parent_run_id"] = .string(parent) }
        return NewEvent(type, sessionID: run.sessionID, subjectID: run.id, actor: actor(run), data: .object(data))
    }

    static func thinking(_ run: AgentRun, _ message: String) -> NewEvent {
        event(.agentThinking, run, ["message": .string(message)])
    }

    static func toolCall(_ run: AgentRun, _ step: StepRecord, resumed: Bool = false) -> NewEvent {
        var data: JSONObject = [
            "tool": .string(step.tool), "arguments": step.effectiveArguments, "step": .integer(step.index + 1),
            "call_id": .string(step.callID), "description": .string(step.description),
        ]
        if resumed { data["resumed"] = true }
        return event(.agentToolCall, run, data)
    }

    static func toolResult(_ run: AgentRun, _ step: StepRecord) -> NewEvent {
        var data: JSONObject = [
            "tool": .string(step.tool), "success": .bool(step.status == .succeeded || step.status == .skipped),
            "step": .integer(step.index + 1), "call_id": .string(step.callID),
            "duration_ms": step.durationMs.map { .integer($0) } ?? .null, "cost": .string(step.costUSD.description),
        ]
        if step.status == .succeeded || step.status == .skipped {
            data["result"] = step.result ?? .null
            if step.status == .skipped { data["skipped"] = true }
        } else {
            data["error"] = .string(step.error ?? "failed")
            data["error_type"] = .string((step.errorType ?? .internal).rawValue)
        }
        return event(.agentToolResult, run, data)
    }

    static func approvalRequired(_ run: AgentRun, _ step: StepRecord, _ approval: ApprovalRequest?) -> NewEvent {
        event(.agentApprovalRequired, run, [
            "request_id": .string(step.approvalID ?? approval?.id ?? ""),
            "tool_name": .string(approval?.toolName ?? step.tool),
            "tool_args": approval?.toolArgs ?? step.effectiveArguments,
            "reason": .string(approval?.reason ?? "approval required"),
            "amount": approval?.formattedAmount.map(JSONValue.string) ?? .null,
            "currency": .string(approval?.currency ?? "USDC"),
            "amount_usd": approval?.amountUSD.map { .string($0.description) } ?? .null,
            "expires_at": approval.map { .string($0.expiresAt.iso8601) } ?? .null,
            "step": .integer(step.index + 1),
        ])
    }

    static func subagentStart(_ parent: AgentRun, child: AgentRun) -> NewEvent {
        event(.agentSubagentStart, parent, [
            "subagent_run_id": .string(child.id), "subagent_session_id": .string(child.sessionID),
            "command": .string(child.command), "budget": child.budgetSliceUSD.map { .string($0.description) } ?? .null,
        ])
    }

    static func subagentEnd(_ parent: AgentRun, child: AgentRun) -> NewEvent {
        event(.agentSubagentEnd, parent, [
            "subagent_run_id": .string(child.id), "subagent_session_id": .string(child.sessionID),
            "status": .string(child.status.rawValue), "result": child.result.map(JSONValue.string) ?? .null,
            "error": child.error.map(JSONValue.string) ?? .null, "total_cost": .string(child.totalCostUSD.description),
        ])
    }

    static func complete(_ run: AgentRun, now: Timestamp) -> NewEvent {
        event(.agentComplete, run, [
            "result": .string(run.result ?? ""), "total_cost": .string(run.totalCostUSD.description),
            "duration_ms": .integer(run.durationMs(now: now)), "status": .string(run.status.rawValue),
            "steps": .integer(run.steps.count),
        ])
    }

    static func error(_ run: AgentRun, _ failure: AgentFailure) -> NewEvent {
        event(.agentError, run, ["message": .string(failure.message), "error_type": .string(failure.type.rawValue),
                                 "total_cost": .string(run.totalCostUSD.description)])
    }

    static func logWritten(_ run: AgentRun) -> NewEvent {
        NewEvent(.logWritten, sessionID: run.sessionID, subjectID: run.id, actor: actor(run),
                 data: ["status": .string(run.status.rawValue), "command": .string(run.command)])
    }
}
