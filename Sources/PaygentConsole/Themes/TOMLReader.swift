/// A parsed TOML value (plain, Sendable values).
public indirect enum TOMLNode: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case double(Double)
    case array([TOMLNode])
    case table([String: TOMLNode])
    case other(String)

    /// "a string", "an integer", … for error messages.
    public var typeName: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .bool: return "a boolean"
        case .double: return "a number"
        case .array: return "an array"
        case .table: return "a table"
        case .other(let name): return name
        }
    }
}

/// Reads TOML text with ``TOMLParser`` into ``TOMLNode``s, turning syntax errors into
/// ``ConsoleFileError``s with the file name and line.
public enum TOMLReader {
    public static func parse(_ text: String, file: String) throws(ConsoleFileError) -> [String: TOMLNode] {
        do {
            return try TOMLParser.parse(text)
        } catch {
            throw ConsoleFileError(file: file, line: error.line, key: nil, message: error.message)
        }
    }
}
