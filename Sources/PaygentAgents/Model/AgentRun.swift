import PaygentCore
import PaygentFoundation

/// The durable state of one agent run: its command, its plan, every step and where the run
/// stands. Persisted as the run's ``ExecutionLog`` (plan and runtime state in `plan`, the step
/// records in `tool_calls`), written after every transition, so a run paused for approval
/// survives a restart and resumes exactly where it stopped.
public struct AgentRun: Sendable, Hashable {
    /// Run id = execution log id (`log_…`).
    public var id: String
    /// Session it runs in.
    public var sessionID: String
    /// The command.
    public var command: String
    /// Planner name (`rule`, `anthropic:claude-…`, `openai:gpt-…`).
    public var planner: String
    /// Where it stands.
    public var status: RunStatus
    /// Steps so far (the LLM planner appends as it goes).
    public var steps: [StepRecord]
    /// Whether the planner said it is done (no more steps will come).
    public var planningFinished: Bool
    /// Number of planner turns taken.
    public var turns: Int
    /// Final text.
    public var result: String?
    /// Error when failed or cancelled.
    public var error: String?
    /// Kind of that error.
    public var errorType: AgentErrorType?
    /// USD paid by this run (its own steps plus its subagents).
    public var totalCostUSD: USDAmount
    /// When it started.
    public var startedAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// When it finished.
    public var finishedAt: Timestamp?
    /// The run that spawned this one, for a subagent.
    public var parentRunID: String?
    /// The budget slice a subagent was given, USD.
    public var budgetSliceUSD: USDAmount?
    /// The planner's private state (an LLM conversation's assistant texts).
    public var plannerMemo: JSONValue?

    /// A new running run.
    public init(id: String, sessionID: String, command: String, planner: String, startedAt: Timestamp,
                parentRunID: String? = nil, budgetSliceUSD: USDAmount? = nil) {
        self.id = id
        self.sessionID = sessionID
        self.command = command
        self.planner = planner
        self.status = .running
        self.steps = []
        self.planningFinished = false
        self.turns = 0
        self.result = nil
        self.error = nil
        self.errorType = nil
        self.totalCostUSD = .zero
        self.startedAt = startedAt
        self.updatedAt = startedAt
        self.finishedAt = nil
        self.parentRunID = parentRunID
        self.budgetSliceUSD = budgetSliceUSD
        self.plannerMemo = nil
    }

    /// Wall time from start to finish (or to `now` while running), ms.
    public func durationMs(now: Timestamp) -> Int64 {
        max(0, (finishedAt ?? now).milliseconds - startedAt.milliseconds)
    }

    /// The step waiting for an approval, if any.
    public var pendingStepIndex: Int? {
        steps.firstIndex { $0.status == .awaitingApproval }
    }

    /// Appends planned steps as pending records.
    mutating func append(_ planned: [PlanStep], turn: Int) {
        for step in planned {
            steps.append(StepRecord(index: steps.count, turn: turn, step: step))
        }
    }

    // MARK: Execution log mapping

    struct PlanDocument: Codable {
        var planner: String
        var steps: [PlanStep]
        var planningFinished: Bool
        var turns: Int
        var parentRunID: String?
        var budgetSliceUSD: USDAmount?
        var plannerMemo: JSONValue?
        var errorType: AgentErrorType?
        var finishedAt: Timestamp?

        enum CodingKeys: String, CodingKey {
            case planner, steps
            case planningFinished = "planning_finished"
            case turns
            case parentRunID = "parent_run_id"
            case budgetSliceUSD = "budget_usd"
            case plannerMemo = "planner_memo"
            case errorType = "error_type"
            case finishedAt = "finished_at"
        }
    }

    /// The execution log row for this run.
    public func executionLog(now: Timestamp) throws -> ExecutionLog {
        let document = PlanDocument(
            planner: planner, steps: steps.map(\.planStep), planningFinished: planningFinished, turns: turns,
            parentRunID: parentRunID, budgetSliceUSD: budgetSliceUSD, plannerMemo: plannerMemo, errorType: errorType,
            finishedAt: finishedAt
        )
        return ExecutionLog(
            id: id, sessionID: sessionID, command: command, plan: document.json,
            toolCalls: .array(steps.map(\.json)), result: result, status: status.rawValue, error: error,
            totalCostUSD: totalCostUSD, durationMs: status.isFinished ? durationMs(now: now) : nil,
            createdAt: startedAt, updatedAt: updatedAt
        )
    }

    /// The run stored in `log`.
    public init(log: ExecutionLog) throws {
        let document = try PlanDocument(json: log.plan)
        guard let calls = log.toolCalls.arrayValue else { throw RunJSONError.invalid("tool_calls") }
        let records = try calls.map(StepRecord.init(json:))
        guard let status = RunStatus(rawValue: log.status) else {
            throw AgentFailure(.internal, "execution log \(log.id) has unknown status \(log.status)")
        }
        self.id = log.id
        self.sessionID = log.sessionID
        self.command = log.command
        self.planner = document.planner
        self.status = status
        self.steps = records
        self.planningFinished = document.planningFinished
        self.turns = document.turns
        self.result = log.result
        self.error = log.error
        self.errorType = document.errorType
        self.totalCostUSD = log.totalCostUSD
        self.startedAt = log.createdAt
        self.updatedAt = log.updatedAt
        self.finishedAt = document.finishedAt
        self.parentRunID = document.parentRunID
        self.budgetSliceUSD = document.budgetSliceUSD
        self.plannerMemo = document.plannerMemo
    }
}
