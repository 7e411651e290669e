/// An unsigned 256-bit integer: token amounts in base units and ABI words.
///
/// Stored as four 64-bit limbs, least significant first. Arithmetic operators trap on
/// overflow like `Int`'s; the `…ReportingOverflow` methods wrap and report instead.
/// Encodes to JSON as a decimal string (as x402 does) and decodes from a decimal string,
/// a `0x` hex string, or a JSON integer.
public struct UInt256: Sendable, Hashable {
    /// Limb 0 is the least significant.
    @usableFromInline var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Creates a value from its four limbs, least significant first.
    @inlinable
    public init(limbs w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// Creates a value from a 64-bit integer.
    @inlinable
    public init(_ v: UInt64) { self.init(limbs: v, 0, 0, 0) }

    /// Creates a value from a non-negative `Int`; traps on a negative value, like `UInt(_:)`.
    @inlinable
    public init(_ v: Int) {
        precondition(v >= 0, "UInt256 cannot represent a negative value")
        self.init(limbs: UInt64(v), 0, 0, 0)
    }

    /// Creates a value from `v`, or nil when it is negative.
    @inlinable
    public init?(exactly v: Int) {
        guard v >= 0 else { return nil }
        self.init(limbs: UInt64(v), 0, 0, 0)
    }

    /// Zero.
    public static let zero = UInt256(limbs: 0, 0, 0, 0)
    /// 2^256 − 1.
    public static let max = UInt256(limbs: .max, .max, .max, .max)

    /// The limbs, least significant first.
    public var limbs: [UInt64] { [w0, w1, w2, w3] }

    /// The value as a `UInt64` if it fits, else nil.
    public var uint64Value: UInt64? { (w1 | w2 | w3) == 0 ? w0 : nil }

    /// Whether the value is zero.
    public var isZero: Bool { (w0 | w1 | w2 | w3) == 0 }

    /// The number of significant bits (0 for zero).
    public var bitWidth: Int {
        if w3 != 0 { return 256 - w3.leadingZeroBitCount }
        if w2 != 0 { return 192 - w2.leadingZeroBitCount }
        if w1 != 0 { return 128 - w1.leadingZeroBitCount }
        return 64 - w0.leadingZeroBitCount
    }

    @inline(__always) func limb(_ i: Int) -> UInt64 {
        switch i { case 0: w0; case 1: w1; case 2: w2; default: w3 }
    }

    @inline(__always) mutating func setLimb(_ i: Int, _ v: UInt64) {
        switch i { case 0: w0 = v; case 1: w1 = v; case 2: w2 = v; default: w3 = v }
    }
}

// MARK: - Parsing

extension UInt256 {
    /// A failure to parse a 256-bit integer.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// No digits.
        case empty
        /// A character that is not a digit of the expected base.
        case invalidCharacter(Character)
        /// The value does not fit in 256 bits.
        case overflow

        public var description: String {
            switch self {
            case .empty: "empty number"
            case .invalidCharacter(let c): "invalid digit \(String(reflecting: c))"
            case .overflow: "number does not fit in 256 bits"
            }
        }
    }

    /// Parses a non-negative decimal integer ("0", "100000"; no sign, no separators).
    public init(decimal text: String) throws(ParseError) {
        var result = UInt256.zero
        var any = false
        for c in text.utf8 {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else {
                throw .invalidCharacter(Character(Unicode.Scalar(c)))
            }
            any = true
            let (m, o1) = result.multipliedReportingOverflow(byWord: 10)
            let (s, o2) = m.addingReportingOverflow(UInt256(UInt64(c &- UInt8(ascii: "0"))))
            if o1 || o2 { throw .overflow }
            result = s
        }
        if !any {
            // A non-ASCII character produces no digit above; report it as invalid rather than empty.
            if let first = text.first { throw .invalidCharacter(first) }
            throw .empty
        }
        self = result
    }

