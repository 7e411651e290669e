import CCurl
import CNcursesw
import CSecp256k1
import Testing

/// Each system library is reachable through its module map and answers a real call.
@Suite struct SystemLibraryTests {
    @Test func curlReportsItsVersion() throws {
        let info = try #require(paygent_curl_version_info())
        let version = String(cString: info.pointee.version)
        #expect(version.split(separator: ".").count >= 2)
        // libcurl must have been built with HTTP support for the Http module.
        #expect(info.pointee.protocols.pointee != nil)
    }

    @Test func ncurseswShimsExposeAttributesAndKeys() {
        #expect(paygent_a_bold() != 0)
        #expect(paygent_a_reverse() != 0)
        #expect(paygent_a_bold() != paygent_a_reverse())
        #expect(paygent_key_resize() > 0xff)
        let version = String(cString: curses_version())
        #expect(version.hasPrefix("ncurses"))
    }

    @Test func secp256k1SignsAndRecovers() throws {
        let context = try #require(secp256k1_context_create(UInt32(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY)))
        defer { secp256k1_context_destroy(context) }
        let secret = [UInt8](repeating: 0x11, count: 32)
        let digest = [UInt8](repeating: 0x42, count: 32)
        #expect(secp256k1_ec_seckey_verify(context, secret) == 1)
        var signature = secp256k1_ecdsa_recoverable_signature()
        #expect(secp256k1_ecdsa_sign_recoverable(context, &signature, digest, secret, nil, nil) == 1)
        var recovered = secp256k1_pubkey()
        #expect(secp256k1_ecdsa_recover(context, &recovered, &signature, digest) == 1)
        var expected = secp256k1_pubkey()
        #expect(secp256k1_ec_pubkey_create(context, &expected, secret) == 1)
        #expect(secp256k1_ec_pubkey_cmp(context, &recovered, &expected) == 0)
    }
}
