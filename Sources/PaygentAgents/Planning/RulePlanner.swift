import PaygentCore

/// The deterministic, offline planner (the default): it parses the command with fixed rules and
/// plans every step up front, then summarises the step results.
///
/// Understood (case-insensitive; several joined by "then"):
/// - `Pay 0.10 USDC to access the market data API [3 times]` → `x402_fetch` (at most 0.10 USDC)
/// - `Buy the premium report [for 12 USDC]`, `Access <service>`, `Fetch http://…`
/// - `Find market data services under 0.05 USDC` → `discover_services`
/// - `Check my balance` → `check_balance`
/// - `Transfer 5 USDC to 0x…` (also `Pay 5 USDC to 0x…`, `Send …`) → `transfer`
/// - `Subscribe to the news feed for a week` → `subscribe`
/// - `Get a swap quote for 10 CRO to USDC [and buy it if under 0.05]` → `get_pricing` then a
///   conditional `x402_fetch`
/// - `Get the price of <service>` → `get_pricing`
/// - `Spawn 2 subagents with 0.20 USDC each to <command>` → `spawn_subagent`
///
/// Anything else fails with a ``AgentErrorType/planningError`` that says what was understood
/// and what was expected.
public struct RulePlanner: Planner {
    /// Creates the planner.
    public init() {}

    public var name: String { "rule" }

    public func decide(_ input: PlannerInput) async throws(AgentFailure) -> PlannerDecision {
        if input.turn == 0 {
            let steps = try Self.plan(input.command)
            let thinking = "Planned \(steps.count) step\(steps.count == 1 ? "" : "s"): "
                + steps.enumerated().map { "\($0.offset + 1). \($0.element.description)" }.joined(separator: "; ")
            return .steps(steps, thinking: thinking, memo: nil)
        }
        return .finish(result: Self.summarize(input.steps), memo: nil)
    }

    /// The steps for `command`, or a planning error saying what was understood and expected.
    public static func plan(_ command: String) throws(AgentFailure) -> [PlanStep] {
        let clauses = CommandText.clauses(command)
        guard !clauses.isEmpty else {
            throw AgentFailure(.planningError, "the command is empty; expected \(CommandGrammar.examples)")
        }
        var steps: [PlanStep] = []
        for (index, clause) in clauses.enumerated() {
            do throws(ClauseProblem) {
                var parsed = try CommandGrammar.parse(clause)
                // Conditions refer to steps of their own clause; shift them to the whole plan.
                for i in parsed.indices {
                    if var condition = parsed[i].condition {
                        condition.step += steps.count
                        parsed[i].condition = condition
                    }
                }
                steps += parsed
            } catch {
                let part = clauses.count > 1
                    ? "part \(index + 1) (\"\(CommandText.clip(clause.text))\")"
                    : "\"\(CommandText.clip(clause.text))\""
                throw AgentFailure(.planningError, "could not plan \(part): \(error.message)")
            }
        }
        guard steps.count <= CommandGrammar.maximumSteps else {
            throw AgentFailure(.planningError, "the command asks for \(steps.count) steps; at most \(CommandGrammar.maximumSteps) are allowed")
        }
        return steps
    }

    /// The final result: one line per step.
    public static func summarize(_ steps: [StepRecord]) -> String {
        guard !steps.isEmpty else { return "Nothing to do." }
        if steps.count == 1 { return steps[0].outcomeSummary }
        // Collapse identical consecutive outcomes ("Paid 0.01 USDC …" × 5).
        var lines: [String] = []
        var last: String?
        var count = 0
        func flush() {
            if let last { lines.append(count > 1 ? "\(last) (×\(count))" : last) }
        }
        for step in steps {
            let line = step.outcomeSummary
            if line == last { count += 1; continue }
            flush()
            last = line
            count = 1
        }
        flush()
        return lines.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }
}
