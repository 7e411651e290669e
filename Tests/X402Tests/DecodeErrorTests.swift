import Testing
import PaygentFoundation
@testable import X402

/// Strict, bounded decoding: every malformed header maps to a typed error and a reason code.
@Suite struct DecodeErrorTests {
    /// The reference v2 payload as a mutable object.
    static func v2Object() -> JSONObject { try! JSONParser.parse(Fixture.referenceV2PayloadJSON).objectValue! }
    static func header(_ object: JSONObject) -> String { HeaderCodec.encode(.object(object)) }

    static func withAuthorization(_ key: String, _ value: JSONValue?) -> String {
        var object = v2Object()
        var payload = object["payload"]!.objectValue!
        var auth = payload["authorization"]!.objectValue!
        auth[key] = value
        payload["authorization"] = .object(auth)
        object["payload"] = .object(payload)
        return header(object)
    }

    static func withPayload(_ key: String, _ value: JSONValue?) -> String {
        var object = v2Object()
        var payload = object["payload"]!.objectValue!
        payload[key] = value
        object["payload"] = .object(payload)
        return header(object)
    }

    static func withAccepted(_ key: String, _ value: JSONValue?) -> String {
        var object = v2Object()
        var accepted = object["accepted"]!.objectValue!
        accepted[key] = value
        object["accepted"] = .object(accepted)
        return header(object)
    }

    static func decodeError(_ header: String) -> DecodeError? {
        do { _ = try PaymentPayload.decodeHeader(header); return nil } catch { return error }
    }

    @Test func headerTooLarge() {
        let big = String(repeating: "A", count: 8193)
        #expect(Self.decodeError(big) == .headerTooLarge(length: 8193, limit: 8192))
        #expect(Self.decodeError(big)?.reason == .invalidPayload)
    }

    @Test func emptyAndBadBase64() {
        #expect(Self.decodeError("") == .emptyHeader)
        #expect(Self.decodeError("   ") == .emptyHeader)
        #expect(Self.decodeError("eyJ!") == .invalidBase64(.invalidCharacter(offset: 3)))
        #expect(Self.decodeError("e") == .invalidBase64(.invalidLength(1)))
        #expect(Self.decodeError(Base64.encode(Array("not json".utf8)))?.reason == .invalidPayload)
    }

    @Test func versions() {
        var object = Self.v2Object()
        object["x402Version"] = .number("3")
        #expect(Self.decodeError(Self.header(object)) == .unsupportedVersion(found: "3"))
        #expect(Self.decodeError(Self.header(object))?.reason == .invalidX402Version)
        object["x402Version"] = .string("2")
        #expect(Self.decodeError(Self.header(object))?.reason == .invalidX402Version)
        object["x402Version"] = nil
        #expect(Self.decodeError(Self.header(object))?.reason == .invalidX402Version)
        object["x402Version"] = .number("1e400")
        #expect(Self.decodeError(Self.header(object))?.reason == .invalidX402Version)
    }

    @Test func schemesAndNetworks() {
        #expect(Self.decodeError(Self.withAccepted("scheme", .string("deferred"))) == .unsupportedScheme("deferred"))
        #expect(Self.decodeError(Self.withAccepted("scheme", .string("deferred")))?.reason == .unsupportedScheme)
        // `upto` decodes (the facilitator then decides whether it settles it).
        #expect(Self.decodeError(Self.withAccepted("scheme", .string("upto"))) == nil)
        #expect(Self.decodeError(Self.withAccepted("network", .string("eip155:abc")))?.reason == .invalidNetwork)
        #expect(Self.decodeError(Self.withAccepted("network", .string("solana:mainnet")))?.reason == .invalidNetwork)
    }

    @Test func amountsBeyond256Bits() {
        let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(Self.decodeError(Self.withAuthorization("value", .string(max))) == nil)
        let over = "115792089237316195423570985008687907853269984665640564039457584007913129639936"
        #expect(Self.decodeError(Self.withAuthorization("value", .string(over))) == .invalidAmount(path: "payload.authorization.value", reason: "number does not fit in 256 bits"))
        #expect(Self.decodeError(Self.withAuthorization("value", .string(String(repeating: "9", count: 5000))))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("value", .string("-1")))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("value", .string("1.5")))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("value", .string("")))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("value", .number("1e3")))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("validBefore", .bool(true))) == .wrongType(path: "payload.authorization.validBefore", expected: "a decimal string", found: "boolean"))
        #expect(Self.decodeError(Self.withAccepted("amount", .string(over)))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAccepted("maxTimeoutSeconds", .number("-5")))?.reason == .invalidPayload)
    }

    @Test func hexLengths() {
        let nonce31 = "0x" + String(repeating: "22", count: 31)
        #expect(Self.decodeError(Self.withAuthorization("nonce", .string(nonce31))) == .invalidHex(path: "payload.authorization.nonce", expectedBytes: 32, reason: "found 64 characters"))
        #expect(Self.decodeError(Self.withAuthorization("nonce", .string(String(repeating: "22", count: 32))))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("nonce", .string("0x" + String(repeating: "zz", count: 32))))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("from", .string("0x1234")))?.reason == .invalidPayload)
        #expect(Self.decodeError(Self.withAuthorization("to", .string("0x209693bc6afc0c5328ba36faf03c514ef312287C")))?.reason == .invalidPayload)  // bad EIP-55
        #expect(Self.decodeError(Self.withAuthorization("to", .string("0x209693bc6afc0c5328ba36faf03c514ef312287c"))) == nil)  // all lower is fine
        #expect(Self.decodeError(Self.withAccepted("asset", .string("0xc01e")))?.reason == .invalidPayload)
    }

    @Test func signatures() {
        let sig64 = "0x" + String(repeating: "ab", count: 64)
        #expect(Self.decodeError(Self.withPayload("signature", .string(sig64)))?.reason == .invalidSignature)
        let badV = String(Fixture.vectorSignature.dropLast(2)) + "1d"
        #expect(Self.decodeError(Self.withPayload("signature", .string(badV)))?.reason == .invalidSignature)
        #expect(Self.decodeError(Self.withPayload("signature", nil)) == .missingField(path: "payload.signature"))
        #expect(Self.decodeError(Self.withPayload("signature", .number("1")))?.reason == .invalidSignature)
        let v0 = String(Fixture.vectorSignature.dropLast(2)) + "00"
        #expect(Self.decodeError(Self.withPayload("signature", .string(v0))) == nil)
    }

    @Test func missingAndMistypedFields() {
        #expect(Self.decodeError(Self.withAuthorization("from", nil)) == .missingField(path: "payload.authorization.from"))
        #expect(Self.decodeError(Self.withPayload("authorization", .array([]))) == .wrongType(path: "payload.authorization", expected: "an object", found: "array"))
        #expect(Self.decodeError(HeaderCodec.encode(.array([]))) == .wrongType(path: "(root)", expected: "an object", found: "array"))
        var object = Self.v2Object()
        object["resource"] = .string("x")
        #expect(Self.decodeError(Self.header(object))?.reason == .invalidPayload)
    }

    @Test func nestingAndDuplicateKeysAreRejected() {
        let deep = "{\"x402Version\":2,\"extensions\":" + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "}"
        #expect(Self.decodeError(Base64.encode(Array(deep.utf8))) == .invalidJSON(.tooDeep(limit: 16)))
        let duplicate = #"{"x402Version":2,"x402Version":1}"#
        #expect(Self.decodeError(Base64.encode(Array(duplicate.utf8)))?.reason == .invalidPayload)
    }
}
