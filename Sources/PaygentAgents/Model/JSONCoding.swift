import PaygentCore
import PaygentFoundation

extension JSONValue {
    /// A score or ratio (not money) as a JSON number: its shortest round-trip text, `null` when
    /// not finite.
    static func score(_ value: Double) -> JSONValue { value.isFinite ? .number("\(value)") : .null }

    /// A string, or the decimal text of a number (amounts given as JSON numbers by a model).
    var decimalText: String? {
        switch self {
        case .string(let text): return text.trimmingCharacters(in: .whitespaces)
        // The parser keeps a number's text as written, so this is the sent amount, every digit.
        case .number(let text): return text
        default: return nil
        }
    }

}
