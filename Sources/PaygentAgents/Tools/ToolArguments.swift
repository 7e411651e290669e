import PaygentCore
import PaygentFoundation

/// Typed access to a tool's JSON arguments, with errors a model (or operator) can act on.
struct ToolArguments {
    let tool: String
    let object: JSONObject

    init(_ value: JSONValue, tool: String) throws(AgentFailure) {
        self.tool = tool
        if case .null = value { object = [:]; return }
        guard case .object(let object) = value else {
            throw AgentFailure(.invalidArguments, "\(tool): arguments must be a JSON object")
        }
        if let raw = object["_unparsed_arguments"]?.stringValue {
            throw AgentFailure(.invalidArguments, "\(tool): arguments are not valid JSON: \(UntrustedText.line(raw, maxWidth: 120))")
        }
        self.object = object
    }

    func string(_ key: String) throws(AgentFailure) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else {
            throw AgentFailure(.invalidArguments, "\(tool): \(key) must be a string")
        }
        let trimmed = text.trimmed()
        return trimmed.isEmpty ? nil : trimmed
    }

    func requiredString(_ key: String) throws(AgentFailure) -> String {
        guard let text = try string(key) else { throw AgentFailure(.invalidArguments, "\(tool): \(key) is required") }
        return text
    }

    /// A decimal amount given as a string or a number.
    func decimal(_ key: String) throws(AgentFailure) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.decimalText, AmountPhrase.isDecimal(text) else {
            throw AgentFailure(.invalidArguments, "\(tool): \(key) must be a non-negative decimal amount such as \"0.10\"")
        }
        return text
    }

    func usd(_ key: String) throws(AgentFailure) -> USDAmount? {
        guard let text = try decimal(key) else { return nil }
        do {
            return try USDAmount(parsing: text)
        } catch {
            throw AgentFailure(.invalidArguments, "\(tool): \(key) \"\(text)\" is not a USD amount with at most 6 decimals")
        }
    }

    func int(_ key: String) throws(AgentFailure) -> Int64? {
        guard let value = object[key], value != .null else { return nil }
        if let int = value.intValue { return int }
        if let text = value.stringValue, let int = Int64(text.trimmed()) { return int }
        throw AgentFailure(.invalidArguments, "\(tool): \(key) must be an integer")
    }

    func double(_ key: String) throws(AgentFailure) -> Double? {
        guard let value = object[key], value != .null else { return nil }
        switch value {
        case .number(let text): if let double = Double(text) { return double }
        case .string(let text): if let double = Double(text.trimmed()) { return double }
        default: break
        }
        throw AgentFailure(.invalidArguments, "\(tool): \(key) must be a number")
    }

    func bool(_ key: String) throws(AgentFailure) -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        if let bool = value.boolValue { return bool }
        if let text = value.stringValue?.lowercased() {
            if text == "true" { return true }
            if text == "false" { return false }
        }
        throw AgentFailure(.invalidArguments, "\(tool): \(key) must be true or false")
    }
}
