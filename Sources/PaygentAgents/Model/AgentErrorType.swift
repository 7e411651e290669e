/// The `error_type` of an `error` event or a failed step: what kind of failure it was, so a
/// console can colour it and a script can branch on it.
public enum AgentErrorType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The planner could not turn the command into steps.
    case planningError = "planning_error"
    /// The model endpoint failed or answered nonsense.
    case llmError = "llm_error"
    /// The session's allow-list does not include the tool.
    case toolNotAllowed = "tool_not_allowed"
    /// No such tool.
    case unknownTool = "unknown_tool"
    /// The tool's arguments were missing or malformed.
    case invalidArguments = "invalid_arguments"
    /// The policy engine refused the payment (budget, limit, velocity, pause, kill…).
    case policyDenied = "policy_denied"
    /// An operator rejected the approval request.
    case approvalRejected = "approval_rejected"
    /// Nobody decided in time and the timeout action was deny.
    case approvalExpired = "approval_expired"
    /// The payment was attempted and did not settle.
    case paymentFailed = "payment_failed"
    /// The service misbehaved: a malformed 402, a 5xx, an unreachable host, a bad body.
    case serviceError = "service_error"
    /// Nothing found that matches (service name, category).
    case notFound = "not_found"
    /// The service asks more than the step allows ("pay 0.10 …" for a 0.20 service).
    case priceAboveLimit = "price_above_limit"
    /// A subagent's run failed.
    case subagentFailed = "subagent_failed"
    /// The session has no wallet, or its key is not available to the runtime.
    case noWallet = "no_wallet"
    /// The run's own budget (a subagent's slice) is spent.
    case budgetExceeded = "budget_exceeded"
    /// The session was killed.
    case killed
    /// The run was cancelled.
    case cancelled
    /// The process stopped while the step was running.
    case interrupted
    /// Another process drives the run (its lease is live).
    case leaseHeld = "lease_held"
    /// A bug or a storage failure.
    case `internal`

    /// Whether the run should stop at once after a step failed like this (instead of going on
    /// with its next steps, as it does after a service error).
    public var stopsRun: Bool {
        switch self {
        case .policyDenied, .killed, .cancelled, .budgetExceeded, .internal, .interrupted, .llmError: true
        default: false
        }
    }
}

/// A failure of a tool or the runtime, with its kind.
public struct AgentFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Kind.
    public var type: AgentErrorType
    /// One line for the operator (untrusted parts already cleaned).
    public var message: String

    /// Creates a failure.
    public init(_ type: AgentErrorType, _ message: String) {
        self.type = type
        self.message = message
    }

    public var description: String { message }
}
