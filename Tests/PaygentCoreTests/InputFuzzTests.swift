import FuzzSupport
import PaygentFoundation
import Foundation
import PaygentCore
import PaygentEVM
import Testing

/// Seeded fuzz runs (100,000 inputs each) of the control plane's decoders that outside bytes
/// reach: none may crash or hang, and what they accept must mean what it says.
@Suite struct InputFuzzTests {
    static let inputs = 100_000

    @Test func timestamps() {
        let seeds = ["2026-12-01T10:00:00.123456Z", "2026-12-01", "2024-02-29T23:59:60+05:30", "2026-12-01 10:00:00.1-0800",
                     "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999+23:59", "0000-01-01T00:00:00-08"]
        var accepted = 0
        for text in FuzzInputs(seeds: seeds, tokens: ["-", ":", ".", "T", "Z", "+", "60", "29", "02-30", "99"], count: Self.inputs, seed: 0x7157) {
            guard let time = Timestamp(iso8601: text) else { continue }
            accepted += 1
            // Whatever is accepted prints and reads back as the same instant.
            #expect(Timestamp(iso8601: time.iso8601) == time, "\(text.debugDescription)")
        }
        #expect(accepted > 1000)
    }

    @Test func decimalAmounts() {
        let seeds = ["0.10", "12", ".5", "1.", "0.000001", "0.1000000000000000055", "115792089237316195423570985008687907853269984665640564039457584007913.129639935", "1e-7", "-0.0"]
        var accepted = 0
        for text in FuzzInputs(seeds: seeds, tokens: ["0", "00000000000000000000", "."], count: Self.inputs, seed: 0xA40) {
            if let units = try? TokenAmount.parse(text, decimals: 6) {
                accepted += 1
                #expect((try? TokenAmount.parse(TokenAmount.format(units, decimals: 6), decimals: 6)) == units, "\(text.debugDescription)")
                #expect((try? USDAmount(parsing: text))?.micros == units)
            }
            _ = try? TokenAmount.parse(text, decimals: 18)
            if let value = Double(text) { _ = DecimalText.roundTrips(text, through: value) }
        }
        #expect(accepted > 1000)
    }

    @Test func amountsInJSON() {
        // Request bodies (Decoder) and free-form JSON (the control plane's own parser).
        let seeds = [#"{"amount":0.1}"#, #"{"amount":"0.10"}"#, #"{"amount":12345678901234567890123}"#, #"{"amount":1e-6,"edited_args":{"x":[1,2.5,"a"]}}"#,
                     #"{"price_amount":0.1000000000000000055}"#, #"[5, 0.1, "12.345678"]"#]
        let decoder = JSONDecoder()
        var accepted = 0
        for text in FuzzInputs(seeds: seeds, tokens: ["0.1000000000000000055", "1e400", "-", "\\u0000"], count: Self.inputs, seed: 0x15) {
            let data = Data(text.utf8)
            if (try? decoder.decode(ApprovalEdit.self, from: data)) != nil { accepted += 1 }
            _ = try? decoder.decode(ServiceUpdate.self, from: data)
            _ = try? decoder.decode([USDAmount].self, from: data)
            _ = try? JSONValue.parse(text)
        }
        #expect(accepted > 100)
    }

    @Test func addresses() {
        let seeds = ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826", "CD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "0x0000000000000000000000000000000000000000"]
        var accepted = 0
        for text in FuzzInputs(seeds: seeds, tokens: ["0x", "f", "F", "g"], count: Self.inputs, seed: 0xADD) {
            guard let address = try? Address(text) else { continue }
            accepted += 1
            #expect((try? Address(address.checksummed)) == address)
        }
        #expect(accepted > 500)
    }

    @Test func eip712Documents() {
        let mail = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],"Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],"Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"},{"name":"n","type":"uint256[]"},{"name":"b","type":"bytes32"}]},"primaryType":"Mail","domain":{"name":"Ether Mail","chainId":1,"verifyingContract":"0xcccccccccccccccccccccccccccccccccccccccc"},"message":{"from":{"name":"Cow","wallet":"0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826"},"to":{"name":"Bob","wallet":"0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},"contents":"Hello","n":[1,"0x10",115792089237316195423570985008687907853269984665640564039457584007913129639935],"b":"0x0000000000000000000000000000000000000000000000000000000000000001"}}"#
        let seeds = [mail, #"{"types":{"EIP712Domain":[]},"primaryType":"EIP712Domain","domain":{},"message":{}}"#]
        var accepted = 0
        for text in FuzzInputs(seeds: seeds, tokens: ["uint8", "int256", "bytes", "string[]", "Person[2]", "-1", "1.5", "0x"], count: Self.inputs, seed: 0xE712) {
            guard let document = try? TypedData(json: Data(text.utf8)) else { continue }
            if (try? document.signingDigest()) != nil { accepted += 1 }
        }
        #expect(accepted > 100)
    }
}
