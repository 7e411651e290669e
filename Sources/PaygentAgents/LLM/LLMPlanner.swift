import PaygentCore
import PaygentFoundation

/// A planner that lets a model choose the tools (tool use over the Anthropic Messages API or an
/// OpenAI-compatible chat completions endpoint). The runtime still enforces the tool allow-list
/// and every payment goes through the policy engine: the model only proposes.
///
/// The conversation is rebuilt from the run's steps on every turn (each step keeps the model's
/// call id, each turn's text is kept in the run's planner memo), so a run paused for approval
/// continues the same conversation after a restart.
public struct LLMPlanner: Planner {
    /// The model endpoint.
    public let provider: any LLMProvider
    /// Most turns per run.
    public let maxTurns: Int

    /// Creates a planner over `provider`.
    public init(provider: any LLMProvider, maxTurns: Int = 12) {
        self.provider = provider
        self.maxTurns = maxTurns
    }

    /// A planner for `configuration`, over HTTP.
    public init(configuration: LLMConfiguration) {
        self.init(provider: HTTPLLMProvider(configuration: configuration), maxTurns: configuration.maxTurns)
    }

    public var name: String { provider.name }

    /// The system prompt.
    public static func systemPrompt(remainingBudgetUSD: USDAmount?) -> String {
        var prompt = """
            You are an autonomous agent working for an operator through Paygent. You pay for HTTP \
            services over x402 in USDC with the tools given. Every payment is checked by the operator's \
            policy: it may be refused, or paused until a human approves it; never try to get around a \
            refusal. Use as few paid calls as the task needs, never pay more than the user allows, and \
            when the task is done answer with a short plain-text summary of what you did and what it cost.
            """
        if let remainingBudgetUSD { prompt += " Budget left for this task: \(remainingBudgetUSD) USD." }
        return prompt
    }

    public func decide(_ input: PlannerInput) async throws(AgentFailure) -> PlannerDecision {
        guard input.turn < maxTurns else {
            throw AgentFailure(.llmError, "the model did not finish within \(maxTurns) turns")
        }
        let texts = input.memo?["texts"]?.arrayValue ?? []
        var turns: [LLMTurn] = []
        for turn in 0..<input.turn {
            let steps = input.steps.filter { $0.turn == turn }
            let text = turn < texts.count ? texts[turn].stringValue : nil
            turns.append(LLMTurn(
                text: text,
                calls: steps.map { LLMToolCall(id: $0.callID, name: $0.tool, input: $0.arguments) },
                results: steps.map(Self.toolResult)
            ))
        }
        let conversation = LLMConversation(
            system: Self.systemPrompt(remainingBudgetUSD: input.remainingBudgetUSD), user: input.command, turns: turns
        )
        let reply = try await provider.complete(conversation, tools: input.tools)
        let memo: JSONValue = ["texts": .array(texts + [reply.text.map(JSONValue.string) ?? .null])]
        if reply.calls.isEmpty {
            let result = reply.text.map { UntrustedText.line($0, maxWidth: 4000) } ?? "The model finished without a summary."
            return .finish(result: result, memo: memo)
        }
        let steps = reply.calls.map { call in
            PlanStep(tool: call.name, arguments: call.input, description: Self.describe(call), callID: call.id)
        }
        return .steps(steps, thinking: reply.text.map { UntrustedText.line($0, maxWidth: 2000) }, memo: memo)
    }

    /// What goes back to the model for a finished step.
    static func toolResult(_ step: StepRecord) -> LLMToolResult {
        switch step.status {
        case .succeeded:
            return LLMToolResult(callID: step.callID, content: (step.result ?? ["summary": "done"]).jsonText, isError: false)
        case .skipped:
            return LLMToolResult(callID: step.callID, content: (step.result ?? ["summary": "skipped"]).jsonText, isError: false)
        default:
            let body: JSONValue = [
                "error": .string(step.error ?? "the step did not complete"),
                "error_type": .string(step.errorType?.rawValue ?? "internal"),
            ]
            return LLMToolResult(callID: step.callID, content: body.jsonText, isError: true)
        }
    }

    static func describe(_ call: LLMToolCall) -> String {
        let args = call.input.jsonText
        return "\(call.name) \(args.count > 120 ? String(args.prefix(117)) + "…" : args)"
    }
}
