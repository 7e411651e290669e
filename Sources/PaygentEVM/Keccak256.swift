/// Keccak-256 as Ethereum uses it (the original Keccak padding 0x01, not SHA3-256's 0x06).
///
/// The permutation is fully unrolled over local lanes and the sponge state lives on the stack,
/// so hashing allocates only the 32-byte result.
public enum Keccak256 {
    /// Bytes absorbed per block: (1600 − 2·256) / 8.
    static let rate = 136

    /// The 32-byte hash of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        let copy = Array(bytes)
        return copy.withUnsafeBytes { hash($0) }
    }

    /// The 32-byte hash of the bytes in `buffer`.
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            hash(buffer, into: UnsafeMutableRawPointer(out.baseAddress!))
            count = 32
        }
    }

    /// The 32-byte hash of a UTF-8 string.
    public static func hash(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// Hashes `buffer` and writes the 32-byte digest to `output`.
    public static func hash(_ buffer: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { stateBuffer in
            let s = stateBuffer.baseAddress!
            s.initialize(repeating: 0, count: 25)
            var remaining = buffer.count
            var p = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            while remaining >= rate {
                for i in 0..<17 {
                    s[i] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                }
                permute(s)
                p += rate
                remaining &-= rate
            }
            // Last (partial) block with multi-rate padding 0x01 … 0x80.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rate) { block in
                let b = block.baseAddress!
                b.initialize(repeating: 0, count: rate)
                if remaining > 0 { UnsafeMutableRawPointer(b).copyMemory(from: p, byteCount: remaining) }
                b[remaining] ^= 0x01
                b[rate - 1] ^= 0x80
                let raw = UnsafeRawPointer(b)
                for i in 0..<17 {
                    s[i] ^= UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                }
            }
            permute(s)
            for i in 0..<4 {
                output.storeBytes(of: s[i].littleEndian, toByteOffset: i &* 8, as: UInt64.self)
            }
        }
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x &<< n) | (x &>> (64 &- n)) }

    /// The round constants in immutable memory that lives for the whole process.
    nonisolated(unsafe) static let roundConstantTable: UnsafePointer<UInt64> = {
        var constants = roundConstants
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: 24)
        withUnsafeBytes(of: &constants) { table.initialize(from: $0.bindMemory(to: UInt64.self).baseAddress!, count: 24) }
        return UnsafePointer(table)
    }()

    static let roundConstants: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008
    )

    /// Keccak-f[1600] on 25 lanes at `s` (lane x + 5y at index x + 5y), fully unrolled.
    @inline(__always)
    static func permute(_ s: UnsafeMutablePointer<UInt64>) {
        var a00 = s[0]
        var a10 = s[1]
        var a20 = s[2]
        var a30 = s[3]
        var a40 = s[4]
        var a01 = s[5]
        var a11 = s[6]
        var a21 = s[7]
        var a31 = s[8]
        var a41 = s[9]
        var a02 = s[10]
        var a12 = s[11]
        var a22 = s[12]
        var a32 = s[13]
        var a42 = s[14]
        var a03 = s[15]
        var a13 = s[16]
        var a23 = s[17]
        var a33 = s[18]
        var a43 = s[19]
        var a04 = s[20]
        var a14 = s[21]
        var a24 = s[22]
        var a34 = s[23]
        var a44 = s[24]
        let rc = roundConstantTable
        var round = 0
        while round < 24 {
            // θ
            let c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04
            let c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14
            let c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24
            let c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34
            let c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44
            let d0 = c4 ^ ((c1 &<< 1) | (c1 &>> 63))
            let d1 = c0 ^ ((c2 &<< 1) | (c2 &>> 63))
            let d2 = c1 ^ ((c3 &<< 1) | (c3 &>> 63))
            let d3 = c2 ^ ((c4 &<< 1) | (c4 &>> 63))
            let d4 = c3 ^ ((c0 &<< 1) | (c0 &>> 63))
            // ρ and π
            let b00 = (a00 ^ d0)
            let b13 = rotl((a01 ^ d0), 36)
            let b21 = rotl((a02 ^ d0), 3)
            let b34 = rotl((a03 ^ d0), 41)
            let b42 = rotl((a04 ^ d0), 18)
            let b02 = rotl((a10 ^ d1), 1)
            let b10 = rotl((a11 ^ d1), 44)
            let b23 = rotl((a12 ^ d1), 10)
            let b31 = rotl((a13 ^ d1), 45)
            let b44 = rotl((a14 ^ d1), 2)
            let b04 = rotl((a20 ^ d2), 62)
            let b12 = rotl((a21 ^ d2), 6)
            let b20 = rotl((a22 ^ d2), 43)
            let b33 = rotl((a23 ^ d2), 15)
            let b41 = rotl((a24 ^ d2), 61)
            let b01 = rotl((a30 ^ d3), 28)
            let b14 = rotl((a31 ^ d3), 55)
            let b22 = rotl((a32 ^ d3), 25)
            let b30 = rotl((a33 ^ d3), 21)
            let b43 = rotl((a34 ^ d3), 56)
            let b03 = rotl((a40 ^ d4), 27)
            let b11 = rotl((a41 ^ d4), 20)
            let b24 = rotl((a42 ^ d4), 39)
            let b32 = rotl((a43 ^ d4), 8)
            let b40 = rotl((a44 ^ d4), 14)
            // χ
            a00 = b00 ^ (~b10 & b20)
            a10 = b10 ^ (~b20 & b30)
            a20 = b20 ^ (~b30 & b40)
            a30 = b30 ^ (~b40 & b00)
            a40 = b40 ^ (~b00 & b10)
            a01 = b01 ^ (~b11 & b21)
            a11 = b11 ^ (~b21 & b31)
            a21 = b21 ^ (~b31 & b41)
            a31 = b31 ^ (~b41 & b01)
            a41 = b41 ^ (~b01 & b11)
            a02 = b02 ^ (~b12 & b22)
            a12 = b12 ^ (~b22 & b32)
            a22 = b22 ^ (~b32 & b42)
            a32 = b32 ^ (~b42 & b02)
            a42 = b42 ^ (~b02 & b12)
            a03 = b03 ^ (~b13 & b23)
            a13 = b13 ^ (~b23 & b33)
            a23 = b23 ^ (~b33 & b43)
            a33 = b33 ^ (~b43 & b03)
            a43 = b43 ^ (~b03 & b13)
            a04 = b04 ^ (~b14 & b24)
            a14 = b14 ^ (~b24 & b34)
            a24 = b24 ^ (~b34 & b44)
            a34 = b34 ^ (~b44 & b04)
            a44 = b44 ^ (~b04 & b14)
            // ι
            a00 ^= rc[round]
            round += 1
        }
        s[0] = a00
        s[1] = a10
        s[2] = a20
        s[3] = a30
        s[4] = a40
        s[5] = a01
        s[6] = a11
        s[7] = a21
        s[8] = a31
        s[9] = a41
        s[10] = a02
        s[11] = a12
        s[12] = a22
        s[13] = a32
        s[14] = a42
        s[15] = a03
        s[16] = a13
        s[17] = a23
        s[18] = a33
        s[19] = a43
        s[20] = a04
        s[21] = a14
        s[22] = a24
        s[23] = a34
        s[24] = a44
    }
}
