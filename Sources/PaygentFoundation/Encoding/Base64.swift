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
        let result: Result<[UInt8], Base64Error> = input.withUnsafeBufferPointer { inputBuffer in
            decodeTable.withUnsafeBufferPointer { tableBuffer in
                decode(inputBuffer, table: tableBuffer)
            }
        }
        return try result.get()
    }

    private static func decode(_ input: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], Base64Error> {
        var length = input.count
        var padding = 0
        while length > 0, input[length - 1] == UInt8(ascii: "="), padding < 3 {
            length -= 1
            padding += 1
        }
        if padding > 0 {
            // Padded input must be a whole number of quads with 1 or 2 '='.
            guard input.count % 4 == 0 else { return .failure(.invalidLength(input.count)) }
            guard padding <= 2 else { return .failure(.invalidPadding) }
        }
        let remainder = length % 4
        guard remainder != 1 else { return .failure(.invalidLength(input.count)) }
        if padding > 0, (remainder == 2 ? 2 : remainder == 3 ? 1 : 0) != padding { return .failure(.invalidPadding) }

        var out = [UInt8](repeating: 0, count: length / 4 * 3 + (remainder == 0 ? 0 : remainder - 1))
        var failure: Base64Error?
        out.withUnsafeMutableBufferPointer { output in
            var i = 0, o = 0
            while i + 4 <= length {
                let a = table[Int(input[i])], b = table[Int(input[i + 1])]
                let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
                if (a | b | c | d) == 0xff {
                    for k in 0..<4 where table[Int(input[i + k])] == 0xff {
                        failure = .invalidCharacter(offset: i + k)
                        return
                    }
                }
                let n = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output[o] = UInt8(n >> 16)
                output[o + 1] = UInt8((n >> 8) & 0xff)
                output[o + 2] = UInt8(n & 0xff)
                i += 4
                o += 3
            }
            guard remainder > 0 else { return }
            var n: UInt32 = 0
            for k in 0..<remainder {
                let v = table[Int(input[i + k])]
                guard v != 0xff else {
                    failure = .invalidCharacter(offset: i + k)
                    return
                }
                n |= UInt32(v) << (18 - 6 * UInt32(k))
            }
            if remainder == 2 {
                guard n & 0xffff == 0 else { failure = .nonCanonical; return }
                output[o] = UInt8(n >> 16)
            } else {
                guard n & 0xff == 0 else { failure = .nonCanonical; return }
                output[o] = UInt8(n >> 16)
                output[o + 1] = UInt8((n >> 8) & 0xff)
            }
        }
        if let failure { return .failure(failure) }
        return .success(out)
    }
}