    /// Parses a hexadecimal integer; the `0x` prefix is optional, case-insensitive, up to 64 digits
    /// (leading zeros beyond that are allowed).
    public init(hex text: String) throws(ParseError) {
        var utf8 = Substring(text).utf8[...]
        if utf8.count >= 2, utf8.first == UInt8(ascii: "0"),
           let x = utf8.dropFirst().first, x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            utf8 = utf8.dropFirst(2)
        }
        guard !utf8.isEmpty else { throw .empty }
        var result = UInt256.zero
        for c in utf8 {
            guard let n = Hex.nibble(c) else {
                if c < 0x80 { throw .invalidCharacter(Character(Unicode.Scalar(c))) }
                throw .invalidCharacter(text.first(where: { $0.utf8.count > 1 }) ?? "?")
            }
            if result.w3 >> 60 != 0 { throw .overflow }
            result = result.shiftedLeft(4)
            result.w0 |= UInt64(n)
        }
        self = result
    }

    /// Reads at most 32 big-endian bytes (fewer bytes are left-padded with zeros).
    public init(bigEndianBytes bytes: some Collection<UInt8>) throws(ParseError) {
        guard bytes.count <= 32 else { throw .overflow }
        var result = UInt256.zero
        for b in bytes {
            result = result.shiftedLeft(8)
            result.w0 |= UInt64(b)
        }
        self = result
    }

    /// Reads exactly 32 big-endian bytes from `pointer`.
    @inlinable
    init(bigEndian32 p: UnsafeRawPointer) {
        self.init(limbs: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)),
                  UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                  UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                  UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt64.self)))
    }

    /// The 32-byte big-endian representation (an ABI word).
    public var bigEndianBytes: [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            raw.storeBytes(of: w3.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: w2.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: w1.bigEndian, toByteOffset: 16, as: UInt64.self)
            raw.storeBytes(of: w0.bigEndian, toByteOffset: 24, as: UInt64.self)
            count = 32
        }
    }

    /// Lower-case hex with a `0x` prefix and no leading zeros ("0x0" for zero).
    public var hexString: String {
        if isZero { return "0x0" }
        var s = ""
        var started = false
        for i in stride(from: 3, through: 0, by: -1) {
            let l = limb(i)
            if started {
                let h = String(l, radix: 16)
                s += String(repeating: "0", count: 16 - h.count) + h
            } else if l != 0 {
                s = String(l, radix: 16)
                started = true
            }
        }
        return "0x" + s
    }
}

// MARK: - Arithmetic

extension UInt256 {
    /// Wrapping addition, reporting whether it overflowed.
    @inlinable
    public func addingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, c0) = w0.addingReportingOverflow(rhs.w0)
        var (r1, c1) = w1.addingReportingOverflow(rhs.w1)
        if c0 { let (t, c) = r1.addingReportingOverflow(1); r1 = t; c1 = c1 || c }
        var (r2, c2) = w2.addingReportingOverflow(rhs.w2)
        if c1 { let (t, c) = r2.addingReportingOverflow(1); r2 = t; c2 = c2 || c }
        var (r3, c3) = w3.addingReportingOverflow(rhs.w3)
        if c2 { let (t, c) = r3.addingReportingOverflow(1); r3 = t; c3 = c3 || c }
        return (UInt256(limbs: r0, r1, r2, r3), c3)
    }

    /// Wrapping subtraction, reporting whether it underflowed.
    @inlinable
    public func subtractingReportingOverflow(_ rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        let (r0, b0) = w0.subtractingReportingOverflow(rhs.w0)
        var (r1, b1) = w1.subtractingReportingOverflow(rhs.w1)
        if b0 { let (t, b) = r1.subtractingReportingOverflow(1); r1 = t; b1 = b1 || b }
        var (r2, b2) = w2.subtractingReportingOverflow(rhs.w2)
        if b1 { let (t, b) = r2.subtractingReportingOverflow(1); r2 = t; b2 = b2 || b }
        var (r3, b3) = w3.subtractingReportingOverflow(rhs.w3)
        if b2 { let (t, b) = r3.subtractingReportingOverflow(1); r3 = t; b3 = b3 || b }
        return (UInt256(limbs: r0, r1, r2, r3), b3)
    }

    /// Wrapping multiplication by a 64-bit factor, reporting whether it overflowed.
    func multipliedReportingOverflow(byWord rhs: UInt64) -> (partialValue: UInt256, overflow: Bool) {
        var out = UInt256.zero
        var carry: UInt64 = 0
        for i in 0..<4 {
            let (hi, lo) = limb(i).multipliedFullWidth(by: rhs)
            let (sum, c) = lo.addingReportingOverflow(carry)
            out.setLimb(i, sum)
            carry = hi &+ (c ? 1 : 0)
        }
        return (out, carry != 0)
    }

    /// Wrapping multiplication, reporting whether it overflowed.
    public func multipliedReportingOverflow(by rhs: UInt256) -> (partialValue: UInt256, overflow: Bool) {
        var r: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var overflow = false
        withUnsafeMutableBytes(of: &r) { raw in
            let out = raw.bindMemory(to: UInt64.self)
            for i in 0..<4 {
                let a = limb(i)
                if a == 0 { continue }
                var carry: UInt64 = 0
                for j in 0..<4 {
                    let (hi, lo) = a.multipliedFullWidth(by: rhs.limb(j))
                    let (s1, c1) = out[i + j].addingReportingOverflow(lo)
                    let (s2, c2) = s1.addingReportingOverflow(carry)
                    out[i + j] = s2
                    carry = hi &+ (c1 ? 1 : 0) &+ (c2 ? 1 : 0)
                }
                out[i + 4] = carry
            }
            overflow = (out[4] | out[5] | out[6] | out[7]) != 0
        }
        return (UInt256(limbs: r.0, r.1, r.2, r.3), overflow)
    }

    /// Division with remainder by a non-zero 64-bit divisor.
    func quotientAndRemainder(dividingBy d: UInt64) -> (quotient: UInt256, remainder: UInt64) {
        precondition(d != 0, "Division by zero")
        var q = UInt256.zero
        var rem: UInt64 = 0
        for i in stride(from: 3, through: 0, by: -1) {
            let (qi, r) = d.dividingFullWidth((rem, limb(i)))
            q.setLimb(i, qi)
            rem = r
        }
        return (q, rem)
    }

    /// Division with remainder; traps when `divisor` is zero.
    public func quotientAndRemainder(dividingBy divisor: UInt256) -> (quotient: UInt256, remainder: UInt256) {
        precondition(!divisor.isZero, "Division by zero")
        if let d = divisor.uint64Value {
            let (q, r) = quotientAndRemainder(dividingBy: d)
            return (q, UInt256(r))
        }
        if self < divisor { return (.zero, self) }
        // Binary long division over the significant bits only.
        var q = UInt256.zero
        var r = UInt256.zero
        for bit in stride(from: bitWidth - 1, through: 0, by: -1) {
            r = r.shiftedLeft(1)
            if (limb(bit / 64) >> UInt64(bit % 64)) & 1 == 1 { r.w0 |= 1 }
            if r >= divisor {
                r = r.subtractingReportingOverflow(divisor).partialValue
                q.setLimb(bit / 64, q.limb(bit / 64) | (1 << UInt64(bit % 64)))
            }
        }
        return (q, r)
    }

    /// Shifts left by `n` bits (0 ≤ n < 256), discarding bits shifted out.
    func shiftedLeft(_ n: Int) -> UInt256 {
        if n == 0 { return self }
        if n >= 256 { return .zero }
        let limbShift = n / 64, bitShift = UInt64(n % 64)
        var out = UInt256.zero
        for i in stride(from: 3, through: limbShift, by: -1) {
            var v = limb(i - limbShift) << bitShift
            if bitShift != 0, i - limbShift - 1 >= 0 { v |= limb(i - limbShift - 1) >> (64 - bitShift) }
            out.setLimb(i, v)
        }
        return out
    }

    /// Traps on overflow.
    public static func + (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (v, o) = lhs.addingReportingOverflow(rhs)
        precondition(!o, "UInt256 addition overflow")
        return v
    }

    /// Traps on underflow.
    public static func - (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (v, o) = lhs.subtractingReportingOverflow(rhs)
        precondition(!o, "UInt256 subtraction underflow")
        return v
    }

    /// Traps on overflow.
    public static func * (lhs: UInt256, rhs: UInt256) -> UInt256 {
        let (v, o) = lhs.multipliedReportingOverflow(by: rhs)
        precondition(!o, "UInt256 multiplication overflow")
        return v
    }

    /// Traps when `rhs` is zero.
    public static func / (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.quotientAndRemainder(dividingBy: rhs).quotient }

    /// Traps when `rhs` is zero.
    public static func % (lhs: UInt256, rhs: UInt256) -> UInt256 { lhs.quotientAndRemainder(dividingBy: rhs).remainder }

    public static func += (lhs: inout UInt256, rhs: UInt256) { lhs = lhs + rhs }
    public static func -= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs - rhs }
    public static func *= (lhs: inout UInt256, rhs: UInt256) { lhs = lhs * rhs }

    /// 10^exponent, or nil when it does not fit (exponent > 77).
    public static func powerOfTen(_ exponent: Int) -> UInt256? {
        guard exponent >= 0 else { return nil }
        var v = UInt256(1)
        for _ in 0..<exponent {
            let (m, o) = v.multipliedReportingOverflow(byWord: 10)
            if o { return nil }
            v = m
        }
        return v
    }
}

