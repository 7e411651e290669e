import Testing
@testable import PaygentEVM

@Suite struct Keccak256Tests {
    /// Bytes 0, 1, 2, … modulo 251: the pattern the reference vectors below were computed over (pycryptodome).
    static func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8($0 % 251) } }

    @Test func emptyInput() {
        #expect(Hex.encode(Keccak256.hash([UInt8]()), prefix: false) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    }

    @Test func shortStrings() {
        #expect(Hex.encode(Keccak256.hash("abc"), prefix: false) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
        #expect(Hex.encode(Keccak256.hash("The quick brown fox jumps over the lazy dog"), prefix: false)
            == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
        // Not SHA3-256 (which gives 3a985da7… for "abc").
        #expect(Hex.encode(Keccak256.hash(Array("abc".utf8)), prefix: false) != "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532")
    }

    @Test(arguments: [
        (135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"),
        (136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"),
        (137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"),
        (272, "8e2476e65823b24d96ebe239f2c1534cdf763e689e2410c3b1cb0c74e6177bfc"),
        (1000, "af692982e84a5a9688359025660a7857cd28ee7c8d867cfa1677baf2e6d1f63b"),
    ])
    func aroundTheRate(length: Int, expected: String) {
        #expect(Hex.encode(Keccak256.hash(Self.pattern(length)), prefix: false) == expected)
    }

    @Test func oneMillionAs() {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(Keccak256.hash(input), prefix: false) == "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96")
    }

    @Test func collectionAndPointerEntryPointsAgree() {
        let input = Self.pattern(500)
        let viaArray = Keccak256.hash(input)
        let viaSlice = Keccak256.hash(input[0..<500])
        let viaNonContiguous = Keccak256.hash(input.lazy.map { $0 })
        let viaPointer = input.withUnsafeBytes { Keccak256.hash($0) }
        #expect(viaArray == viaSlice)
        #expect(viaArray == viaNonContiguous)
        #expect(viaArray == viaPointer)
        #expect(viaArray.count == 32)
    }

    @Test func unalignedInput() {
        let input = Self.pattern(300)
        let expected = Keccak256.hash(Array(input[1...]))
        let actual = input.withUnsafeBytes { Keccak256.hash(UnsafeRawBufferPointer(rebasing: $0[1...])) }
        #expect(actual == expected)
    }
}
