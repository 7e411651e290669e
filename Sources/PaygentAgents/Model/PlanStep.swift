import PaygentCore
import PaygentFoundation

/// One tool call a planner wants made.
public struct PlanStep: Sendable, Hashable, Codable {
    /// The tool's name (`x402_fetch`).
    public var tool: String
    /// Its arguments (a JSON object).
    public var arguments: JSONValue
    /// One line for the operator: what this step is for.
    public var description: String
    /// Run only when this holds; skipped otherwise.
    public var condition: StepCondition?
    /// The planner's id for the call (an LLM's `tool_use` id); the runtime assigns one when nil.
    public var callID: String?

    /// Creates a step.
    public init(tool: String, arguments: JSONValue = .object([:]), description: String = "",
                condition: StepCondition? = nil, callID: String? = nil) {
        self.tool = tool
        self.arguments = arguments
        self.description = description
        self.condition = condition
        self.callID = callID
    }

    enum CodingKeys: String, CodingKey {
        case tool, arguments, description, condition
        case callID = "call_id"
    }
}
