import Testing
@testable import PaygentEVM

@Suite struct PrivateKeyTests {
    static let keyHex = "0x" + String(repeating: "11", count: 32)

    @Test func importsAndExportsHex() throws {
        let key = try PrivateKey(hex: Self.keyHex)
        #expect(key.exportHex() == Self.keyHex)
        #expect(try PrivateKey(hex: String(Self.keyHex.dropFirst(2)) + "\n").exportHex() == Self.keyHex)
        #expect(try PrivateKey(bytes: [UInt8](repeating: 0x11, count: 32)).address == key.address)
        #expect(key.publicKey.uncompressed.count == 65)
        #expect(key.publicKey.uncompressed[0] == 0x04)
        #expect(try PublicKey(bytes: key.publicKey.compressed) == key.publicKey)
    }

    @Test func knownAddresses() throws {
        // Private key 1 → the generator point's address.
        let one = try PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [1])
        #expect(one.address.checksummed == "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")
        // EIP-712's example signer: keccak256("cow").
        let cow = try PrivateKey(bytes: Keccak256.hash("cow"))
        #expect(cow.address.checksummed == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")
    }

    @Test func rejectsInvalidKeys() {
        #expect(throws: KeyError.invalidLength(31)) { try PrivateKey(bytes: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: KeyError.outOfRange) { try PrivateKey(bytes: [UInt8](repeating: 0, count: 32)) }
        // The group order n itself is out of range.
        #expect(throws: KeyError.outOfRange) {
            try PrivateKey(hex: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        }
        #expect(throws: KeyError.invalidHex) { try PrivateKey(hex: "0xzz") }
        #expect(throws: KeyError.invalidLength(2)) { try PrivateKey(hex: "0xabcd") }
        #expect(throws: KeyError.invalidPublicKey) { try PublicKey(bytes: [0x04] + [UInt8](repeating: 0, count: 64)) }
    }

    @Test func generatedKeysAreDistinctAndUsable() throws {
        let a = try PrivateKey.generate()
        let b = try PrivateKey.generate()
        #expect(a.exportHex() != b.exportHex())
        #expect(a.address != b.address)
        let digest = Keccak256.hash("hello")
        #expect(try a.sign(digest: digest).recoverAddress(digest: digest) == a.address)
    }

    @Test func descriptionNeverShowsTheSecret() throws {
        let key = try PrivateKey(hex: Self.keyHex)
        let secret = String(Self.keyHex.dropFirst(2))
        for text in [key.description, key.debugDescription, String(describing: key), String(reflecting: key), "\(key)"] {
            #expect(!text.contains(secret))
            #expect(!text.contains("1111111111"))
            #expect(text.contains("redacted"))
        }
        // Errors do not echo key material either.
        do {
            _ = try PrivateKey(hex: "0x" + String(repeating: "ab", count: 31) + "zz")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("abab"))
        }
    }

    @Test func signsRejectsWrongDigestLength() throws {
        let key = try PrivateKey(hex: Self.keyHex)
        #expect(throws: KeyError.invalidDigestLength(31)) { try key.sign(digest: [UInt8](repeating: 0, count: 31)) }
    }

    @Test func concurrentSigningIsSafe() async throws {
        let key = try PrivateKey(hex: Self.keyHex)
        let address = key.address
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let digest = Keccak256.hash("message \(i)")
                    for _ in 0..<20 {
                        guard try key.sign(digest: digest).recoverAddress(digest: digest) == address else { return false }
                    }
                    return true
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
