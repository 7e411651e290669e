/// Why base64 text was rejected.
public enum Base64Error: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCharacter(offset: Int)
    case invalidLength(Int)
    case invalidPadding
    case nonCanonical

    public var description: String {
        switch self {
        case .invalidCharacter(let offset): "invalid base64 character at offset \(offset)"
        case .invalidLength(let n): "invalid base64 length \(n)"
        case .invalidPadding: "invalid base64 padding"
        case .nonCanonical: "non-canonical base64 (unused bits set)"
        }
    }
}

/// Standard base64 (RFC 4648 §4, `+` and `/`), as used in every x402 header.
///
/// Encoding always pads. Decoding is strict: only the standard alphabet, no whitespace,
/// padding either complete or absent, and the unused trailing bits must be zero.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Encodes `bytes` with padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(alphabet[Int(n >> 18)])
            out.append(alphabet[Int((n >> 12) & 63)])
            out.append(alphabet[Int((n >> 6) & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = input.count - i
        if rest == 1 {
            let n = UInt32(input[i]) << 16
            out.append(alphabet[Int(n >> 18)])
            out.append(alphabet[Int((n >> 12) & 63)])
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        } else if rest == 2 {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            out.append(alphabet[Int(n >> 18)])
            out.append(alphabet[Int((n >> 12) & 63)])
            out.append(alphabet[Int((n >> 6) & 63)])
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes strict base64 text.
    public static func decode(_ text: String) throws(Base64Error) -> [UInt8] {
        try decode(utf8: Array(text.utf8))
    }

    /// Decodes strict base64 given as UTF-8 bytes.
    public static func decode(utf8 input: [UInt8]) throws(Base64Error) -> [UInt8] {
        var length = input.count
        var padding = 0
        while length > 0, input[length - 1] == UInt8(ascii: "="), padding < 3 {
            length -= 1
            padding += 1
        }
        if padding > 0 {
            // Padded input must be a whole number of quads with 1 or 2 '='.
            guard input.count % 4 == 0 else { throw .invalidLength(input.count) }
            guard padding <= 2 else { throw .invalidPadding }
        }
        let remainder = length % 4
        guard remainder != 1 else { throw .invalidLength(input.count) }
        if padding > 0, (remainder == 2 ? 2 : remainder == 3 ? 1 : 0) != padding { throw .invalidPadding }

        var out: [UInt8] = []
        out.reserveCapacity(length / 4 * 3 + 2)
        var i = 0
        while i + 4 <= length {
            let a = decodeTable[Int(input[i])], b = decodeTable[Int(input[i + 1])]
            let c = decodeTable[Int(input[i + 2])], d = decodeTable[Int(input[i + 3])]
            if (a | b | c | d) == 0xff {
                for k in 0..<4 where decodeTable[Int(input[i + k])] == 0xff { throw .invalidCharacter(offset: i + k) }
            }
            let n = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
            out.append(UInt8(n >> 16))
            out.append(UInt8((n >> 8) & 0xff))
            out.append(UInt8(n & 0xff))
            i += 4
        }
        if remainder > 0 {
            var n: UInt32 = 0
            for k in 0..<remainder {
                let v = decodeTable[Int(input[i + k])]
                guard v != 0xff else { throw .invalidCharacter(offset: i + k) }
                n |= UInt32(v) << (18 - 6 * UInt32(k))
            }
            if remainder == 2 {
                guard n & 0xffff == 0 else { throw .nonCanonical }
                out.append(UInt8(n >> 16))
            } else {
                guard n & 0xff == 0 else { throw .nonCanonical }
                out.append(UInt8(n >> 16))
                out.append(UInt8((n >> 8) & 0xff))
            }
        }
        return out
    }
}
