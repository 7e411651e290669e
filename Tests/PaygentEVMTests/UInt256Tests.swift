import Foundation
import Testing
@testable import PaygentEVM

@Suite struct UInt256Tests {
    static let maxDecimal = "115792089237316195423570985008687907853269984665640564039457584007913129639935"

    @Test func parsesDecimalExactly() throws {
        #expect(try UInt256(decimal: "0") == .zero)
        #expect(try UInt256(decimal: "100000") == 100_000)
        #expect(try UInt256(decimal: "18446744073709551616") == UInt256(limbs: 0, 1, 0, 0))
        #expect(try UInt256(decimal: Self.maxDecimal) == .max)
        #expect(try UInt256(decimal: "000123") == 123)
    }

    @Test func rejectsBadDecimal() {
        #expect(throws: UInt256.ParseError.empty) { try UInt256(decimal: "") }
        #expect(throws: UInt256.ParseError.invalidCharacter("-")) { try UInt256(decimal: "-1") }
        #expect(throws: UInt256.ParseError.invalidCharacter(".")) { try UInt256(decimal: "1.5") }
        #expect(throws: UInt256.ParseError.invalidCharacter(" ")) { try UInt256(decimal: " 1") }
        #expect(throws: UInt256.ParseError.overflow) {
            try UInt256(decimal: "115792089237316195423570985008687907853269984665640564039457584007913129639936")
        }
    }

    @Test func parsesHex() throws {
        #expect(try UInt256(hex: "0x0") == .zero)
        #expect(try UInt256(hex: "ff") == 255)
        #expect(try UInt256(hex: "0XFF") == 255)
        #expect(try UInt256(hex: "0x" + String(repeating: "f", count: 64)) == .max)
        #expect(try UInt256(hex: "0x000" + String(repeating: "f", count: 64)) == .max)
        #expect(throws: UInt256.ParseError.overflow) { try UInt256(hex: "0x1" + String(repeating: "0", count: 64)) }
        #expect(throws: UInt256.ParseError.empty) { try UInt256(hex: "0x") }
        #expect(throws: UInt256.ParseError.invalidCharacter("g")) { try UInt256(hex: "0xg") }
    }

    @Test func bigEndianBytesRoundTrip() throws {
        let value = try UInt256(hex: "0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")
        #expect(value.bigEndianBytes == Array(1...32))
        #expect(try UInt256(bigEndianBytes: Array(1...32)) == value)
        #expect(try UInt256(bigEndianBytes: [0x01, 0x00]) == 256)
        #expect(try UInt256(bigEndianBytes: [UInt8]()) == .zero)
        #expect(UInt256(1).bigEndianBytes == [UInt8](repeating: 0, count: 31) + [1])
        #expect(throws: UInt256.ParseError.overflow) { try UInt256(bigEndianBytes: [UInt8](repeating: 1, count: 33)) }
    }

    @Test func formatsDecimalAndHex() throws {
        #expect(UInt256.zero.description == "0")
        #expect(UInt256.max.description == Self.maxDecimal)
        #expect(UInt256(limbs: 0, 1, 0, 0).description == "18446744073709551616")
        #expect(try UInt256(decimal: "10000000000000000000").description == "10000000000000000000")
        #expect(UInt256(255).hexString == "0xff")
        #expect(UInt256.zero.hexString == "0x0")
        #expect(UInt256(limbs: 1, 1, 0, 0).hexString == "0x10000000000000001")
    }

    @Test func arithmeticReportsOverflow() {
        #expect(UInt256.max.addingReportingOverflow(1) == (.zero, true))
        #expect(UInt256.zero.subtractingReportingOverflow(1) == (.max, true))
        #expect(UInt256(limbs: .max, 0, 0, 0) + 1 == UInt256(limbs: 0, 1, 0, 0))
        #expect(UInt256(limbs: 0, 1, 0, 0) - 1 == UInt256(limbs: .max, 0, 0, 0))
        #expect(UInt256.max.multipliedReportingOverflow(by: UInt256(2)).overflow)
        #expect(!UInt256(limbs: 0, 0, 0, 1).multipliedReportingOverflow(by: UInt256(1)).overflow)
        #expect(UInt256(limbs: 0, 0, 1, 0).multipliedReportingOverflow(by: UInt256(limbs: 0, 0, 1, 0)).overflow)
        #expect(UInt256(limbs: 0, 1, 0, 0) * UInt256(limbs: 0, 1, 0, 0) == UInt256(limbs: 0, 0, 1, 0))
        #expect(UInt256(1_000_000) * 1_000_000 == 1_000_000_000_000)
        #expect(UInt256(10).multipliedReportingOverflow(by: 10) == (100, false))
        #expect(UInt256(exactly: -1) == nil)
        #expect(UInt256(exactly: 5) == 5)
        #expect(UInt256(Int(7)) == 7)
    }

    @Test func divisionMatchesMultiplication() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<500 {
            // q has up to 128 bits, d up to 128 bits, r < d: q·d + r never overflows.
            let q = UInt256(limbs: rng.next(), rng.next() >> UInt64.random(in: 0..<64, using: &rng), 0, 0)
            let d = UInt256(limbs: rng.next() | 1, rng.next() >> UInt64.random(in: 0..<64, using: &rng), 0, 0)
            let r = UInt256(limbs: rng.next(), 0, 0, 0) % d
            let n = q * d + r
            let (q2, r2) = n.quotientAndRemainder(dividingBy: d)
            #expect(q2 == q && r2 == r)
        }
        #expect(UInt256.max / UInt256.max == 1)
        #expect(UInt256.max % 10 == 5)
        #expect(UInt256(7) / UInt256(limbs: 0, 1, 0, 0) == .zero)
    }

    @Test func comparesByMagnitude() {
        #expect(UInt256(limbs: .max, 0, 0, 0) < UInt256(limbs: 0, 1, 0, 0))
        #expect(UInt256(limbs: 0, 0, 0, 1) > UInt256(limbs: .max, .max, .max, 0))
        #expect(UInt256(3) == 3)
        #expect(UInt256(limbs: 5, 0, 0, 0).uint64Value == 5)
        #expect(UInt256(limbs: 5, 0, 1, 0).uint64Value == nil)
    }

    @Test func codableAsDecimalString() throws {
        let encoded = try JSONEncoder().encode([UInt256.max])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(Self.maxDecimal)\"]")
        #expect(try JSONDecoder().decode([UInt256].self, from: encoded) == [.max])
        #expect(try JSONDecoder().decode([UInt256].self, from: Data("[10000, \"0x10\"]".utf8)) == [10000, 16])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([UInt256].self, from: Data("[-1]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([UInt256].self, from: Data("[\"1.5\"]".utf8)) }
    }
}
