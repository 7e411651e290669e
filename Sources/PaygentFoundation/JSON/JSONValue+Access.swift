/// Reading and building ``JSONValue``s: member lookup, integers read exactly from the number's
/// text, and literals.
extension JSONValue {
    /// The value of `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The number as a signed 64-bit integer when it is integral and fits, read exactly from its
    /// text: `60`, `60.0`, `6e1` and `600e-1` are all 60; `60.5`, `1e19` and non-numbers are nil.
    public var intValue: Int64? {
        guard case .number(let text) = self else { return nil }
        if let value = Int64(text) { return value }
        return JSONNumber.integer(text)
    }

    /// The number's exact text when this is a number.
    public var numberText: String? { if case .number(let text) = self { text } else { nil } }

    /// This object with `key` set to `value` (other values are returned unchanged).
    public func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object[key] = value
        return .object(object)
    }

    /// Compact JSON text with object keys sorted (deterministic; what stores and logs keep).
    public var jsonText: String { JSONWriter.string(self, style: .sortedKeys) }

    /// Parses JSON text with the default limits.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        try JSONParser.parse(text, limits: limits)
    }

    /// Parses UTF-8 JSON bytes with the default limits.
    public static func parse(bytes: [UInt8], limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        try JSONParser.parse(bytes, limits: limits)
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONMember($0.0, $0.1) }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
}

/// Exact arithmetic on JSON number text.
enum JSONNumber {
    /// The integer a JSON number denotes when it is integral and fits in `Int64` (`"1.50e2"` is 150).
    static func integer(_ text: String) -> Int64? {
        guard let n = DecimalText.normalized(text) else { return nil }
        if n.digits.isEmpty { return 0 }
        guard n.exponent >= 0, n.digits.count + n.exponent <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for digit in n.digits {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(digit - 48))
            guard !o1, !o2 else { return nil }
            magnitude = s
        }
        for _ in 0..<n.exponent {
            let (m, o) = magnitude.multipliedReportingOverflow(by: 10)
            guard !o else { return nil }
            magnitude = m
        }
        if n.negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
