import PaygentCore
import PaygentFoundation

/// The Anthropic Messages API wire format (`POST /v1/messages`, `anthropic-version: 2023-06-01`):
/// tools with `input_schema`, assistant `tool_use` blocks, user `tool_result` blocks, `stop_reason`.
public enum AnthropicWire {
    /// The API version header value.
    public static let version = "2023-06-01"

    /// The request body for `conversation`.
    public static func requestBody(_ conversation: LLMConversation, tools: [ToolSpec], model: String, maxTokens: Int) -> JSONValue {
        var messages: [JSONValue] = [["role": "user", "content": .string(conversation.user)]]
        for turn in conversation.turns {
            var blocks: [JSONValue] = []
            if let text = turn.text, !text.isEmpty { blocks.append(["type": "text", "text": .string(text)]) }
            for call in turn.calls {
                blocks.append(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": call.input])
            }
            messages.append(["role": "assistant", "content": .array(blocks)])
            if !turn.results.isEmpty {
                messages.append([
                    "role": "user",
                    "content": .array(turn.results.map { result in
                        var block: JSONObject = [
                            "type": "tool_result", "tool_use_id": .string(result.callID), "content": .string(result.content),
                        ]
                        if result.isError { block["is_error"] = true }
                        return .object(block)
                    }),
                ])
            }
        }
        return [
            "model": .string(model),
            "max_tokens": .integer(maxTokens),
            "system": .string(conversation.system),
            "tools": .array(tools.map { ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.inputSchema] }),
            "messages": .array(messages),
        ]
    }

    /// The reply in a 200 response body.
    public static func reply(from body: JSONValue) throws(AgentFailure) -> LLMReply {
        guard body["type"]?.stringValue == "message" || body["content"] != nil,
              let content = body["content"]?.arrayValue
        else {
            throw AgentFailure(.llmError, "Anthropic reply has no content array")
        }
        var texts: [String] = []
        var calls: [LLMToolCall] = []
        for block in content {
            switch block["type"]?.stringValue {
            case "text":
                if let text = block["text"]?.stringValue { texts.append(text) }
            case "tool_use":
                guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else {
                    throw AgentFailure(.llmError, "Anthropic tool_use block without id or name")
                }
                calls.append(LLMToolCall(id: id, name: name, input: block["input"] ?? .object([:])))
            default:
                continue  // thinking, server tool blocks…: not ours
            }
        }
        let stop = body["stop_reason"]?.stringValue ?? (calls.isEmpty ? "end_turn" : "tool_use")
        return LLMReply(text: texts.isEmpty ? nil : texts.joined(separator: "\n"), calls: calls, stopReason: stop)
    }

    /// The message of an error body (`{"type":"error","error":{"type":…,"message":…}}`).
    public static func errorMessage(from body: JSONValue?) -> String? {
        guard let error = body?["error"] else { return nil }
        let kind = error["type"]?.stringValue
        let message = error["message"]?.stringValue
        switch (kind, message) {
        case let (kind?, message?): return "\(kind): \(message)"
        case let (nil, message?): return message
        case let (kind?, nil): return kind
        default: return nil
        }
    }
}
