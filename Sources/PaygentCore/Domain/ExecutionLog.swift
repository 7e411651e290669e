import PaygentFoundation
/// One agent run: the command, its plan, the tool calls, the result and what it cost.
public struct ExecutionLog: Sendable, Hashable, Codable, Identifiable {
    /// Log id (`log_…`).
    public var id: String
    /// Session it ran in.
    public var sessionID: String
    /// The natural-language command.
    public var command: String
    /// The plan (planner-specific JSON).
    public var plan: JSONValue
    /// Tool calls with arguments, results and durations (an array).
    public var toolCalls: JSONValue
    /// Final result text.
    public var result: String?
    /// `running`, `completed`, `failed`, `awaiting_approval` or `cancelled`.
    public var status: String
    /// Error message when failed.
    public var error: String?
    /// What the run paid in USD.
    public var totalCostUSD: USDAmount
    /// Wall time of the run, ms.
    public var durationMs: Int64?
    /// Started.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Creates a log value.
    public init(id: String, sessionID: String, command: String, plan: JSONValue, toolCalls: JSONValue, result: String?,
                status: String, error: String?, totalCostUSD: USDAmount, durationMs: Int64?, createdAt: Timestamp,
                updatedAt: Timestamp) {
        self.id = id
        self.sessionID = sessionID
        self.command = command
        self.plan = plan
        self.toolCalls = toolCalls
        self.result = result
        self.status = status
        self.error = error
        self.totalCostUSD = totalCostUSD
        self.durationMs = durationMs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case sessionID = "session_id"
        case command, plan
        case toolCalls = "tool_calls"
        case result, status, error
        case totalCostUSD = "total_cost_usd"
        case durationMs = "duration_ms"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// `GET /logs/{session_id}/summary`.
public struct ExecutionLogSummary: Sendable, Hashable, Codable {
    /// The session.
    public var sessionID: String
    /// Runs recorded.
    public var totalRuns: Int
    /// Completed runs.
    public var completedRuns: Int
    /// Failed runs.
    public var failedRuns: Int
    /// Sum of run costs.
    public var totalCostUSD: USDAmount
    /// Mean duration of finished runs, ms.
    public var averageDurationMs: Int64?

    /// Creates a summary.
    public init(sessionID: String, totalRuns: Int, completedRuns: Int, failedRuns: Int, totalCostUSD: USDAmount,
                averageDurationMs: Int64?) {
        self.sessionID = sessionID
        self.totalRuns = totalRuns
        self.completedRuns = completedRuns
        self.failedRuns = failedRuns
        self.totalCostUSD = totalCostUSD
        self.averageDurationMs = averageDurationMs
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case totalRuns = "total_runs"
        case completedRuns = "completed_runs"
        case failedRuns = "failed_runs"
        case totalCostUSD = "total_cost_usd"
        case averageDurationMs = "average_duration_ms"
    }
}
