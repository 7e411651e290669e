#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// 80 random bits in lowercase hex after the prefix (`ses_4f1c0d9a3b7e2a6c5d18`).
public struct RandomIDGenerator: IDGenerator {
    /// Creates the generator.
    public init() {}

    public func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return IDText.make(prefix, high: UInt64(UInt16.random(in: .min ... .max, using: &generator)), highDigits: 4,
                           low: UInt64.random(in: .min ... .max, using: &generator), lowDigits: 16)
    }
}

/// The default: 44 bits of Unix milliseconds, then 36 random bits, as 20 lowercase hex digits
/// after the prefix (`pay_19ab2c3d4e5f0a1b2c3d`).
///
/// Ids made later sort later (to the millisecond), so a new row lands at the right-hand edge of
/// every index keyed by id instead of on a random page: a commit of many payments touches a few
/// pages rather than one per payment, which is most of what a commit costs. 36 random bits per
/// millisecond keep ids unique without coordination between processes.
public struct TimeOrderedIDGenerator: IDGenerator {
    /// Creates the generator.
    public init() {}

    public func make(_ prefix: String) -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let milliseconds = UInt64(spec.tv_sec) &* 1000 &+ UInt64(spec.tv_nsec) / 1_000_000
        var generator = SystemRandomNumberGenerator()
        return IDText.make(prefix, high: milliseconds & (1 << 44 - 1), highDigits: 11,
                           low: UInt64.random(in: 0 ..< 1 << 36, using: &generator), lowDigits: 9)
    }
}

/// Spelling of ids: `prefix_` and two fixed-width lowercase hex numbers.
enum IDText {
    static func make(_ prefix: String, high: UInt64, highDigits: Int, low: UInt64, lowDigits: Int) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](prefix.utf8)
        bytes.append(UInt8(ascii: "_"))
        for shift in stride(from: (highDigits - 1) * 4, through: 0, by: -4) { bytes.append(digits[Int(high >> UInt64(shift) & 0xF)]) }
        for shift in stride(from: (lowDigits - 1) * 4, through: 0, by: -4) { bytes.append(digits[Int(low >> UInt64(shift) & 0xF)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
