import PaygentCore
import PaygentFoundation

/// `POST /api/v1/agent/execute` answer: `{session_id, status, result, total_cost_usd}` as the
/// prototype sent, plus the run id and, while the run waits, the approval `request_id`.
public struct AgentExecuteOutput: Sendable, Hashable, Codable {
    public var sessionID: String
    public var runID: String
    /// `completed`, `failed`, `cancelled` or `awaiting_approval`.
    public var status: String
    public var result: String?
    public var error: String?
    public var errorType: String?
    public var totalCostUSD: USDAmount
    public var durationMs: Int64
    /// The approval request the run waits for (status `awaiting_approval`).
    public var requestID: String?

    /// Creates an answer from its parts (the server builds it from a run's result).
    public init(sessionID: String, runID: String, status: String, result: String? = nil, error: String? = nil,
                errorType: String? = nil, totalCostUSD: USDAmount, durationMs: Int64, requestID: String? = nil) {
        self.sessionID = sessionID
        self.runID = runID
        self.status = status
        self.result = result
        self.error = error
        self.errorType = errorType
        self.totalCostUSD = totalCostUSD
        self.durationMs = durationMs
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case runID = "run_id"
        case status, result, error
        case errorType = "error_type"
        case totalCostUSD = "total_cost_usd"
        case durationMs = "duration_ms"
        case requestID = "request_id"
    }
}
