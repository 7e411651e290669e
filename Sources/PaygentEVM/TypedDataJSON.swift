import PaygentFoundation

/// Typed-data documents read with the one exact JSON parser (``JSONParser``): number literals
/// keep their text, so 256-bit integers are exact.
enum TypedDataJSON {
    /// Limits for a typed-data document: nesting up to 256 levels (the struct types of a
    /// document can nest deeply), up to 16 MiB, numbers up to 100 characters.
    static let limits = JSONLimits(maxBytes: 16 << 20, maxDepth: 256, maxNumberLength: 100)

    /// Parses one JSON document (a UTF-8 byte-order mark is skipped); trailing data is an error.
    static func parse(_ bytes: [UInt8]) throws(TypedDataError) -> TypedData.Value {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        do {
            return value(try JSONParser.parse(body, limits: limits))
        } catch {
            throw .invalidJSON(error.description, offset: error.offset ?? 0)
        }
    }

    static func value(_ json: JSONValue) -> TypedData.Value {
        switch json {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let text): .number(text)
        case .string(let s): .string(s)
        case .array(let elements): .array(elements.map(value))
        case .object(let object):
            .object(Dictionary(object.members.map { ($0.key, value($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
