import Foundation
import Testing
import PaygentFoundation

@Suite struct JSONValueAccessTests {
    @Test func integersAreReadExactlyFromTheNumberText() throws {
        #expect(JSONValue.number("60").intValue == 60)
        #expect(JSONValue.number("60.0").intValue == 60)
        #expect(JSONValue.number("6e1").intValue == 60)
        #expect(JSONValue.number("600e-1").intValue == 60)
        #expect(JSONValue.number("-9223372036854775808").intValue == Int64.min)
        #expect(JSONValue.number("9223372036854775807").intValue == Int64.max)
        #expect(JSONValue.number("9223372036854775808").intValue == nil)
        #expect(JSONValue.number("60.5").intValue == nil)
        #expect(JSONValue.number("1e19").intValue == nil)
        #expect(JSONValue.string("60").intValue == nil)
        #expect(try JSONParser.parse("0.1000000000000000055") == .number("0.1000000000000000055"), "never rounded")
    }

    @Test func sortedKeysWriterIsDeterministicWhateverTheBuildOrder() {
        let ab: JSONValue = ["a": 1, "b": ["y": true, "x": nil]]
        let ba: JSONValue = ["b": ["x": nil, "y": true], "a": 1]
        #expect(ab.jsonText == #"{"a":1,"b":{"x":null,"y":true}}"#)
        #expect(ba.jsonText == ab.jsonText)
        #expect(JSONWriter.string(ba) == #"{"b":{"x":null,"y":true},"a":1}"#, "the compact writer keeps member order")
        #expect(ab == ba, "objects compare as JSON does, ignoring member order")
        #expect(Set([ab, ba]).count == 1)
        #expect(JSONValue.string("\u{1b}[2J").jsonText == #""\u001b[2J""#)
    }

    @Test func prettyPrinterIndentsAndKeepsOrSortsMembers() {
        let value: JSONValue = ["b": [1, "x"], "a": [:], "c": []]
        #expect(JSONWriter.pretty(value) == "{\n  \"b\": [\n    1,\n    \"x\"\n  ],\n  \"a\": {},\n  \"c\": []\n}")
        #expect(JSONWriter.pretty(value, sortedKeys: true) == "{\n  \"a\": {},\n  \"b\": [\n    1,\n    \"x\"\n  ],\n  \"c\": []\n}")
        #expect(JSONWriter.pretty(.number("1e3")) == "1e3")
    }

    @Test func codableKeepsNumbersExact() throws {
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"big":18446744073709551615,"price":0.1000000000000000055,"n":-3}"#.utf8))
        #expect(decoded["big"] == .number("18446744073709551615"))
        #expect(decoded["price"] == .number("0.1000000000000000055"))
        #expect(decoded["n"] == .number("-3"))
        let encoded = try JSONEncoder().encode(decoded)
        #expect(try JSONParser.parse(Array(encoded)) == decoded)
    }
}
