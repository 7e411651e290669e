import PaygentCore
import PaygentFoundation

/// What a tool call produced.
public enum ToolOutcome: Sendable {
    /// Done; `result` is a JSON object with at least a `summary` string. `cost` is what it paid.
    case success(JSONValue, cost: USDAmount)
    /// Failed; `cost` is what it paid anyway (a subagent that spent before failing).
    case failure(AgentFailure, cost: USDAmount)
    /// A human must decide first: the policy recorded approval request `approvalID`; nothing was signed.
    case approvalRequired(approvalID: String, reason: String)
    /// A subagent run (`childRunID`) waits for approval `approvalID`.
    case subagentAwaitingApproval(childRunID: String, approvalID: String)

    static func failure(_ type: AgentErrorType, _ message: String) -> ToolOutcome {
        .failure(AgentFailure(type, message), cost: .zero)
    }
}

/// One invocation of a tool by a run step.
public struct ToolInvocation: Sendable {
    /// Arguments (edited ones when an operator edited the approval).
    public var arguments: JSONValue
    /// The purchase id for the step's (first) payment: the same on every retry of the step,
    /// so an approved purchase is recognised and a purchase is never paid twice.
    public var purchaseID: String
    /// Step index in the run.
    public var stepIndex: Int
    /// The run.
    public var runID: String
    /// A subagent run this step already started (when resuming).
    public var childRunID: String?

    /// Creates an invocation.
    public init(arguments: JSONValue, purchaseID: String, stepIndex: Int, runID: String, childRunID: String? = nil) {
        self.arguments = arguments
        self.purchaseID = purchaseID
        self.stepIndex = stepIndex
        self.runID = runID
        self.childRunID = childRunID
    }
}

/// A capability an agent can use. Tools never decide about money themselves: every payment
/// goes through the control plane's policy (via ``ToolContext/payments``).
public protocol AgentTool: Sendable {
    /// Name, description and argument schema.
    var spec: ToolSpec { get }
    /// Whether the tool can move money (such steps are never blindly re-run after a restart).
    var paysMoney: Bool { get }
    /// Whether the tool's payments are made by the runs it starts (a subagent), not by its own
    /// step: its step holds no purchase of its own to look up on recovery.
    var paysThroughChildren: Bool { get }
    /// Runs the tool.
    func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome
}

extension AgentTool {
    /// The tool's name.
    public var name: String { spec.name }

    /// By default a tool pays, if at all, through its own step.
    public var paysThroughChildren: Bool { false }
}