// MARK: - Protocols

extension UInt256: Comparable {
    @inlinable
    public static func < (lhs: UInt256, rhs: UInt256) -> Bool {
        if lhs.w3 != rhs.w3 { return lhs.w3 < rhs.w3 }
        if lhs.w2 != rhs.w2 { return lhs.w2 < rhs.w2 }
        if lhs.w1 != rhs.w1 { return lhs.w1 < rhs.w1 }
        return lhs.w0 < rhs.w0
    }
}

extension UInt256: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(value) }
}

extension UInt256: CustomStringConvertible {
    /// The decimal representation.
    public var description: String {
        if let small = uint64Value { return String(small) }
        // Peel off 19 decimal digits at a time.
        var chunks: [UInt64] = []
        var v = self
        let chunk: UInt64 = 10_000_000_000_000_000_000
        while !v.isZero {
            let (q, r) = v.quotientAndRemainder(dividingBy: chunk)
            chunks.append(r)
            v = q
        }
        var s = String(chunks.removeLast())
        for c in chunks.reversed() {
            let part = String(c)
            s += String(repeating: "0", count: 19 - part.count) + part
        }
        return s
    }
}

extension UInt256: Codable {
    /// Decodes a decimal string, a `0x` hex string, or a JSON integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            do {
                if text.hasPrefix("0x") || text.hasPrefix("0X") {
                    self = try UInt256(hex: text)
                } else {
                    self = try UInt256(decimal: text)
                }
            } catch {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid uint256 \(String(reflecting: text)): \(error)")
            }
            return
        }
        if let n = try? container.decode(UInt64.self) {
            self.init(n)
            return
        }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a uint256 as a decimal string or a non-negative integer")
    }

    /// Encodes as a decimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
