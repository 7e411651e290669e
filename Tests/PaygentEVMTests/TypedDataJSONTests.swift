import Testing
@testable import PaygentEVM
import PaygentFoundation

@Suite struct TypedDataJSONTests {
    func parse(_ text: String) throws -> TypedData.Value {
        try TypedDataJSON.parse(Array(text.utf8))
    }

    @Test func keepsNumberLiteralsExactly() throws {
        let big = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(try parse("[\(big), -5, 0, 1.5e3]") == .array([.number(big), .number("-5"), .number("0"), .number("1.5e3")]))
    }

    @Test func decodesStringsAndEscapes() throws {
        #expect(try parse(#""a\"b\\c\/\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/\n\té😀"))
        #expect(try parse("\"ünï ✓\"") == .string("ünï ✓"))
        #expect(try parse(" { \"k\" : [ true , false , null ] } ") == .object(["k": .array([.bool(true), .bool(false), .null])]))
    }

    @Test func rejectsMalformedInput() {
        for text in ["", " ", "01", "1.", "-", "+1", "[1,]", "{\"a\":1,}", "{a:1}", "'x'", "\"\u{01}\"", "\"\\x\"", "\"\\udc00\"",
                     "[1 2]", "tru", "\"unterminated", "{\"a\" 1}", "1 2"] {
            #expect(throws: TypedDataError.self, "accepted \(String(reflecting: text))") { try parse(text) }
        }
        #expect(throws: TypedDataError.self) { try TypedDataJSON.parse([0x22, 0xff, 0x22]) }
        #expect(throws: TypedDataError.self) { try parse(String(repeating: "[", count: 300) + String(repeating: "]", count: 300)) }
    }
}
