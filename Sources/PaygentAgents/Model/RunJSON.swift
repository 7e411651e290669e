import PaygentCore
import PaygentFoundation

// Hand-written JSON mapping of the run state: it is written after every step, and going
// through JSONEncoder/JSONDecoder costs milliseconds per save. The shapes match the Codable
// conformances (same keys), so either can read what the other wrote.

enum RunJSONError: Error, CustomStringConvertible {
    case missing(String)
    case invalid(String)

    var description: String {
        switch self {
        case .missing(let key): "missing \(key)"
        case .invalid(let key): "invalid \(key)"
        }
    }
}

extension JSONValue {
    func required(_ key: String) throws -> JSONValue {
        guard let value = self[key], value != .null else { throw RunJSONError.missing(key) }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let text = try required(key).stringValue else { throw RunJSONError.invalid(key) }
        return text
    }

    func optionalString(_ key: String) -> String? { self[key]?.stringValue }

    func int(_ key: String) throws -> Int {
        guard let value = try required(key).intValue else { throw RunJSONError.invalid(key) }
        return Int(value)
    }

    func usd(_ key: String) throws -> USDAmount {
        guard let text = self[key]?.stringValue else { return .zero }
        do { return try USDAmount(parsing: text) } catch { throw RunJSONError.invalid(key) }
    }

    func optionalUSD(_ key: String) throws -> USDAmount? {
        guard let text = self[key]?.stringValue else { return nil }
        do { return try USDAmount(parsing: text) } catch { throw RunJSONError.invalid(key) }
    }

    func timestamp(_ key: String) throws -> Timestamp? {
        guard let value = self[key], value != .null else { return nil }
        if let ms = value.intValue { return Timestamp(milliseconds: ms) }
        guard let text = value.stringValue, let time = Timestamp(iso8601: text) else { throw RunJSONError.invalid(key) }
        return time
    }

    func value(_ key: String) -> JSONValue? {
        guard let value = self[key], value != .null else { return nil }
        return value
    }
}

extension StepCondition {
    var json: JSONValue { ["step": .integer(step), "field": .string(field), "below": .string(below)] }

    init(json: JSONValue) throws {
        self.init(step: try json.int("step"), field: try json.string("field"), below: try json.string("below"))
    }
}

extension PlanStep {
    var json: JSONValue {
        var object: JSONObject = ["tool": .string(tool), "arguments": arguments, "description": .string(description)]
        if let condition { object["condition"] = condition.json }
        if let callID { object["call_id"] = .string(callID) }
        return .object(object)
    }

    init(json: JSONValue) throws {
        self.init(
            tool: try json.string("tool"), arguments: json["arguments"] ?? .object([:]),
            description: json.optionalString("description") ?? "",
            condition: try json.value("condition").map(StepCondition.init(json:)), callID: json.optionalString("call_id")
        )
    }
}

extension StepRecord {
    var json: JSONValue {
        var object: JSONObject = [
            "step": .integer(index), "turn": .integer(turn), "call_id": .string(callID), "tool": .string(tool),
            "arguments": arguments, "description": .string(description), "status": .string(status.rawValue),
            "cost": .string(costUSD.description), "purchase_ids": .array(purchaseIDs.map(JSONValue.string)),
            "attempts": .integer(attempts),
        ]
        if let editedArguments { object["edited_arguments"] = editedArguments }
        if let condition { object["condition"] = condition.json }
        if let result { object["result"] = result }
        if let error { object["error"] = .string(error) }
        if let errorType { object["error_type"] = .string(errorType.rawValue) }
        if let startedAt { object["started_at"] = .string(startedAt.iso8601) }
        if let durationMs { object["duration_ms"] = .integer(durationMs) }
        if let approvalID { object["approval_id"] = .string(approvalID) }
        if let childRunID { object["subagent_run_id"] = .string(childRunID) }
        return .object(object)
    }

    init(json: JSONValue) throws {
        let index = try json.int("step")
        let plan = PlanStep(
            tool: try json.string("tool"), arguments: json["arguments"] ?? .object([:]),
            description: json.optionalString("description") ?? "",
            condition: try json.value("condition").map(StepCondition.init(json:)), callID: try json.string("call_id")
        )
        self.init(index: index, turn: try json.int("turn"), step: plan)
        guard let status = StepStatus(rawValue: try json.string("status")) else { throw RunJSONError.invalid("status") }
        self.status = status
        self.editedArguments = json.value("edited_arguments")
        self.result = json.value("result")
        self.error = json.optionalString("error")
        if let type = json.optionalString("error_type") {
            guard let parsed = AgentErrorType(rawValue: type) else { throw RunJSONError.invalid("error_type") }
            self.errorType = parsed
        }
        self.costUSD = try json.usd("cost")
        self.startedAt = try json.timestamp("started_at")
        self.durationMs = json["duration_ms"]?.intValue
        self.purchaseIDs = json["purchase_ids"]?.arrayValue?.compactMap(\.stringValue) ?? []
        self.approvalID = json.optionalString("approval_id")
        self.attempts = json["attempts"]?.intValue.map(Int.init) ?? 0
        self.childRunID = json.optionalString("subagent_run_id")
    }
}

extension AgentRun.PlanDocument {
    var json: JSONValue {
        var object: JSONObject = [
            "planner": .string(planner), "steps": .array(steps.map(\.json)), "planning_finished": .bool(planningFinished),
            "turns": .integer(turns),
        ]
        if let parentRunID { object["parent_run_id"] = .string(parentRunID) }
        if let budgetSliceUSD { object["budget_usd"] = .string(budgetSliceUSD.description) }
        if let plannerMemo { object["planner_memo"] = plannerMemo }
        if let errorType { object["error_type"] = .string(errorType.rawValue) }
        if let finishedAt { object["finished_at"] = .string(finishedAt.iso8601) }
        return .object(object)
    }

    init(json: JSONValue) throws {
        var errorType: AgentErrorType?
        if let type = json.optionalString("error_type") {
            guard let parsed = AgentErrorType(rawValue: type) else { throw RunJSONError.invalid("error_type") }
            errorType = parsed
        }
        self.init(
            planner: try json.string("planner"),
            steps: try (json["steps"]?.arrayValue ?? []).map(PlanStep.init(json:)),
            planningFinished: json["planning_finished"]?.boolValue ?? false,
            turns: json["turns"]?.intValue.map(Int.init) ?? 0,
            parentRunID: json.optionalString("parent_run_id"),
            budgetSliceUSD: try json.optionalUSD("budget_usd"),
            plannerMemo: json.value("planner_memo"),
            errorType: errorType,
            finishedAt: try json.timestamp("finished_at")
        )
    }
}
