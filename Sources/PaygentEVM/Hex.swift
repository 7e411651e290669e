/// A failure to decode hexadecimal text.
public enum HexError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text (after an optional `0x`) has an odd number of digits.
    case oddLength(Int)
    /// A character that is not a hexadecimal digit, with its offset in the input.
    case invalidCharacter(Character, offset: Int)

    public var description: String {
        switch self {
        case .oddLength(let n): "hex string has an odd number of digits (\(n))"
        case .invalidCharacter(let c, let offset): "invalid hex character \(String(reflecting: c)) at offset \(offset)"
        }
    }
}

/// Hexadecimal encoding and decoding of byte strings.
public enum Hex {
    private static let lowerDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lower-case hex, prefixed with `0x` unless `prefix` is false.
    public static func encode(_ bytes: some Collection<UInt8>, prefix: Bool = true) -> String {
        let count = bytes.count * 2 + (prefix ? 2 : 0)
        return String(unsafeUninitializedCapacity: count) { out in
            var i = 0
            if prefix {
                out[0] = UInt8(ascii: "0"); out[1] = UInt8(ascii: "x"); i = 2
            }
            lowerDigits.withUnsafeBufferPointer { digits in
                for b in bytes {
                    out[i] = digits[Int(b >> 4)]
                    out[i + 1] = digits[Int(b & 0x0f)]
                    i += 2
                }
            }
            return count
        }
    }

    /// Decodes hex text (`0x` optional, even length, case-insensitive) into bytes.
    public static func decode(_ text: String) throws(HexError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var start = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") {
            start = 2
        }
        let digits = utf8.count - start
        guard digits % 2 == 0 else {
            // Report a bad character first if there is one: it is the more useful message.
            for i in start..<utf8.count where nibble(utf8[i]) == nil { throw .invalidCharacter(character(in: text, utf8Offset: i), offset: i) }
            throw .oddLength(digits)
        }
        var out = [UInt8](repeating: 0, count: digits / 2)
        var j = 0
        var i = start
        while i < utf8.count {
            guard let hi = nibble(utf8[i]) else { throw .invalidCharacter(character(in: text, utf8Offset: i), offset: i) }
            guard let lo = nibble(utf8[i + 1]) else { throw .invalidCharacter(character(in: text, utf8Offset: i + 1), offset: i + 1) }
            out[j] = hi << 4 | lo
            j += 1
            i += 2
        }
        return out
    }

    /// The value of one ASCII hex digit, or nil.
    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    private static func character(in text: String, utf8Offset: Int) -> Character {
        var offset = 0
        for ch in text {
            let n = ch.utf8.count
            if utf8Offset < offset + n { return ch }
            offset += n
        }
        return "?"
    }
}
