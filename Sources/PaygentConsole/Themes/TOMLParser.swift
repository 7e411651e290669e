import PaygentFoundation
/// A strict parser for the TOML the console's config and theme files use, in Swift, so a hostile
/// file can only ever produce an error: comments; `key = value` with bare, quoted and dotted keys;
/// `[table]` headers; basic and literal strings; integers, floats and booleans; arrays (over
/// several lines, trailing comma allowed), inline tables and arrays of tables (`[[name]]`, whose
/// keys and sub-tables go to its last element). Multi-line strings and integers other than
/// decimal are refused with a clear message; a date or time
/// parses as ``TOMLNode/other(_:)``. Nesting is limited to 32 levels and a file to 1 MiB.
struct TOMLParser {
    /// A syntax error and the 1-based line it is on.
    struct Failure: Error {
        var line: Int
        var message: String
    }

    static let maxDepth = 32
    static let maxBytes = 1 << 20

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var depth = 0
    /// The document, and the tables opened by a `[header]` (a header may not repeat).
    private var root: [String: TOMLNode] = [:]
    private var definedTables: Set<[String]> = []
    /// The arrays opened by `[[header]]`s (only those may be appended to).
    private var tableArrays: Set<[String]> = []

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// Parses `text` into its root table.
    static func parse(_ text: String) throws(Failure) -> [String: TOMLNode] {
        var parser = TOMLParser(text)
        guard parser.bytes.count <= maxBytes else { throw Failure(line: 1, message: "the file is larger than 1 MiB") }
        try parser.document()
        return parser.root
    }

    // MARK: Document

