import PaygentCore
import PaygentFoundation

/// The OpenAI-compatible chat completions wire format (`POST /chat/completions`): `tools` of type
/// `function` with `parameters`, assistant `tool_calls` whose arguments are JSON text, `role: tool`
/// messages with `tool_call_id`, `finish_reason`.
public enum OpenAIWire {
    /// The request body for `conversation`.
    public static func requestBody(_ conversation: LLMConversation, tools: [ToolSpec], model: String, maxTokens: Int) -> JSONValue {
        var messages: [JSONValue] = [
            ["role": "system", "content": .string(conversation.system)],
            ["role": "user", "content": .string(conversation.user)],
        ]
        for turn in conversation.turns {
            var assistant: JSONObject = ["role": "assistant"]
            assistant["content"] = turn.text.map(JSONValue.string) ?? .null
            if !turn.calls.isEmpty {
                assistant["tool_calls"] = .array(turn.calls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.input.jsonText)],
                    ]
                })
            }
            messages.append(.object(assistant))
            for result in turn.results {
                messages.append(["role": "tool", "tool_call_id": .string(result.callID), "content": .string(result.content)])
            }
        }
        return [
            "model": .string(model),
            "max_tokens": .integer(maxTokens),
            "messages": .array(messages),
            "tools": .array(tools.map { tool in
                [
                    "type": "function",
                    "function": ["name": .string(tool.name), "description": .string(tool.description), "parameters": tool.inputSchema],
                ]
            }),
            "tool_choice": "auto",
        ]
    }

    /// The reply in a 200 response body (the first choice).
    public static func reply(from body: JSONValue) throws(AgentFailure) -> LLMReply {
        guard let choice = body["choices"]?.arrayValue?.first, let message = choice["message"] else {
            throw AgentFailure(.llmError, "chat completion has no choices[0].message")
        }
        var calls: [LLMToolCall] = []
        for call in message["tool_calls"]?.arrayValue ?? [] {
            guard let id = call["id"]?.stringValue, let function = call["function"],
                  let name = function["name"]?.stringValue
            else {
                throw AgentFailure(.llmError, "chat completion tool call without id or function name")
            }
            let text = function["arguments"]?.stringValue ?? "{}"
            let input: JSONValue
            if let parsed = try? JSONValue.parse(text.isEmpty ? "{}" : text), case .object = parsed {
                input = parsed
            } else {
                // Kept so the tool reports the problem back to the model.
                input = ["_unparsed_arguments": .string(text)]
            }
            calls.append(LLMToolCall(id: id, name: name, input: input))
        }
        let text = message["content"]?.stringValue
        let stop = choice["finish_reason"]?.stringValue ?? (calls.isEmpty ? "stop" : "tool_calls")
        return LLMReply(text: (text?.isEmpty ?? true) ? nil : text, calls: calls, stopReason: stop)
    }

    /// The message of an error body (`{"error":{"message":…,"type":…}}`).
    public static func errorMessage(from body: JSONValue?) -> String? {
        guard let error = body?["error"] else { return nil }
        if let message = error["message"]?.stringValue {
            if let kind = error["type"]?.stringValue ?? error["code"]?.stringValue { return "\(kind): \(message)" }
            return message
        }
        return error.stringValue
    }
}
