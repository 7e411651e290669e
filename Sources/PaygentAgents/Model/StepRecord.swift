import PaygentCore
import PaygentFoundation

/// One step of a run and everything that happened to it (durable: it is the execution log's
/// `tool_calls` entry).
public struct StepRecord: Sendable, Hashable, Codable {
    /// Position in the run (0-based).
    public var index: Int
    /// Planner turn that produced it (the LLM planner's round number; 0 for rule plans).
    public var turn: Int
    /// Call id (an LLM's `tool_use` id, or `call_<n>`).
    public var callID: String
    /// Tool name.
    public var tool: String
    /// Arguments as planned.
    public var arguments: JSONValue
    /// Arguments after an operator's edit, when the approval was edited.
    public var editedArguments: JSONValue?
    /// What the step is for.
    public var description: String
    /// Guard, if any.
    public var condition: StepCondition?
    /// State.
    public var status: StepStatus
    /// The tool's result on success (or the reason for a skip).
    public var result: JSONValue?
    /// Error message on failure.
    public var error: String?
    /// Error kind on failure.
    public var errorType: AgentErrorType?
    /// What the step paid, USD.
    public var costUSD: USDAmount
    /// When it (last) started.
    public var startedAt: Timestamp?
    /// Wall time of the tool call, ms (approval waits excluded).
    public var durationMs: Int64?
    /// Payment purchase ids used by the step, in order.
    public var purchaseIDs: [String]
    /// The approval request the step waits (or waited) for.
    public var approvalID: String?
    /// How often the tool ran (an approved retry counts again).
    public var attempts: Int
    /// The subagent run a `spawn_subagent` step started.
    public var childRunID: String?

    /// A fresh pending step.
    public init(index: Int, turn: Int, step: PlanStep) {
        self.index = index
        self.turn = turn
        self.callID = step.callID ?? "call_\(index + 1)"
        self.tool = step.tool
        self.arguments = step.arguments
        self.editedArguments = nil
        self.description = step.description
        self.condition = step.condition
        self.status = .pending
        self.result = nil
        self.error = nil
        self.errorType = nil
        self.costUSD = .zero
        self.startedAt = nil
        self.durationMs = nil
        self.purchaseIDs = []
        self.approvalID = nil
        self.attempts = 0
        self.childRunID = nil
    }

    /// The arguments the tool runs with (edited ones win).
    public var effectiveArguments: JSONValue { editedArguments ?? arguments }

    /// The plan entry (what was planned, without what happened).
    public var planStep: PlanStep {
        PlanStep(tool: tool, arguments: arguments, description: description, condition: condition, callID: callID)
    }

    enum CodingKeys: String, CodingKey {
        case index = "step"
        case turn
        case callID = "call_id"
        case tool, arguments
        case editedArguments = "edited_arguments"
        case description, condition, status, result, error
        case errorType = "error_type"
        case costUSD = "cost"
        case startedAt = "started_at"
        case durationMs = "duration_ms"
        case purchaseIDs = "purchase_ids"
        case approvalID = "approval_id"
        case attempts
        case childRunID = "subagent_run_id"
    }
}
