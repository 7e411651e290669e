import FuzzSupport
import Testing
import PaygentFoundation

/// The one JSON parser and its writers under 100,000 seeded mutated and random inputs: nothing
/// crashes or hangs, and whatever parses survives every writer unchanged.
@Suite struct JSONFuzzTests {
    static let seeds = [
        #"{"x402Version":2,"accepts":[{"scheme":"exact","network":"eip155:84532","amount":"1000","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","extra":{"name":"USDC","version":"2"}}]}"#,
        #"{"b":[1,-2.5e3,true,null],"a":{"x":"y"},"big":115792089237316195423570985008687907853269984665640564039457584007913129639935}"#,
        #"["a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00", 0, -0, 1E+2, 0.000001, {}, []]"#,
        #"{"tool":"buy","arguments":{"max_usd":0.10,"count":3},"condition":{"step":1,"field":"price","below":"0.5"}}"#,
    ]

    @Test(arguments: 0..<4)
    func hundredThousandInputsNeverCrashAndRoundTrip(shard: Int) throws {
        var parsed = 0
        for text in FuzzInputs(seeds: Self.seeds, count: 25_000, seed: 0x150_0001 &+ UInt64(shard)) {
            guard let value = try? JSONParser.parse(text) else { continue }
            parsed += 1
            // Every writer's output parses back to the same value, numbers' text included.
            #expect(try JSONParser.parse(JSONWriter.string(value)) == value)
            #expect(try JSONParser.parse(JSONWriter.string(value, style: .python)) == value)
            #expect(try JSONParser.parse(value.jsonText) == value)
            #expect(try JSONParser.parse(JSONWriter.pretty(value, sortedKeys: shard % 2 == 0)) == value)
            _ = value.intValue
        }
        #expect(parsed >= Self.seeds.count, "the seeds themselves must parse")
    }

    @Test func pathologicalInputsAreRefusedNotRecursedInto() throws {
        let deepArrays = String(repeating: "[", count: 100_000)
        let longString = "\"" + String(repeating: "\\u0041", count: 100_000) + "\""
        let manyKeys = "{" + (0..<3000).map { "\"k\($0)\":1" }.joined(separator: ",") + "}"
        #expect(throws: JSONError.tooDeep(limit: 32)) { try JSONParser.parse(deepArrays) }
        #expect(try JSONParser.parse(longString) == .string(String(repeating: "A", count: 100_000)))
        #expect(try JSONParser.parse(manyKeys).objectValue?.count == 3000)
        #expect(throws: JSONError.duplicateKey("k0", offset: 1 + manyKeys.utf8.count - 1)) {
            try JSONParser.parse(String(manyKeys.dropLast()) + ",\"k0\":2}")
        }
    }
}
