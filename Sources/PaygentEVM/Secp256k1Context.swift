internal import CSecp256k1
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one libsecp256k1 context shared by the whole process.
///
/// It is created once, randomized against side channels with 32 bytes from the OS's secure
/// random source, and afterwards only used through `const` functions, which libsecp256k1
/// documents as safe to call concurrently.
final class Secp256k1Context: @unchecked Sendable {
    /// The context pointer; never mutated after `init`.
    let pointer: OpaquePointer

    /// The process-wide context.
    static let shared = Secp256k1Context()

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("secp256k1_context_create failed")
        }
        var seed = [UInt8](repeating: 0, count: 32)
        SecureRandom.fill(&seed)
        _ = secp256k1_context_randomize(context, seed)
        SecureRandom.zero(&seed)
        pointer = context
    }

    /// The curve order n, big-endian.
    static let order = UInt256(limbs: 0xBFD2_5E8C_D036_4141, 0xBAAE_DCE6_AF48_A03B, 0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFF_FFFF_FFFF)
    /// n / 2: the largest `s` a canonical (low-s) signature may have.
    static let halfOrder = UInt256(limbs: 0xDFE9_2F46_681B_20A0, 0x5D57_6E73_57A4_501D, 0xFFFF_FFFF_FFFF_FFFF, 0x7FFF_FFFF_FFFF_FFFF)
}

/// The operating system's cryptographically secure random source.
///
/// On Linux, `SystemRandomNumberGenerator` reads getrandom(2) (falling back to /dev/urandom)
/// and traps rather than return weak bytes, so filling cannot fail here.
enum SecureRandom {
    /// Fills `bytes` with secure random bytes.
    static func fill(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { fill($0) }
    }

    /// Fills `buffer` with secure random bytes.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var rng = SystemRandomNumberGenerator()
        var offset = 0
        while offset < buffer.count {
            var word = rng.next()
            let n = Swift.min(8, buffer.count - offset)
            withUnsafeBytes(of: &word) { buffer.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: n) }
            word = 0
            offset += n
        }
    }

    /// Overwrites `bytes` with zeros in a way the optimiser may not drop.
    static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { zero($0) }
    }

    /// Overwrites `buffer` with zeros in a way the optimiser may not drop.
    static func zero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if os(Linux)
        explicit_bzero(base, buffer.count)
        #else
        memset_s(base, buffer.count, 0, buffer.count)
        #endif
    }
}
