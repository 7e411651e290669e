import Testing
@testable import PaygentFoundation

/// Reference output of the Python implementation (pydantic `model_dump_json()` and `json.dumps()`).
private enum Fixture {
    static let referenceUnicodeCompact = "{\"url\":\"http://x/é\",\"description\":\"Café ☕ \\\"q\\\" \\n\",\"mimeType\":\"text/plain\"}"
    static let referenceUnicodePython = #"{"url": "http://x/\u00e9", "description": "Caf\u00e9 \u2615 \"q\" \n", "mimeType": "text/plain"}"#
}

@Suite struct JSONParserTests {
    @Test func parsesNestedValuesKeepingOrderAndNumberText() throws {
        let value = try JSONParser.parse(#" {"b":[1,-2.5e3,true,null],"a":{"x":"y"},"big":115792089237316195423570985008687907853269984665640564039457584007913129639935} "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "big"])
        #expect(object["b"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .null]))
        #expect(object["big"] == .number("115792089237316195423570985008687907853269984665640564039457584007913129639935"))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀"))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity", "tru", "nul",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\u{01}\"", "{\"a\" 1}", "{1:2}",
        "[1 2]", "{\"a\":1}x", "\"a\"\"b\"", "{\"a\":1,\"a\":2}", "//", "'a'",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONError.self) { try JSONParser.parse([0x22, 0xff, 0x22]) }
        #expect(throws: JSONError.self) { try JSONParser.parse([0x22, 0xc3, 0x22]) }
    }

    @Test func enforcesLimits() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        #expect(throws: JSONError.tooDeep(limit: 32)) { try JSONParser.parse(deep) }
        #expect(throws: JSONError.tooLarge(limit: 4)) { try JSONParser.parse("12345", limits: JSONLimits(maxBytes: 4)) }
        #expect(throws: JSONError.numberTooLong(offset: 0)) { try JSONParser.parse(String(repeating: "9", count: 101)) }
        #expect(throws: JSONError.duplicateKey("a", offset: 7)) { try JSONParser.parse(#"{"a":1,"a":2}"#) }
    }
}

@Suite struct JSONWriterTests {
    @Test func compactMatchesPydantic() throws {
        let value = try JSONParser.parse(Fixture.referenceUnicodeCompact)
        #expect(JSONWriter.string(value) == Fixture.referenceUnicodeCompact)
    }

    @Test func pythonStyleMatchesJSONDumps() throws {
        let value = try JSONParser.parse(Fixture.referenceUnicodeCompact)
        #expect(JSONWriter.string(value, style: .python) == Fixture.referenceUnicodePython)
    }

    @Test func escapesControlCharactersAndAstralPlanes() {
        let value = JSONValue.array([.string("\u{1}\u{7f}😀"), .object([:]), .array([])])
        #expect(JSONWriter.string(value) == "[\"\\u0001\u{7f}😀\",{},[]]")
        #expect(JSONWriter.string(value, style: .python) == #"["\u0001\u007f\ud83d\ude00", {}, []]"#)
    }

    @Test func roundTripsThroughParser() throws {
        let text = #"{"k":["v",1,{"n":null,"t":false}],"s":"é\"\\"}"#
        #expect(JSONWriter.string(try JSONParser.parse(text)) == text)
    }
}

@Suite struct Base64Tests {
    @Test func encodesWithPadding() {
        #expect(Base64.encode(Array("".utf8)) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
    }

    @Test func decodesPaddedAndUnpadded() throws {
        #expect(try Base64.decode("Zg==") == Array("f".utf8))
        #expect(try Base64.decode("Zg") == Array("f".utf8))
        #expect(try Base64.decode("Zm8") == Array("fo".utf8))
        #expect(try Base64.decode("Zm9vYmFy") == Array("foobar".utf8))
        #expect(try Base64.decode("+/8=") == [0xfb, 0xff])
    }

    @Test(arguments: ["Z", "Zg=", "Zg===", "Z===", "Zm9v\n", "Zm 9v", "Zm9v-_", "Zh==", "Zm9=", "====", "Zg==Zg=="])
    func rejectsNonStrictBase64(_ text: String) {
        #expect(throws: Base64Error.self) { try Base64.decode(text) }
    }

    @Test func roundTripsAllLengths() throws {
        var bytes: [UInt8] = []
        for n in 0..<64 {
            #expect(try Base64.decode(Base64.encode(bytes)) == bytes)
            bytes.append(UInt8(truncatingIfNeeded: n &* 37 &+ 11))
        }
    }
}
