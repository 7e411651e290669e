/// Why a JSON text was rejected, with the byte offset where the problem was found.
public enum JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case tooDeep(limit: Int)
    case unexpectedEnd
    case unexpectedByte(UInt8, offset: Int)
    case invalidNumber(offset: Int)
    case numberTooLong(offset: Int)
    case invalidEscape(offset: Int)
    case invalidUnicode(offset: Int)
    case controlCharacterInString(offset: Int)
    case duplicateKey(String, offset: Int)
    case trailingData(offset: Int)

    /// The byte offset of the problem, when there is one.
    public var offset: Int? {
        switch self {
        case .tooLarge, .tooDeep, .unexpectedEnd: nil
        case .unexpectedByte(_, let offset), .invalidNumber(let offset), .numberTooLong(let offset), .invalidEscape(let offset),
             .invalidUnicode(let offset), .controlCharacterInString(let offset), .duplicateKey(_, let offset), .trailingData(let offset):
            offset
        }
    }

    public var description: String {
        switch self {
        case .tooLarge(let limit): "JSON text is larger than \(limit) bytes"
        case .tooDeep(let limit): "JSON nesting is deeper than \(limit) levels"
        case .unexpectedEnd: "JSON text ends unexpectedly"
        case .unexpectedByte(let b, let offset):
            b >= 0x20 && b < 0x7f
                ? "unexpected character '\(Character(Unicode.Scalar(b)))' at offset \(offset)"
                : "unexpected byte 0x\(String(b, radix: 16)) at offset \(offset)"
        case .invalidNumber(let offset): "invalid number at offset \(offset)"
        case .numberTooLong(let offset): "number too long at offset \(offset)"
        case .invalidEscape(let offset): "invalid string escape at offset \(offset)"
        case .invalidUnicode(let offset): "invalid UTF-8 or unicode escape at offset \(offset)"
        case .controlCharacterInString(let offset): "unescaped control character in string at offset \(offset)"
        case .duplicateKey(let key, let offset): "duplicate object key \(String(reflecting: String(key.prefix(64)))) at offset \(offset)"
        case .trailingData(let offset): "unexpected data after the JSON value at offset \(offset)"
        }
    }
}

/// Bounds applied while parsing untrusted JSON.
public struct JSONLimits: Sendable, Hashable {
    /// Largest accepted input in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of arrays and objects.
    public var maxDepth: Int
    /// Longest accepted number literal in characters (a 256-bit integer has 78 digits).
    public var maxNumberLength: Int

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 32, maxNumberLength: Int = 100) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNumberLength = maxNumberLength
    }

    /// Defaults for x402 messages: 1 MiB, depth 32, numbers up to 100 characters.
    public static let `default` = JSONLimits()
}

