import PaygentCore
import PaygentFoundation

/// What a tool looks like to a planner (and to a model: name, description, JSON Schema).
public struct ToolSpec: Sendable, Hashable {
    /// Tool name (`x402_fetch`).
    public var name: String
    /// What it does, for a model to read.
    public var description: String
    /// JSON Schema of its arguments (an object schema).
    public var inputSchema: JSONValue

    /// Creates a spec.
    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// Everything a planner may look at when deciding what to do next.
public struct PlannerInput: Sendable {
    /// The command.
    public var command: String
    /// The tools the session may use.
    public var tools: [ToolSpec]
    /// Steps so far, with their outcomes.
    public var steps: [StepRecord]
    /// Turns taken so far (0 on the first call).
    public var turn: Int
    /// State the planner kept from its previous turns.
    public var memo: JSONValue?
    /// Budget left for the run, USD (nil = no budget).
    public var remainingBudgetUSD: USDAmount?

    /// Creates an input.
    public init(command: String, tools: [ToolSpec], steps: [StepRecord] = [], turn: Int = 0, memo: JSONValue? = nil,
                remainingBudgetUSD: USDAmount? = nil) {
        self.command = command
        self.tools = tools
        self.steps = steps
        self.turn = turn
        self.memo = memo
        self.remainingBudgetUSD = remainingBudgetUSD
    }
}

/// A planner's answer.
public enum PlannerDecision: Sendable, Hashable {
    /// Run these steps (in order), then ask again. `thinking` is shown as a `thinking` event.
    case steps([PlanStep], thinking: String?, memo: JSONValue?)
    /// Done: the run's final result text.
    case finish(result: String, memo: JSONValue?)
}

/// Turns a command into tool calls. The runtime executes them, enforces the tool allow-list and
/// the payment policy, and asks again until the planner finishes.
public protocol Planner: Sendable {
    /// Name recorded with the run (`rule`, `anthropic:claude-…`).
    var name: String { get }
    /// The next steps, or the end of the run.
    func decide(_ input: PlannerInput) async throws(AgentFailure) -> PlannerDecision
}

extension StepRecord {
    /// One line describing how the step ended, for summaries and model tool results.
    public var outcomeSummary: String {
        switch status {
        case .succeeded: return result?["summary"]?.stringValue ?? "\(tool) succeeded"
        case .failed: return "\(tool) failed: \(error ?? "unknown error")"
        case .skipped: return result?["summary"]?.stringValue ?? "\(tool) skipped"
        case .cancelled: return "\(tool) cancelled"
        case .pending, .running, .awaitingApproval: return "\(tool) \(status.rawValue)"
        }
    }
}
