import PaygentCore
import PaygentFoundation

/// `POST /api/v1/agent/execute` and `/agent/stream` body.
public struct AgentExecuteInput: Sendable, Hashable, Codable {
    /// The natural-language command (1…10000 characters).
    public var command: String
    /// Run in this existing session (default: a new one for the caller).
    public var sessionID: String?
    /// Budget of the new session, USD (number or string; default 50.00).
    public var budgetLimitUSD: USDAmount?

    /// Creates an input.
    public init(command: String, sessionID: String? = nil, budgetLimitUSD: USDAmount? = nil) {
        self.command = command
        self.sessionID = sessionID
        self.budgetLimitUSD = budgetLimitUSD
    }

    enum CodingKeys: String, CodingKey {
        case command
        case sessionID = "session_id"
        case budgetLimitUSD = "budget_limit_usd"
    }
}
