import PaygentFoundation

/// Which model endpoint the ``LLMPlanner`` talks to, read from the environment.
///
/// - `ANTHROPIC_API_KEY` (and optionally `ANTHROPIC_BASE_URL`, default `https://api.anthropic.com`,
///   and `ANTHROPIC_MODEL`) → the Anthropic Messages API, `POST {base}/v1/messages`.
/// - `OPENAI_API_KEY` (and optionally `OPENAI_BASE_URL`, default `https://api.openai.com/v1`, and
///   `OPENAI_MODEL`) → an OpenAI-compatible `POST {base}/chat/completions`.
/// - `PAYGENT_PLANNER=rule|anthropic|openai` picks one when several are configured (default:
///   Anthropic, then OpenAI, then the rule planner).
public struct LLMConfiguration: Sendable, Hashable {
    /// The two wire formats.
    public enum Provider: String, Sendable, Hashable, CaseIterable {
        case anthropic
        case openai
    }

    /// Wire format.
    public var provider: Provider
    /// API key (never printed: ``description`` hides it).
    public var apiKey: String
    /// Base URL without a trailing slash.
    public var baseURL: String
    /// Model name.
    public var model: String
    /// `max_tokens` per completion.
    public var maxTokens: Int
    /// Most planner turns per run.
    public var maxTurns: Int

    /// Default Anthropic model.
    public static let defaultAnthropicModel = "claude-sonnet-4-5"
    /// Default OpenAI model.
    public static let defaultOpenAIModel = "gpt-4o-mini"

    /// Creates a configuration.
    public init(provider: Provider, apiKey: String, baseURL: String? = nil, model: String? = nil, maxTokens: Int = 1024,
                maxTurns: Int = 12) {
        self.provider = provider
        self.apiKey = apiKey
        var base = baseURL ?? (provider == .anthropic ? "https://api.anthropic.com" : "https://api.openai.com/v1")
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.model = model ?? (provider == .anthropic ? Self.defaultAnthropicModel : Self.defaultOpenAIModel)
        self.maxTokens = maxTokens
        self.maxTurns = maxTurns
    }

    /// The configuration the environment asks for, nil for the rule planner.
    public static func fromEnvironment(_ environment: [String: String]) -> LLMConfiguration? {
        func value(_ key: String) -> String? {
            guard let text = environment[key]?.trimmed(), !text.isEmpty else { return nil }
            return text
        }
        let choice = value("PAYGENT_PLANNER")?.lowercased()
        if choice == "rule" { return nil }
        let anthropic = value("ANTHROPIC_API_KEY").map {
            LLMConfiguration(provider: .anthropic, apiKey: $0, baseURL: value("ANTHROPIC_BASE_URL"), model: value("ANTHROPIC_MODEL"))
        }
        let openai = value("OPENAI_API_KEY").map {
            LLMConfiguration(provider: .openai, apiKey: $0, baseURL: value("OPENAI_BASE_URL"), model: value("OPENAI_MODEL"))
        }
        switch choice {
        case "anthropic": return anthropic
        case "openai": return openai
        default: return anthropic ?? openai
        }
    }

    /// The endpoint completions are posted to.
    public var endpoint: String {
        provider == .anthropic ? baseURL + "/v1/messages" : baseURL + "/chat/completions"
    }
}

extension LLMConfiguration: CustomStringConvertible {
    public var description: String { "\(provider.rawValue):\(model) at \(baseURL)" }
}