    private mutating func document() throws(Failure) {
        var table: [String] = []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while true {
            skipBlank()
            guard let c = peek else { return }
            if c == UInt8(ascii: "#") {
                skipComment()
                continue
            }
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                try newline()
                continue
            }
            if c == UInt8(ascii: "[") {
                index += 1
                let isArray = peek == UInt8(ascii: "[")
                if isArray { index += 1 }
                skipBlank()
                table = try key()
                guard peek == UInt8(ascii: "]") else { throw fail("expected '\(isArray ? "]]" : "]")' to close the table header") }
                index += 1
                if isArray {
                    guard peek == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array-of-tables header") }
                    index += 1
                    try appendTable(at: table)
                } else {
                    guard definedTables.insert(table).inserted else { throw fail("table [\(table.joined(separator: "."))] is defined twice") }
                    try insert(.table([:]), at: table, replacingEmptyTable: true)
                }
            } else {
                let path = try key()
                guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after the key") }
                index += 1
                skipBlank()
                let value = try self.value()
                try insert(value, at: table + path, replacingEmptyTable: false)
            }
            skipBlank()
            if peek == UInt8(ascii: "#") { skipComment() }
            guard let end = peek else { return }
            guard end == UInt8(ascii: "\n") || end == UInt8(ascii: "\r") else { throw fail("expected the end of the line, saw \(describe(end))") }
        }
    }

    /// Sets `value` at `path` in `table` (creating intermediate tables); a key may be set once,
    /// except that a header may name a table that dotted keys or a deeper header already created.
    private func place(_ value: TOMLNode, in table: inout [String: TOMLNode], at path: ArraySlice<String>,
                       replacingEmptyTable: Bool) throws(Failure) {
        let key = path.first!
        if path.count == 1 {
            if let existing = table[key] {
                guard replacingEmptyTable, case .table = existing else { throw fail("key '\(key)' is defined twice") }
                return
            }
            table[key] = value
            return
        }
        var child: [String: TOMLNode]
        switch table[key] {
        case nil: child = [:]
        case .table(let existing)?: child = existing
        case .array(var elements)? where tableArrays.contains(Array(fullPath(path))):
            // Inside an array of tables: its last element.
            guard case .table(var last)? = elements.popLast() else { throw fail("key '\(key)' is not a table") }
            table[key] = nil
            try place(value, in: &last, at: path.dropFirst(), replacingEmptyTable: replacingEmptyTable)
            elements.append(.table(last))
            table[key] = .array(elements)
            return
        case _?: throw fail("key '\(key)' is not a table")
        }
        table[key] = nil  // keep the child uniquely referenced while it changes
        try place(value, in: &child, at: path.dropFirst(), replacingEmptyTable: replacingEmptyTable)
        table[key] = .table(child)
    }

    /// The document path of the first key of `path` (a suffix of the path being placed).
    private var placing: [String] = []
    private func fullPath(_ path: ArraySlice<String>) -> ArraySlice<String> {
        placing[..<(placing.count - path.count + 1)]
    }

    /// `[[path]]`: a new, empty table appended to the array at `path` (created by the first such
    /// header); the sub-tables of the previous element may be defined again for the new one.
    private mutating func appendTable(at path: [String]) throws(Failure) {
        let name = path.joined(separator: ".")
        if !tableArrays.contains(path) {
            guard !definedTables.contains(path) else { throw fail("[[\(name)]] names a table defined before as [\(name)]") }
            tableArrays.insert(path)
            try insert(.array([]), at: path, replacingEmptyTable: false)
        }
        definedTables = definedTables.filter { !($0.count > path.count && Array($0.prefix(path.count)) == path) }
        var document = root
        root = [:]
        defer { root = document }
        placing = path
        try appendElement(in: &document, at: path[...])
    }

    private func appendElement(in table: inout [String: TOMLNode], at path: ArraySlice<String>) throws(Failure) {
        let key = path.first!
        if path.count == 1 {
            guard case .array(var elements)? = table[key] else { throw fail("key '\(key)' is not an array of tables") }
            table[key] = nil
            elements.append(.table([:]))
            table[key] = .array(elements)
            return
        }
        switch table[key] {
        case .table(var child)?:
            table[key] = nil
            try appendElement(in: &child, at: path.dropFirst())
            table[key] = .table(child)
        case .array(var elements)? where tableArrays.contains(Array(fullPath(path))):
            guard case .table(var last)? = elements.popLast() else { throw fail("key '\(key)' is not a table") }
            table[key] = nil
            try appendElement(in: &last, at: path.dropFirst())
            elements.append(.table(last))
            table[key] = .array(elements)
        default:
            throw fail("key '\(key)' is not a table")
        }
    }

    private mutating func insert(_ value: TOMLNode, at path: [String], replacingEmptyTable: Bool) throws(Failure) {
        var document = root
        root = [:]
        defer { root = document }
        placing = path
        try place(value, in: &document, at: path[...], replacingEmptyTable: replacingEmptyTable)
    }

    // MARK: Keys

    private mutating func key() throws(Failure) -> [String] {
        var parts: [String] = []
        while true {
            skipBlank()
            guard let c = peek else { throw fail("expected a key, the file ends") }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                parts.append(try string(quote: c))
            } else if Self.isBareKey(c) {
                let start = index
                while let b = peek, Self.isBareKey(b) { index += 1 }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            } else {
                throw fail("expected a key, saw \(describe(c))")
            }
            skipBlank()
            guard peek == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    private static func isBareKey(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    // MARK: Values

    private mutating func value() throws(Failure) -> TOMLNode {
        guard let c = peek else { throw fail("expected a value, the file ends") }
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try string(quote: c))
        case UInt8(ascii: "["):
            return try nested { (parser: inout TOMLParser) throws(Failure) in try parser.array() }
        case UInt8(ascii: "{"):
            return try nested { (parser: inout TOMLParser) throws(Failure) in try parser.inlineTable() }
        default:
            return try scalar()
        }
    }

    private mutating func nested(_ body: (inout TOMLParser) throws(Failure) -> TOMLNode) throws(Failure) -> TOMLNode {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("values are nested more than \(Self.maxDepth) deep") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func array() throws(Failure) -> TOMLNode {
        index += 1  // [
        var elements: [TOMLNode] = []
        while true {
            try skipBlankLinesAndComments()
            guard let c = peek else { throw fail("the array is not closed with ']'") }
            if c == UInt8(ascii: "]") { index += 1; return .array(elements) }
            elements.append(try value())
            try skipBlankLinesAndComments()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            guard peek == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in the array") }
        }
    }

    private mutating func inlineTable() throws(Failure) -> TOMLNode {
        index += 1  // {
        var table: [String: TOMLNode] = [:]
        skipBlank()
        if peek == UInt8(ascii: "}") { index += 1; return .table(table) }
        while true {
            let path = try key()
            guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after the key") }
            index += 1
            skipBlank()
            let element = try value()
            try place(element, in: &table, at: path[...], replacingEmptyTable: false)
            skipBlank()
            guard let c = peek else { throw fail("the inline table is not closed with '}'") }
            if c == UInt8(ascii: ",") { index += 1; continue }
            guard c == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in the inline table, saw \(describe(c))") }
            index += 1
            return .table(table)
        }
    }

    /// A bare value: boolean, integer, float, or a date or time.
    private mutating func scalar() throws(Failure) -> TOMLNode {
        let start = index
        while let c = peek, !Self.endsScalar(c) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard !text.isEmpty else { throw fail("expected a value, saw \(peek.map(describe) ?? "the end of the file")") }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .double(.infinity)
        case "-inf": return .double(-.infinity)
        case "nan", "+nan", "-nan": return .double(.nan)
        default: break
        }
        let utf8 = Array(text.utf8)
        if utf8.count >= 10, utf8[4] == UInt8(ascii: "-"), utf8[0...3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // A date (and maybe a time after a space or T): the console has no option that takes one.
            if peek == UInt8(ascii: " "), index + 1 < bytes.count, bytes[index + 1] >= 0x30, bytes[index + 1] <= 0x39 {
                index += 1
                while let c = peek, !Self.endsScalar(c) { index += 1 }
            }
            return .other("a date or time")
        }
        if utf8.count >= 5, utf8[2] == UInt8(ascii: ":") { return .other("a date or time") }
        if text.hasPrefix("0x") || text.hasPrefix("0o") || text.hasPrefix("0b") { throw fail("only decimal integers are supported, saw \(describe(text))") }
        guard Self.isNumber(utf8) else { throw fail("expected a value, saw \(describe(text))") }
        let digits = text.replacingUnderscores()
        if digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            guard let double = Double(digits), double.isFinite else { throw fail("\(describe(text)) is not a number") }
            return .double(double)
        }
        guard let int = Int(digits) else { throw fail("\(describe(text)) does not fit in a 64-bit integer") }
        return .int(int)
    }

    /// TOML's number syntax: sign, digits with single underscores between them, fraction, exponent.
    private static func isNumber(_ t: [UInt8]) -> Bool {
        var i = 0
        func digits() -> Bool {
            let start = i
            var last: UInt8 = 0
            while i < t.count, (t[i] >= 0x30 && t[i] <= 0x39) || t[i] == UInt8(ascii: "_") {
                if t[i] == UInt8(ascii: "_"), last == 0 || last == UInt8(ascii: "_") { return false }
                last = t[i]
                i += 1
            }
            return i > start && last != UInt8(ascii: "_")
        }
        if i < t.count, t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") { i += 1 }
        guard digits() else { return false }
        if i < t.count, t[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() else { return false }
        }
        if i < t.count, t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E") {
            i += 1
            if i < t.count, t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() else { return false }
        }
        return i == t.count
    }

    private static func endsScalar(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") || c == UInt8(ascii: ",")
            || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: "#")
    }

    // MARK: Strings

    private mutating func string(quote: UInt8) throws(Failure) -> String {
        if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
            throw fail("multi-line strings are not supported")
        }
        index += 1
        var out: [UInt8] = []
        while true {
            guard let c = peek else { throw fail("the string is not closed") }
            index += 1
            if c == quote { break }
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { throw fail("the string is not closed on its line") }
            if c < 0x20 && c != UInt8(ascii: "\t") || c == 0x7F { throw fail("control character \(describe(c)) in a string") }
            guard quote == UInt8(ascii: "\""), c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard let e = peek else { throw fail("the string is not closed") }
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(e)
            case UInt8(ascii: "\\"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = e == UInt8(ascii: "u") ? 4 : 8
                guard index + count <= bytes.count,
                      let code = UInt32(String(decoding: bytes[index..<(index + count)], as: UTF8.self), radix: 16),
                      bytes[index..<(index + count)].allSatisfy({ Self.isHex($0) }),
                      let scalar = Unicode.Scalar(code)
                else { throw fail("invalid \\\(e == UInt8(ascii: "u") ? "u" : "U") escape") }
                index += count
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw fail("unknown escape \\\(describe(e))")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    // MARK: Whitespace

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipBlank() {
        while let c = peek, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { index += 1 }
    }

    private mutating func skipComment() {
        while let c = peek, c != UInt8(ascii: "\n"), c != UInt8(ascii: "\r") { index += 1 }
    }

    private mutating func newline() throws(Failure) {
        if peek == UInt8(ascii: "\r") {
            index += 1
            guard peek == UInt8(ascii: "\n") else { throw fail("a carriage return must be followed by a line feed") }
        }
        index += 1
        line += 1
    }

    private mutating func skipBlankLinesAndComments() throws(Failure) {
        while true {
            skipBlank()
            guard let c = peek else { return }
            if c == UInt8(ascii: "#") { skipComment(); continue }
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { try newline(); continue }
            return
        }
    }

    // MARK: Errors

    private func fail(_ message: String) -> Failure { Failure(line: line, message: message) }

    private func describe(_ c: UInt8) -> String {
        c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : hexByte(c)
    }

    private func describe(_ text: String) -> String { "\"" + UntrustedText(String(text.prefix(24))).value + "\"" }
}

private func hexByte(_ byte: UInt8) -> String {
    let hex = Array("0123456789abcdef")
    return "byte 0x\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
}

private extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
