/// A JSON value that keeps object member order and the exact text of numbers.
///
/// x402 messages carry 256-bit amounts and must be re-encoded byte for byte like the reference
/// implementation, so numbers are never converted to `Double` and objects remember the order
/// in which their members were written.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, as its exact JSON text (for example `"60"` or `"1e3"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Creates a number from an unsigned integer.
    public static func integer(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// The string payload, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The object payload, if this is an object.
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    /// The array payload, if this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    /// The boolean payload, if this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// Whether this is `null`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The value as a non-negative integer, if it is a JSON number without fraction or exponent
    /// that fits in 64 bits.
    public var uint64Value: UInt64? {
        guard case .number(let text) = self else { return nil }
        return UInt64(text)
    }

    /// The value as a signed integer, if it is a JSON number without fraction or exponent that fits.
    public var int64Value: Int64? {
        guard case .number(let text) = self else { return nil }
        return Int64(text)
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
