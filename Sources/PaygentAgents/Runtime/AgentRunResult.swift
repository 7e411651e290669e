import PaygentCore
import PaygentFoundation

/// Where a run stands when ``AgentRuntime/execute(_:sessionID:options:)`` returns (the HTTP
/// API's `{session_id, status, result, total_cost_usd}` plus details).
public struct AgentRunResult: Sendable, Hashable, Codable {
    /// Run id (= execution log id).
    public var runID: String
    /// Session.
    public var sessionID: String
    /// `completed`, `failed`, `awaiting_approval` or `cancelled`.
    public var status: RunStatus
    /// Final text (completed runs).
    public var result: String?
    /// Error (failed or cancelled runs).
    public var error: String?
    /// Kind of that error.
    public var errorType: AgentErrorType?
    /// USD paid.
    public var totalCostUSD: USDAmount
    /// Wall time so far, ms.
    public var durationMs: Int64
    /// The approval request the run waits for (status `awaiting_approval`).
    public var pendingApprovalID: String?

    /// Creates a result.
    public init(runID: String, sessionID: String, status: RunStatus, result: String?, error: String?,
                errorType: AgentErrorType?, totalCostUSD: USDAmount, durationMs: Int64, pendingApprovalID: String?) {
        self.runID = runID
        self.sessionID = sessionID
        self.status = status
        self.result = result
        self.error = error
        self.errorType = errorType
        self.totalCostUSD = totalCostUSD
        self.durationMs = durationMs
        self.pendingApprovalID = pendingApprovalID
    }

    init(_ run: AgentRun, now: Timestamp) {
        self.init(
            runID: run.id, sessionID: run.sessionID, status: run.status, result: run.result, error: run.error,
            errorType: run.errorType, totalCostUSD: run.totalCostUSD, durationMs: run.durationMs(now: now),
            pendingApprovalID: run.pendingStepIndex.flatMap { run.steps[$0].approvalID }
        )
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case sessionID = "session_id"
        case status, result, error
        case errorType = "error_type"
        case totalCostUSD = "total_cost_usd"
        case durationMs = "duration_ms"
        case pendingApprovalID = "pending_approval_id"
    }
}

/// Per-run choices.
public struct RunOptions: Sendable {
    /// Planner for this run (nil = the runtime's default).
    public var planner: (any Planner)?
    /// Whether ``AgentRuntime/execute(_:sessionID:options:)`` waits through approvals (the CLI)
    /// or returns as soon as the run awaits one (the HTTP API); the run goes on in the
    /// background either way.
    public var waitForApprovals: Bool

    /// Creates options.
    public init(planner: (any Planner)? = nil, waitForApprovals: Bool = true) {
        self.planner = planner
        self.waitForApprovals = waitForApprovals
    }
}
