/// A failure to parse an Ethereum address.
public enum AddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not 40 hex digits (optionally after `0x`); the number of bytes seen is given when known.
    case invalidLength(Int)
    /// A character that is not a hex digit.
    case invalidCharacter(Character)
    /// Mixed-case text whose capitalisation does not match the EIP-55 checksum.
    case invalidChecksum(expected: String)

    public var description: String {
        switch self {
        case .invalidLength(let n): "an address is 20 bytes (40 hex digits), got \(n) bytes"
        case .invalidCharacter(let c): "invalid character \(String(reflecting: c)) in address"
        case .invalidChecksum(let expected): "address checksum mismatch (EIP-55 spelling is \(expected))"
        }
    }
}

/// A 20-byte Ethereum address.
///
/// Parsing follows EIP-55: all-lower-case and all-upper-case hex are accepted without a checksum;
/// mixed case must match the checksum exactly. `description` and the JSON encoding use the
/// checksummed form.
public struct Address: Sendable, Hashable {
    /// The 20 address bytes.
    public let bytes: [UInt8]

    /// The zero address `0x0000…0000`.
    public static let zero = Address(validated: [UInt8](repeating: 0, count: 20))

    init(validated bytes: [UInt8]) { self.bytes = bytes }

    /// Wraps 20 raw bytes.
    public init(bytes: [UInt8]) throws(AddressError) {
        guard bytes.count == 20 else { throw .invalidLength(bytes.count) }
        self.bytes = bytes
    }

    /// Parses `0x`-prefixed (or bare) hex, validating the EIP-55 checksum of mixed-case input.
    public init(_ text: String) throws(AddressError) {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") {
            utf8.removeFirst(2)
        }
        var hasLower = false, hasUpper = false
        var raw = [UInt8](repeating: 0, count: 20)
        for (i, c) in utf8.enumerated() {
            guard let n = Hex.nibble(c) else {
                throw .invalidCharacter(c < 0x80 ? Character(Unicode.Scalar(c)) : (text.first { $0.utf8.count > 1 } ?? "?"))
            }
            if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f") { hasLower = true }
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F") { hasUpper = true }
            if i < 40 { raw[i / 2] |= i % 2 == 0 ? n << 4 : n }
        }
        guard utf8.count == 40 else { throw .invalidLength(utf8.count / 2) }
        let address = Address(validated: raw)
        if hasLower && hasUpper {
            let expected = address.checksummed
            guard Array(expected.utf8.dropFirst(2)) == utf8 else { throw .invalidChecksum(expected: expected) }
        }
        self = address
    }

    /// The address of `publicKey`: the last 20 bytes of keccak256 of the 64-byte point (without the 0x04 prefix).
    init(publicKeyUncompressed key: UnsafeRawBufferPointer) {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { out in
            Keccak256.hash(UnsafeRawBufferPointer(rebasing: key[1..<65]), into: out.baseAddress!)
        }
        bytes = withUnsafeBytes(of: &digest) { Array($0[12..<32]) }
    }

    /// Lower-case hex with `0x`.
    public var lowercasedHex: String { Hex.encode(bytes) }

    /// The EIP-55 mixed-case checksum encoding with `0x` (memoised, see ``ChecksumCache``).
    public var checksummed: String { ChecksumCache.checksummed(self) }

    /// Computes the EIP-55 encoding.
    func computeChecksummed() -> String {
        let lower = Hex.encode(bytes, prefix: false)
        let hash = Keccak256.hash(lower)
        var out = Array("0x".utf8)
        out.reserveCapacity(42)
        for (i, c) in lower.utf8.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
            if c >= UInt8(ascii: "a") && nibble >= 8 { out.append(c - 32) } else { out.append(c) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Address: CustomStringConvertible {
    /// The EIP-55 checksummed form.
    public var description: String { checksummed }
}

extension Address: Comparable {
    /// Orders by the raw bytes (the same order as their lower-case hex).
    public static func < (lhs: Address, rhs: Address) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

extension Address: Codable {
    /// Decodes a hex string, validating the checksum of mixed-case input.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Address(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid address \(String(reflecting: text)): \(error)")
        }
    }

    /// Encodes the checksummed form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(checksummed)
    }
}