/// A strict RFC 8259 JSON parser: no comments, no trailing commas, no NaN/Infinity, no leading
/// zeros, no unescaped control characters, valid UTF-8 only, unique object keys, bounded size
/// and depth. Runs in linear time.
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let limits: JSONLimits

    /// Parses one JSON value from `text`.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    /// Parses one JSON value from UTF-8 `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        let result: Result<JSONValue, JSONError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, limits: limits)
            do throws(JSONError) {
                parser.skipWhitespace()
                let value = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                guard parser.index == buffer.count else { throw .trailingData(offset: parser.index) }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    private func peek() throws(JSONError) -> UInt8 {
        guard index < bytes.count else { throw .unexpectedEnd }
        return bytes[index]
    }

    private mutating func expect(_ literal: StaticString, value: JSONValue) throws(JSONError) -> JSONValue {
        let count = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for i in 0..<count {
            guard index < bytes.count else { throw .unexpectedEnd }
            guard bytes[index] == start[i] else { throw .unexpectedByte(bytes[index], offset: index) }
            index += 1
        }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        let byte = try peek()
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", value: .bool(true))
        case UInt8(ascii: "f"): return try expect("false", value: .bool(false))
        case UInt8(ascii: "n"): return try expect("null", value: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw .unexpectedByte(byte, offset: index)
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
        index += 1  // {
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject(uncheckedMembers: members))
        }
        while true {
            skipWhitespace()
            let keyOffset = index
            guard try peek() == UInt8(ascii: "\"") else { throw .unexpectedByte(bytes[index], offset: index) }
            let key = try parseString()
            // Objects in x402 messages are small: scan linearly, switch to hashing for big ones.
            if members.count < 16 {
                if members.contains(where: { $0.key == key }) { throw .duplicateKey(key, offset: keyOffset) }
            } else {
                if seen.isEmpty { seen = Set(members.map(\.key)) }
                guard seen.insert(key).inserted else { throw .duplicateKey(key, offset: keyOffset) }
            }
            skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw .unexpectedByte(bytes[index], offset: index) }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONMember(key, value))
            skipWhitespace()
            let next = try peek()
            index += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "}") { return .object(JSONObject(uncheckedMembers: members)) }
            throw .unexpectedByte(next, offset: index - 1)
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
        guard depth <= limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            let next = try peek()
            index += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { return .array(elements) }
            throw .unexpectedByte(next, offset: index - 1)
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw .unexpectedEnd }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, Self.isDigit(bytes[index]) { throw .invalidNumber(offset: start) }
        } else if Self.isDigit(bytes[index]) {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        } else {
            throw .invalidNumber(offset: start)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw .invalidNumber(offset: start) }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw .invalidNumber(offset: start) }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        guard index - start <= limits.maxNumberLength else { throw .numberTooLong(offset: start) }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private static func hexValue(_ b: UInt8) -> UInt16? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt16(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt16(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt16(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw .unexpectedEnd }
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[index]) else { throw .invalidEscape(offset: index) }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xc0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3f)))
        case 0x800..<0x10000:
            out.append(UInt8(0xe0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3f)))
            out.append(UInt8(0x80 | (scalar & 0x3f)))
        default:
            out.append(UInt8(0xf0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3f)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3f)))
            out.append(UInt8(0x80 | (scalar & 0x3f)))
        }
    }

    private mutating func parseString() throws(JSONError) -> String {
        let quote = index
        index += 1  // opening quote
        // Fast path: no escapes.
        var scan = index
        while scan < bytes.count {
            let b = bytes[scan]
            if b == UInt8(ascii: "\"") {
                guard let s = String(validating: bytes[index..<scan], as: UTF8.self) else { throw .invalidUnicode(offset: index) }
                index = scan + 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw .controlCharacterInString(offset: scan) }
            scan += 1
        }
        guard scan < bytes.count else { throw .unexpectedEnd }
        var out: [UInt8] = Array(bytes[index..<scan])
        index = scan
        while true {
            guard index < bytes.count else { throw .unexpectedEnd }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw .invalidUnicode(offset: quote) }
                return s
            }
            if b < 0x20 { throw .controlCharacterInString(offset: index) }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                index += 1
                continue
            }
            let escapeOffset = index
            index += 1
            guard index < bytes.count else { throw .unexpectedEnd }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5c)
            case UInt8(ascii: "/"): out.append(0x2f)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let unit = try parseHex4()
                var scalar = UInt32(unit)
                if (0xd800..<0xdc00).contains(unit) {
                    // High surrogate: a low surrogate escape must follow.
                    guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw .invalidUnicode(offset: escapeOffset)
                    }
                    index += 2
                    let low = try parseHex4()
                    guard (0xdc00..<0xe000).contains(low) else { throw .invalidUnicode(offset: escapeOffset) }
                    scalar = 0x10000 + ((UInt32(unit) - 0xd800) << 10) + (UInt32(low) - 0xdc00)
                } else if (0xdc00..<0xe000).contains(unit) {
                    throw .invalidUnicode(offset: escapeOffset)
                }
                Self.appendUTF8(scalar, to: &out)
            default:
                throw .invalidEscape(offset: escapeOffset)
            }
        }
    }
}
