import Testing
@testable import PaygentEVM

@Suite struct HexTests {
    @Test func encodes() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "0x00abff")
        #expect(Hex.encode([0x00, 0xab, 0xff], prefix: false) == "00abff")
        #expect(Hex.encode([UInt8]()) == "0x")
    }

    @Test func decodesWithAndWithoutPrefixInAnyCase() throws {
        #expect(try Hex.decode("0x00abFF") == [0x00, 0xab, 0xff])
        #expect(try Hex.decode("0X00ABff") == [0x00, 0xab, 0xff])
        #expect(try Hex.decode("00abff") == [0x00, 0xab, 0xff])
        #expect(try Hex.decode("") == [])
        #expect(try Hex.decode("0x") == [])
    }

    @Test func rejectsOddLengthAndJunk() {
        #expect(throws: HexError.oddLength(3)) { try Hex.decode("0xabc") }
        #expect(throws: HexError.invalidCharacter("g", offset: 3)) { try Hex.decode("0xag") }
        #expect(throws: HexError.invalidCharacter("é", offset: 0)) { try Hex.decode("é1") }
        #expect(throws: HexError.invalidCharacter(" ", offset: 2)) { try Hex.decode("ab cd") }
    }

    @Test func roundTripsRandomBytes() throws {
        var rng = SplitMix64(seed: 7)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(try Hex.decode(Hex.encode(bytes)) == bytes)
        }
    }
}
