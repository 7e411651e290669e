import TOMLKit

/// A parsed TOML value, detached from TOMLKit (plain, Sendable values).
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

/// Reads TOML text with TOMLKit into ``TOMLNode``s, turning parse errors into ``ConsoleFileError``s
/// with the file name and line.
public enum TOMLReader {
    /// The top-level table of `text`; errors name `file` and the line.
    public static func parse(_ text: String, file: String) throws(ConsoleFileError) -> [String: TOMLNode] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConsoleFileError(file: file, line: error.source.begin.line, key: nil, message: error.description)
        } catch {
            throw ConsoleFileError(file: file, line: nil, key: nil, message: "\(error)")
        }
        return convert(table)
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var result: [String: TOMLNode] = [:]
        for key in table.keys {
            if let value = table[key] { result[key] = convert(value) }
        }
        return result
    }

    private static func convert(_ value: any TOMLValueConvertible) -> TOMLNode {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .int(value.int ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .double: return .double(value.double ?? 0)
        case .table: return .table(value.table.map(convert) ?? [:])
        case .array: return .array(value.array.map { array in array.map { convert($0) } } ?? [])
        default: return .other("a date or time")
        }
    }
}
