import PaygentCore
import PaygentFoundation
import PaygentEVM

/// The query string of a request as name/value pairs, percent-decoded and checked, with typed
/// readers whose errors name the parameter (`PaygentError.invalid(name, …)`, a 422 on the wire).
///
/// Decoding is strict where leniency would hide a mistake: a malformed percent-escape, bytes that
/// are not UTF-8, a NUL, a parameter given twice, or a query string over ``maximumLength`` are
/// refused. Parameters no reader asks for are ignored (as the original backend did).
public struct QueryItems: Sendable, Hashable {
    /// The pairs, in order.
    public private(set) var items: [(name: String, value: String)]

    /// The longest raw query string accepted (bytes).
    public static let maximumLength = 8 * 1024

    /// Creates items from decoded pairs.
    public init(_ items: [(name: String, value: String)] = []) {
        self.items = items
    }

    /// Parses a raw (still percent-encoded) query string, without the leading `?`.
    public init(rawQuery: String) throws(PaygentError) {
        let bytes = Array(rawQuery.utf8)
        guard bytes.count <= Self.maximumLength else {
            throw PaygentError.invalid("query", "too long (\(bytes.count) bytes, at most \(Self.maximumLength))")
        }
        var items: [(name: String, value: String)] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = pieces[0]
            guard let name = Self.decode(rawName) else {
                throw PaygentError.invalid("query", "a parameter name is not valid percent-encoded UTF-8")
            }
            let rawValue = pieces.count > 1 ? pieces[1] : []
            guard let value = Self.decode(rawValue) else {
                throw PaygentError.invalid(Self.fieldName(name), "not valid percent-encoded UTF-8 text without NUL")
            }
            items.append((name, value))
        }
        self.items = items
    }

    public static func == (lhs: QueryItems, rhs: QueryItems) -> Bool {
        lhs.items.elementsEqual(rhs.items) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for item in items { hasher.combine(item.name); hasher.combine(item.value) }
    }

    /// Appends a pair.
    public mutating func append(_ name: String, _ value: String) { items.append((name, value)) }

    /// Appends a pair when `value` is not nil.
    public mutating func append(_ name: String, _ value: String?) {
        if let value { items.append((name, value)) }
    }

    /// The percent-encoded query string (no leading `?`): unreserved characters as they are,
    /// everything else escaped.
    public var encoded: String {
        items.map { Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&")
    }

    // MARK: Readers

    /// The value of `name`, nil when absent; refused when given twice or when it holds a NUL.
    public func value(_ name: String) throws(PaygentError) -> String? {
        var found: String?
        for item in items where item.name == name {
            guard found == nil else { throw PaygentError.invalid(name, "given more than once") }
            found = item.value
        }
        if let found, found.unicodeScalars.contains(where: { $0.value == 0 }) {
            throw PaygentError.invalid(name, "contains a NUL character")
        }
        return found
    }

    /// Text of at most `max` characters (an empty value counts as absent).
    public func string(_ name: String, max: Int = 200) throws(PaygentError) -> String? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        guard text.unicodeScalars.count <= max else {
            throw PaygentError.invalid(name, "too long (\(text.unicodeScalars.count) characters, at most \(max))")
        }
        return text
    }

    /// An id (1…128 characters, no whitespace or control characters).
    public func id(_ name: String) throws(PaygentError) -> String? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        return try Validate.id(text, field: name)
    }

    /// A decimal integer in `range` (digits only, an optional leading `-`; no exponent, no `+`).
    public func int(_ name: String, in range: ClosedRange<Int64>) throws(PaygentError) -> Int64? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw PaygentError.invalid(name, "must be an integer, got \(Self.echo(text))")
        }
        guard let number = Int64(text), range.contains(number) else {
            throw PaygentError.invalid(name, "must be between \(range.lowerBound) and \(range.upperBound), got \(Self.echo(text))")
        }
        return number
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, any case).
    public func bool(_ name: String) throws(PaygentError) -> Bool? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw PaygentError.invalid(name, "must be true or false, got \(Self.echo(text))")
        }
    }

    /// An ISO-8601 date or time (`2026-12-01`, `2026-12-01T10:00:00.123456Z`, `…+02:00`).
    public func timestamp(_ name: String) throws(PaygentError) -> Timestamp? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        guard text.utf8.count <= 64, let time = Timestamp(iso8601: text) else {
            throw PaygentError.invalid(name, "must be an ISO-8601 date or time (YYYY-MM-DD[THH:MM:SS[.fff…]][Z|±HH:MM]), got \(Self.echo(text))")
        }
        return time
    }

    /// An exact USD amount (`"0.10"`, at most 6 decimals, not negative).
    public func usd(_ name: String) throws(PaygentError) -> USDAmount? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        guard text.utf8.count <= 40 else { throw PaygentError.invalid(name, "too long for an amount, got \(Self.echo(text))") }
        return try Validate.usd(text, field: name)
    }

    /// An EVM address.
    public func address(_ name: String) throws(PaygentError) -> Address? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        return try Validate.address(text, field: name)
    }

    /// One of `T`'s raw values.
    public func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(PaygentError) -> T? where T.RawValue == String {
        guard let text = try value(name), !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else {
            throw PaygentError.invalid(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got \(Self.echo(text))")
        }
        return value
    }

    /// A decimal number in `range` with at most `fractionDigits` places (for scores, not money).
    public func decimal(_ name: String, in range: ClosedRange<Double>, fractionDigits: Int = 6) throws(PaygentError) -> Double? {
        guard let text = try value(name), !text.isEmpty else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits: (Substring) -> Bool = { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard text.utf8.count <= 24, isDigits(parts[0]), parts.count == 1 || (isDigits(parts[1]) && parts[1].count <= fractionDigits),
              let number = Double(text), range.contains(number)
        else {
            throw PaygentError.invalid(name, "must be a decimal from \(range.lowerBound) to \(range.upperBound) with at most \(fractionDigits) decimals, got \(Self.echo(text))")
        }
        return number
    }

    /// `offset` (0…10,000,000) and `limit` (1…100, default 20).
    public func page(defaultLimit: Int = 20) throws(PaygentError) -> PageRequest {
        let offset = try int("offset", in: 0...10_000_000) ?? 0
        let limit = try int("limit", in: 1...Int64(PageRequest.maximumLimit)) ?? Int64(defaultLimit)
        return PageRequest(offset: Int(offset), limit: Int(limit))
    }

    // MARK: Encoding

    /// Untrusted request text made safe to echo in a message or a log line: at most `max`
    /// characters (then `…`), control characters (C0, DEL, C1) replaced by `?`.
    public static func cleaned(_ text: String, max: Int) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(max) {
            out.unicodeScalars.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar)
        }
        return text.unicodeScalars.count > max ? out + "…" : out
    }

    /// `text` cut, cleaned and quoted for an error message.
    static func echo(_ text: String) -> String { "\"" + cleaned(text, max: 40) + "\"" }

    /// A parameter name safe to name in an error.
    static func fieldName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.prefix(64).filter { $0.value > 0x20 && $0.value < 0x7F }.map(Character.init))
        return cleaned.isEmpty ? "query" : cleaned
    }

    /// A percent-encoded path segment decoded (`+` stays a plus); nil on a malformed escape,
    /// invalid UTF-8 or a NUL.
    public static func decodePathSegment(_ segment: String) -> String? {
        decode(ArraySlice(segment.utf8), plusIsSpace: false)
    }

    /// Percent-decodes `bytes` (`+` is a space in a query); nil on a malformed escape, invalid UTF-8 or a NUL.
    static func decode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool = true) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        while index < bytes.endIndex {
            let c = bytes[index]
            if c == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && c == UInt8(ascii: "+") ? 0x20 : c)
                index += 1
            }
        }
        guard !out.contains(0) else { return nil }
        return String(validating: out, as: UTF8.self)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}
