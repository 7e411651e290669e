import Http
import PaygentFoundation
import PaygentCore

/// An ``LLMProvider`` over HTTP: the Anthropic Messages API or an OpenAI-compatible chat
/// completions endpoint, as ``LLMConfiguration`` says. Retries 429, 5xx and 529 (overloaded) up
/// to twice, honouring `Retry-After` (capped at 5 s).
public struct HTTPLLMProvider: LLMProvider {
    /// Where and how to call.
    public let configuration: LLMConfiguration
    private let client: HTTPClient

    /// Creates a provider.
    public init(configuration: LLMConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    public var name: String { "\(configuration.provider.rawValue):\(configuration.model)" }

    public func complete(_ conversation: LLMConversation, tools: [ToolSpec]) async throws(AgentFailure) -> LLMReply {
        let body: JSONValue
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Accept": "application/json"]
        switch configuration.provider {
        case .anthropic:
            body = AnthropicWire.requestBody(conversation, tools: tools, model: configuration.model, maxTokens: configuration.maxTokens)
            headers.add("x-api-key", configuration.apiKey)
            headers.add("anthropic-version", AnthropicWire.version)
        case .openai:
            body = OpenAIWire.requestBody(conversation, tools: tools, model: configuration.model, maxTokens: configuration.maxTokens)
            headers.add("Authorization", "Bearer \(configuration.apiKey)")
        }
        let request = HTTPRequest(method: .post, url: configuration.endpoint, headers: headers, body: Array(body.jsonText.utf8),
                                  timeout: .seconds(120), connectTimeout: .seconds(10))
        var attempt = 0
        while true {
            let response: HTTPResponse
            do {
                response = try await client.send(request)
            } catch {
                if error == .cancelled { throw AgentFailure(.cancelled, "model request cancelled") }
                throw AgentFailure(.llmError, "\(configuration.provider.rawValue) request failed: \(error)")
            }
            let parsed = try? JSONValue.parse(bytes: response.body)
            if response.isSuccess {
                guard let parsed else {
                    throw AgentFailure(.llmError, "\(configuration.provider.rawValue) answered \(response.status) with a body that is not JSON")
                }
                switch configuration.provider {
                case .anthropic: return try AnthropicWire.reply(from: parsed)
                case .openai: return try OpenAIWire.reply(from: parsed)
                }
            }
            let retryable = response.status == 429 || response.status == 529 || (500...599).contains(response.status)
            if retryable, attempt < 2 {
                attempt += 1
                var delay = Duration.milliseconds(250 * (1 << attempt))
                if let header = response.headers["retry-after"], let seconds = Int(header.trimmed()) {
                    delay = .seconds(min(max(seconds, 0), 5))
                }
                do { try await Task.sleep(for: delay) } catch { throw AgentFailure(.cancelled, "model request cancelled") }
                continue
            }
            let detail: String? = switch configuration.provider {
            case .anthropic: AnthropicWire.errorMessage(from: parsed)
            case .openai: OpenAIWire.errorMessage(from: parsed)
            }
            let text = UntrustedText.line(detail ?? String(decoding: response.body.prefix(200), as: UTF8.self), maxWidth: 300)
            throw AgentFailure(.llmError, "\(configuration.provider.rawValue) answered \(response.status): \(text)")
        }
    }
}
