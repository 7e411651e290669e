import PaygentCore

extension PaygentCore.JSONValue {
    /// JSON text parsed from bytes (UTF-8).
    static func parse(bytes: [UInt8]) throws -> JSONValue {
        try JSONValue.parse(String(decoding: bytes, as: UTF8.self))
    }

    /// The array payload, if this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The object payload, if this is an object.
    var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The boolean payload, if this is a boolean.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// A string, or the decimal text of a number (amounts given as JSON numbers by a model).
    var decimalText: String? {
        switch self {
        case .string(let text): return text.trimmingCharacters(in: .whitespaces)
        case .int(let value): return String(value)
        case .double(let value) where value.isFinite:
            // The parser keeps a non-integer number only when this shortest round-trip text has the
            // value that was written (an over-precise one is refused), so this is the sent amount.
            return "\(value)"
        default: return nil
        }
    }

    /// This object with `key` set to `value` (other values are returned unchanged).
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object[key] = value
        return .object(object)
    }
}
