import Testing
@testable import PaygentEVM

@Suite struct TokenAmountTests {
    @Test(arguments: [
        ("0.10", 6, "100000"), ("0.1", 6, "100000"), ("1", 6, "1000000"), ("12.345678", 6, "12345678"),
        ("0.000001", 6, "1"), (".5", 6, "500000"), ("5.", 6, "5000000"), (" 2.50 ", 6, "2500000"),
        ("+3", 0, "3"), ("1.5", 18, "1500000000000000000"), ("0.100000000", 6, "100000"),
        ("115792089237316195423570985008687907853269984665640564039457584007913129639935", 0,
         "115792089237316195423570985008687907853269984665640564039457584007913129639935"),
    ])
    func parses(text: String, decimals: Int, expected: String) throws {
        #expect(try TokenAmount.parse(text, decimals: decimals) == UInt256(decimal: expected))
    }

    @Test func rejectsWithTypedErrors() {
        #expect(throws: AmountError.empty) { try TokenAmount.parse("", decimals: 6) }
        #expect(throws: AmountError.empty) { try TokenAmount.parse("   ", decimals: 6) }
        #expect(throws: AmountError.empty) { try TokenAmount.parse(".", decimals: 6) }
        #expect(throws: AmountError.negative) { try TokenAmount.parse("-1", decimals: 6) }
        #expect(throws: AmountError.tooManyDecimals(max: 6)) { try TokenAmount.parse("0.0000001", decimals: 6) }
        #expect(throws: AmountError.tooManyDecimals(max: 0)) { try TokenAmount.parse("1.5", decimals: 0) }
        #expect(throws: AmountError.invalidCharacter("a")) { try TokenAmount.parse("1a", decimals: 6) }
        #expect(throws: AmountError.invalidCharacter(".")) { try TokenAmount.parse("1.2.3", decimals: 6) }
        #expect(throws: AmountError.invalidCharacter(",")) { try TokenAmount.parse("1,000", decimals: 6) }
        #expect(throws: AmountError.invalidCharacter("e")) { try TokenAmount.parse("1e6", decimals: 6) }
        #expect(throws: AmountError.overflow) {
            try TokenAmount.parse("115792089237316195423570985008687907853269984665640564039457584007913129639935", decimals: 1)
        }
        #expect(throws: AmountError.overflow) { try TokenAmount.parse(String(repeating: "9", count: 90), decimals: 6) }
    }

    @Test(arguments: [
        ("100000", 6, "0.10"), ("1000000", 6, "1.00"), ("12000000", 6, "12.00"), ("1", 6, "0.000001"),
        ("12345678", 6, "12.345678"), ("0", 6, "0.00"), ("1500000000000000000", 18, "1.50"), ("7", 0, "7"),
        ("15", 1, "1.5"),
    ])
    func formats(units: String, decimals: Int, expected: String) throws {
        #expect(TokenAmount.format(try UInt256(decimal: units), decimals: decimals) == expected)
    }

    @Test func formatThenParseRoundTrips() throws {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<200 {
            let value = UInt256(limbs: rng.next(), rng.next() >> 3, 0, 0)
            for decimals in [0, 6, 18] {
                #expect(try TokenAmount.parse(TokenAmount.format(value, decimals: decimals), decimals: decimals) == value)
            }
        }
    }
}
