import Foundation
import Testing
@testable import PaygentEVM

@Suite struct AddressTests {
    /// The test cases listed in EIP-55.
    static let eip55Examples = [
        // All caps
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        // All lower
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        // Normal
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]

    @Test(arguments: eip55Examples)
    func checksumEncodingMatchesEIP55(example: String) throws {
        let address = try Address(example)
        #expect(address.checksummed == example)
        #expect(address.description == example)
        #expect(address.lowercasedHex == example.lowercased())
    }

    @Test(arguments: eip55Examples)
    func lowerAndUpperCaseFormsAreAccepted(example: String) throws {
        let lower = try Address(example.lowercased())
        let upper = try Address("0x" + example.dropFirst(2).uppercased())
        let bare = try Address(String(example.dropFirst(2)))
        #expect(lower == upper)
        #expect(lower == bare)
        #expect(lower.checksummed == example)
    }

    @Test func wrongMixedCaseIsRejected() {
        // Flip the case of one letter in a valid checksummed address.
        let bad = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
        #expect(throws: AddressError.invalidChecksum(expected: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")) { try Address(bad) }
        #expect(throws: AddressError.self) { try Address("0xFb6916095ca1df60bB79Ce92cE3Ea74c37c5d359") }
    }

    @Test func malformedTextIsRejected() {
        #expect(throws: AddressError.invalidLength(19)) { try Address("0x52908400098527886E0F7030069857D2E4169E") }
        #expect(throws: AddressError.invalidLength(21)) { try Address("0x52908400098527886E0F7030069857D2E4169EE700") }
        #expect(throws: AddressError.invalidCharacter("g")) { try Address("0xg2908400098527886E0F7030069857D2E4169EE7") }
        #expect(throws: AddressError.invalidLength(0)) { try Address("") }
        #expect(throws: AddressError.invalidLength(3)) { try Address(bytes: [1, 2, 3]) }
    }

    @Test func bytesAndOrdering() throws {
        let a = try Address(bytes: [UInt8](repeating: 0x11, count: 20))
        #expect(a.lowercasedHex == "0x" + String(repeating: "11", count: 20))
        #expect(Address.zero.bytes == [UInt8](repeating: 0, count: 20))
        #expect(Address.zero < a)
    }

    @Test func codableUsesChecksummedString() throws {
        let address = try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")
        let json = try JSONEncoder().encode([address])
        #expect(String(decoding: json, as: UTF8.self) == "[\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\"]")
        #expect(try JSONDecoder().decode([Address].self, from: json) == [address])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Address].self, from: Data("[\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD\"]".utf8))
        }
    }

    @Test func derivedFromPublicKey() throws {
        // PROTOCOL.md: key 0x11…11 → 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A.
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        #expect(key.publicKey.address.checksummed == "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
    }
}
