import Testing
@testable import PaygentEVM

@Suite struct SignatureTests {
    static let digest = hex("e9337b86545b927d106e66597268e9694e71026e1a7aaa6abcd4c7e1d3cd8e32")
    static let expected = "0xc5c8066ad8e9f7cab6316000ed874ed3237c4b3208845ce0774a36463228d8d44d4e5a46d20f271787a9206cd1e4161c3f8a47a6e54f2e5d40c0db9de436b91c1b"
    static let n = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    @Test func deterministicSignatureMatchesEthAccount() throws {
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        let signature = try key.sign(digest: Self.digest)
        #expect(signature.hex == Self.expected)
        #expect(signature.v == 27)
        #expect(signature.isLowS)
        #expect(try signature.recoverAddress(digest: Self.digest).checksummed == "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
        #expect(try signature.recoverPublicKey(digest: Self.digest) == key.publicKey)
        #expect(key.publicKey.isValidSignature(signature, digest: Self.digest))
    }

    @Test func parsesAllRecoveryIDSpellings() throws {
        let bytes = hex(Self.expected)
        let canonical = try Signature(bytes: bytes)
        var zeroBased = bytes
        zeroBased[64] = 0
        #expect(try Signature(bytes: zeroBased) == canonical)
        #expect(try Signature(hex: Self.expected) == canonical)
        #expect(try Signature(hex: String(Self.expected.dropFirst(2))) == canonical)
        #expect(canonical.bytes == bytes)
        #expect(canonical.description == Self.expected)
        var bad = bytes
        bad[64] = 29
        #expect(throws: SignatureError.invalidRecoveryID(29)) { try Signature(bytes: bad) }
        #expect(throws: SignatureError.invalidLength(64)) { try Signature(bytes: Array(bytes[0..<64])) }
        #expect(throws: SignatureError.invalidHex) { try Signature(hex: "0xnothex") }
    }

    @Test func highSIsRejected() throws {
        let low = try Signature(hex: Self.expected)
        // s' = n − s is the malleable twin; it recovers the same key with the other recovery id.
        let s = try UInt256(bigEndianBytes: low.s)
        let highS = (try UInt256(bigEndianBytes: Self.n)) - s
        let twin = try Signature(r: low.r, s: highS.bigEndianBytes, v: low.v == 27 ? 28 : 27)
        #expect(!twin.isLowS)
        #expect(throws: SignatureError.highS) { try twin.recoverAddress(digest: Self.digest) }
        #expect(throws: SignatureError.highS) { try twin.recoverPublicKey(digest: Self.digest) }
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        #expect(!key.publicKey.isValidSignature(twin, digest: Self.digest))
    }

    @Test func outOfRangeScalarsAreRejected() throws {
        let zero = try Signature(r: [UInt8](repeating: 0, count: 32), s: [UInt8](repeating: 0, count: 31) + [1], v: 27)
        #expect(throws: SignatureError.self) { try zero.recoverAddress(digest: Self.digest) }
        let rTooBig = try Signature(r: Self.n, s: [UInt8](repeating: 0, count: 31) + [1], v: 27)
        #expect(throws: SignatureError.invalidScalar) { try rTooBig.recoverAddress(digest: Self.digest) }
        let sig = try Signature(hex: Self.expected)
        #expect(throws: SignatureError.invalidDigestLength(3)) { try sig.recoverAddress(digest: [1, 2, 3]) }
    }

    @Test func wrongDigestRecoversADifferentAddress() throws {
        let sig = try Signature(hex: Self.expected)
        var other = Self.digest
        other[0] ^= 1
        let recovered = try? sig.recoverAddress(digest: other)
        #expect(recovered?.checksummed != "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
    }

    @Test func signaturesAreAlwaysLowS() throws {
        let key = try PrivateKey.generate()
        for i in 0..<200 {
            let digest = Keccak256.hash("m\(i)")
            let signature = try key.sign(digest: digest)
            #expect(signature.isLowS)
            #expect(try signature.recoverAddress(digest: digest) == key.address)
        }
    }
}
