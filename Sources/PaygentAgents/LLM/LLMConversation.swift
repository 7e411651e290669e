import PaygentCore
import PaygentFoundation

/// A tool call a model asked for.
public struct LLMToolCall: Sendable, Hashable {
    /// The model's id for it (`toolu_…`, `call_…`).
    public var id: String
    /// Tool name.
    public var name: String
    /// Arguments (a JSON object).
    public var input: JSONValue

    /// Creates a call.
    public init(id: String, name: String, input: JSONValue) {
        self.id = id
        self.name = name
        self.input = input
    }
}

/// What a tool call returned, as sent back to the model.
public struct LLMToolResult: Sendable, Hashable {
    /// The call it answers.
    public var callID: String
    /// Result text (JSON).
    public var content: String
    /// Whether the call failed.
    public var isError: Bool

    /// Creates a result.
    public init(callID: String, content: String, isError: Bool) {
        self.callID = callID
        self.content = content
        self.isError = isError
    }
}

/// One round of a tool-use conversation: what the model said and called, and what came back.
public struct LLMTurn: Sendable, Hashable {
    /// The model's text, if any.
    public var text: String?
    /// Its tool calls.
    public var calls: [LLMToolCall]
    /// The results, one per call, same order.
    public var results: [LLMToolResult]

    /// Creates a turn.
    public init(text: String?, calls: [LLMToolCall], results: [LLMToolResult]) {
        self.text = text
        self.calls = calls
        self.results = results
    }
}

/// A whole conversation, provider-neutral: the system prompt, the user's command, the turns.
public struct LLMConversation: Sendable, Hashable {
    /// System prompt.
    public var system: String
    /// The user's message (the command).
    public var user: String
    /// Completed turns.
    public var turns: [LLMTurn]

    /// Creates a conversation.
    public init(system: String, user: String, turns: [LLMTurn] = []) {
        self.system = system
        self.user = user
        self.turns = turns
    }
}

/// A model's reply.
public struct LLMReply: Sendable, Hashable {
    /// Text blocks joined.
    public var text: String?
    /// Tool calls, in order.
    public var calls: [LLMToolCall]
    /// `stop_reason` / `finish_reason` as the provider said it (`tool_use`, `end_turn`, `tool_calls`, `stop`).
    public var stopReason: String

    /// Creates a reply.
    public init(text: String?, calls: [LLMToolCall], stopReason: String) {
        self.text = text
        self.calls = calls
        self.stopReason = stopReason
    }
}

/// A chat model that can call tools.
public protocol LLMProvider: Sendable {
    /// `anthropic:<model>` or `openai:<model>`.
    var name: String { get }
    /// One completion of `conversation` with `tools` available.
    func complete(_ conversation: LLMConversation, tools: [ToolSpec]) async throws(AgentFailure) -> LLMReply
}
