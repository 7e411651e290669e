/// Serialises ``JSONValue``: exactly like the reference Python implementation does (for x402
/// messages), compact with sorted keys (deterministic text for stores and logs), or indented for
/// people (``pretty(_:sortedKeys:)``).
public enum JSONWriter {
    /// The byte layout to reproduce.
    public enum Style: Sendable, Hashable {
        /// Pydantic's `model_dump_json()`: no whitespace, non-ASCII written as UTF-8.
        /// Used by the reference for `PAYMENT-REQUIRED`, `PAYMENT-SIGNATURE` and facilitator bodies.
        case compact
        /// Python's `json.dumps()` defaults: `", "` and `": "` separators, non-ASCII escaped
        /// as `\uXXXX`. Used by the reference for `PAYMENT-RESPONSE`.
        case python
        /// Like ``compact`` with object members sorted by key: the same value always gives the
        /// same text, whatever order its members were built in.
        case sortedKeys
    }

    /// Encodes `value` as UTF-8 bytes.
    public static func encode(_ value: JSONValue, style: Style = .compact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, style: style, into: &out)
        return out
    }

    /// Encodes `value` as a string.
    public static func string(_ value: JSONValue, style: Style = .compact) -> String {
        String(decoding: encode(value, style: style), as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func write(_ value: JSONValue, style: Style, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): writeString(s, asciiOnly: style == .python, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { appendItemSeparator(style, &out) }
                write(element, style: style, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in (style == .sortedKeys ? object.sortedMembers : object.members).enumerated() {
                if i > 0 { appendItemSeparator(style, &out) }
                writeString(member.key, asciiOnly: style == .python, into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .python { out.append(UInt8(ascii: " ")) }
                write(member.value, style: style, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Indented JSON for people: two spaces per level, `"key": value`, empty arrays and objects
    /// as `[]` and `{}`; members in their order, or sorted by key when `sortedKeys`.
    public static func pretty(_ value: JSONValue, sortedKeys: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writePretty(value, sortedKeys: sortedKeys, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendIndent(_ level: Int, _ out: inout [UInt8]) {
        out.append(0x0a)
        for _ in 0..<level { out.append(0x20); out.append(0x20) }
    }

    private static func writePretty(_ value: JSONValue, sortedKeys: Bool, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendIndent(indent + 1, &out)
                writePretty(element, sortedKeys: sortedKeys, indent: indent + 1, into: &out)
            }
            appendIndent(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object) where !object.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, member) in (sortedKeys ? object.sortedMembers : object.members).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendIndent(indent + 1, &out)
                writeString(member.key, asciiOnly: false, into: &out)
                out.append(UInt8(ascii: ":"))
                out.append(UInt8(ascii: " "))
                writePretty(member.value, sortedKeys: sortedKeys, indent: indent + 1, into: &out)
            }
            appendIndent(indent, &out)
            out.append(UInt8(ascii: "}"))
        default:
            write(value, style: .compact, into: &out)
        }
    }

    private static func appendItemSeparator(_ style: Style, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        if style == .python { out.append(UInt8(ascii: " ")) }
    }

    private static func appendUnicodeEscape(_ unit: UInt16, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        out.append(hexDigits[Int(unit >> 12)])
        out.append(hexDigits[Int((unit >> 8) & 0xf)])
        out.append(hexDigits[Int((unit >> 4) & 0xf)])
        out.append(hexDigits[Int(unit & 0xf)])
    }

    static func writeString(_ s: String, asciiOnly: Bool, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(contentsOf: [0x5c, 0x22])
            case 0x5c: out.append(contentsOf: [0x5c, 0x5c])
            case 0x0a: out.append(contentsOf: [0x5c, UInt8(ascii: "n")])
            case 0x0d: out.append(contentsOf: [0x5c, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5c, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [0x5c, UInt8(ascii: "b")])
            case 0x0c: out.append(contentsOf: [0x5c, UInt8(ascii: "f")])
            case 0..<0x20: appendUnicodeEscape(UInt16(v), into: &out)
            case 0x20..<0x7f: out.append(UInt8(v))
            default:
                if !asciiOnly {
                    out.append(contentsOf: String(scalar).utf8)
                } else if v < 0x10000 {
                    appendUnicodeEscape(UInt16(v), into: &out)
                } else {
                    let offset = v - 0x10000
                    appendUnicodeEscape(UInt16(0xd800 + (offset >> 10)), into: &out)
                    appendUnicodeEscape(UInt16(0xdc00 + (offset & 0x3ff)), into: &out)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
