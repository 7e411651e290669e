/// EIP-712 signing digests.
public enum EIP712 {
    /// keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ structHash): the 32 bytes that get signed.
    public static func digest(domainSeparator: [UInt8], structHash: [UInt8]) -> [UInt8] {
        precondition(domainSeparator.count == 32 && structHash.count == 32, "EIP-712 hashes are 32 bytes")
        var buffer = [UInt8](repeating: 0, count: 66)
        buffer[0] = 0x19
        buffer[1] = 0x01
        buffer.replaceSubrange(2..<34, with: domainSeparator)
        buffer.replaceSubrange(34..<66, with: structHash)
        return Keccak256.hash(buffer)
    }
}

/// Appends 32-byte ABI words; the building block of EIP-712 `encodeData`.
struct ABIWords {
    var bytes: [UInt8] = []

    init(capacity words: Int = 8) { bytes.reserveCapacity(words * 32) }

    /// Appends a 32-byte value verbatim.
    mutating func append(word: [UInt8]) {
        precondition(word.count == 32)
        bytes.append(contentsOf: word)
    }

    /// Appends an unsigned integer, big-endian.
    mutating func append(_ value: UInt256) { bytes.append(contentsOf: value.bigEndianBytes) }

    /// Appends an address, left-padded with zeros.
    mutating func append(_ address: Address) {
        bytes.append(contentsOf: repeatElement(0, count: 12))
        bytes.append(contentsOf: address.bytes)
    }

    /// Appends up to 32 bytes, right-padded with zeros (a `bytesN` value).
    mutating func append(rightPadded value: [UInt8]) {
        precondition(value.count <= 32)
        bytes.append(contentsOf: value)
        bytes.append(contentsOf: repeatElement(0, count: 32 - value.count))
    }

    /// Appends keccak256 of `value` (a `string` or `bytes` value).
    mutating func append(hashOf value: [UInt8]) { bytes.append(contentsOf: Keccak256.hash(value)) }

    /// keccak256 of everything appended.
    var hash: [UInt8] { Keccak256.hash(bytes) }
}
