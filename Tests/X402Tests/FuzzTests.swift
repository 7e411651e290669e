import Foundation
import PaygentFoundation
import Testing
@testable import X402

private func isHexDigit(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
}

/// A small deterministic PRNG (SplitMix64) so every run fuzzes the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Feeds ≥ 100,000 random and mutated inputs to every decoder: none may crash or hang.
@Suite struct FuzzTests {
    /// Valid JSON documents of every kind the decoders read.
    static var seeds: [[UInt8]] {
        let v2Requirement = JSONWriter.string(Fixture.requirement().jsonV2())
        let cronos = JSONWriter.encode(PaymentPayload.cronos(Fixture.exact(), for: Fixture.requirement(network: .cronosTestnet)).json())
        let facilitatorV2 = FacilitatorRequest(payload: .v2(Fixture.exact(), for: Fixture.requirement()), requirements: Fixture.requirement()).body()
        let facilitatorCronos = FacilitatorRequest(
            payload: .cronos(Fixture.exact(), for: Fixture.requirement(network: .cronosTestnet)),
            requirements: Fixture.requirement(network: .cronosTestnet)
        ).body()
        let texts = [
            Fixture.referenceV2PayloadJSON, Fixture.referenceV1PayloadJSON, Fixture.referenceV1RequirementJSON,
            Fixture.referenceV2RequiredJSON, Fixture.referenceSettleFailureJSON, Fixture.referenceVerifyJSON, v2Requirement,
            #"{"x402Version":1,"error":"x","accepts":[\#(Fixture.referenceV1RequirementJSON)],"paymentRequirements":\#(Fixture.referenceV1RequirementJSON)}"#,
            #"{"x402Version":1,"event":"payment.settled","txHash":"0xabc","from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"1000000","blockNumber":17352,"network":"cronos-testnet","timestamp":"2025-11-04T20:19:11.000Z"}"#,
            #"{"kinds":[{"x402Version":1,"scheme":"exact","network":"cronos-testnet"}],"extensions":[],"signers":{"eip155:*":["0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"]}}"#,
        ]
        let all = texts.map { Array($0.utf8) } + [cronos, facilitatorV2, facilitatorCronos]
        // Mostly all-lower-case addresses: EIP-55 checksums cost a keccak each, which dominates a
        // debug build; two seeds keep mixed-case addresses so checksum validation is fuzzed too.
        return all.map(lowercasingAddresses) + [all[0], all[1]]
    }

    /// `bytes` with every `0x` + 40 hex digit run lower-cased.
    static func lowercasingAddresses(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var i = 0
        while i + 42 <= out.count {
            if out[i] == 0x30, out[i + 1] == 0x78, out[(i + 2)..<(i + 42)].allSatisfy({ isHexDigit($0) }),
               i + 42 == out.count || !isHexDigit(out[i + 42]) {
                for k in (i + 2)..<(i + 42) where out[k] >= 0x41 && out[k] <= 0x46 { out[k] += 0x20 }
                i += 42
            } else {
                i += 1
            }
        }
        return out
    }

    static let interesting: [[UInt8]] = [
        "115792089237316195423570985008687907853269984665640564039457584007913129639936", String(repeating: "9", count: 300),
        "-1", "1e999", "0.5", "null", "true", "[]", "{}", "\"\"", "\"0x\"", "\"\\ud800\"", "\"eip155:\"", "\"upto\"", "2", "3",
        String(repeating: "[", count: 50), "\"0x" + String(repeating: "f", count: 131) + "\"", "\"\u{1}\"", "1" + String(repeating: "0", count: 90),
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], seeds: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...4, using: &rng)
        for _ in 0..<rounds {
            switch Int.random(in: 0..<9, using: &rng) {
            case 0 where !bytes.isEmpty:  // bit flip
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !bytes.isEmpty:  // truncate
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            case 2:  // splice with another seed
                let other = seeds.randomElement(using: &rng)!
                let cut = Int.random(in: 0...bytes.count, using: &rng)
                let from = Int.random(in: 0...other.count, using: &rng)
                bytes = Array(bytes.prefix(cut)) + Array(other.suffix(from: from))
            case 3:  // insert an interesting token
                let token = interesting.randomElement(using: &rng)!
                let at = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(contentsOf: token, at: at)
            case 4 where !bytes.isEmpty:  // replace a digit run with a huge number
                var start = Int.random(in: 0..<bytes.count, using: &rng)
                while start < bytes.count, !(bytes[start] >= 0x30 && bytes[start] <= 0x39) { start += 1 }
                if start < bytes.count {
                    var end = start
                    while end < bytes.count, bytes[end] >= 0x30 && bytes[end] <= 0x39 { end += 1 }
                    bytes.replaceSubrange(start..<end, with: Array(String(repeating: "9", count: Int.random(in: 70...120, using: &rng)).utf8))
                }
            case 5 where !bytes.isEmpty:  // delete a range
                let a = Int.random(in: 0..<bytes.count, using: &rng)
                let b = min(bytes.count, a + Int.random(in: 1...16, using: &rng))
                bytes.removeSubrange(a..<b)
            case 6 where !bytes.isEmpty:  // duplicate a range
                let a = Int.random(in: 0..<bytes.count, using: &rng)
                let b = min(bytes.count, a + Int.random(in: 1...64, using: &rng))
                bytes.insert(contentsOf: bytes[a..<b], at: Int.random(in: 0...bytes.count, using: &rng))
            case 7 where !bytes.isEmpty:  // random byte
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            default:  // structural character swap
                let structural: [UInt8] = Array("{}[]:,\"\\".utf8)
                if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = structural.randomElement(using: &rng)! }
            }
        }
        return bytes
    }

    /// Runs every decoder once on one input: `text` is its header form, `bytes` its body form.
    ///
    /// The header entry points (`PaymentPayload.decodeHeader`, `PaymentRequired.decode(headerValue:)`,
    /// `SettleResponse.decodeHeader`) are `HeaderCodec.decodeJSON` followed by the JSON-level
    /// decoders, so the header is decoded once and its JSON handed to each of them; the body is parsed
    /// once for the JSON-level decoders and once more by `FacilitatorRequest.decode(body:)`.
    /// Returns how many decoders accepted; only crashes and hangs matter.
    static func feed(json bytes: [UInt8], header text: String) -> Int {
        var accepted = 0
        func count(_ ok: Bool) { if ok { accepted += 1 } }
        func decodeAll(_ json: JSONValue) {
            count((try? PaymentPayload.decode(json)) != nil)
            count((try? PaymentRequired.decodeV2(json)) != nil)
            count((try? PaymentRequired.decodeBody(json)) != nil)
            count((try? PaymentRequirement.decodeV1(json)) != nil)
            count((try? PaymentRequirement.decodeV2(json)) != nil)
            count((try? VerifyResponse.decode(json)) != nil)
            count((try? SettleResponse.decode(json)) != nil)
            count((try? SupportedResponse.decode(json)) != nil)
        }
        if let json = try? HeaderCodec.decodeJSON(text) {
            accepted += 1
            decodeAll(json)
        }
        count((try? Network(text)) != nil)
        count((try? FacilitatorRequest.decode(body: bytes)) != nil)
        if let json = try? JSONParser.parse(bytes) {
            _ = JSONWriter.encode(json, style: .python)
            decodeAll(json)
        }
        return accepted
    }

    /// 100,000 inputs in four parallel shards of 25,000 (each shard seeded differently).
    @Test(arguments: 0..<4)
    func hundredThousandMutatedAndRandomInputs(shard: Int) {
        var rng = SplitMix64(state: 0x5eed_4020 &+ UInt64(shard) &* 0x1_0000_0001)
        let seeds = Self.seeds
        // Every seed is accepted by at least one decoder before mutation.
        for seed in seeds { #expect(Self.feed(json: seed, header: Base64.encode(seed)) > 0) }
        let start = ContinuousClock.now
        var accepted = 0
        let total = 25_000
        for i in 0..<total {
            let bytes: [UInt8]
            var headerText: String
            switch i % 10 {
            case 0:  // pure random bytes
                bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                headerText = String(decoding: bytes, as: UTF8.self)
            case 1:  // mutate the base64 text of a seed (header-level corruption)
                bytes = Self.mutate(seeds.randomElement(using: &rng)!, seeds: seeds, rng: &rng)
                headerText = String(decoding: Self.mutate(Array(Base64.encode(bytes).utf8), seeds: seeds, rng: &rng), as: UTF8.self)
            default:  // mutate the JSON, then encode it properly
                bytes = Self.mutate(seeds.randomElement(using: &rng)!, seeds: seeds, rng: &rng)
                headerText = Base64.encode(bytes)
            }
            if i % 997 == 0 { headerText += String(repeating: "A", count: 9000) }  // oversized header
            accepted += Self.feed(json: bytes, header: headerText)
        }
        let elapsed = ContinuousClock.now - start
        // Some mutations stay valid; most are rejected. Report for the record.
        print("fuzz shard \(shard): \(total) inputs, \(accepted) decoder acceptances, \(elapsed)")
        #expect(accepted > 0)
        #expect(elapsed < .seconds(120), "decoding must stay fast and linear")
    }

    @Test func pathologicalInputsFinishQuickly() {
        let start = ContinuousClock.now
        let deepArrays = Array(String(repeating: "[", count: 100_000).utf8)
        let longString = Array(("\"" + String(repeating: "\\u0041", count: 100_000) + "\"").utf8)
        let manyKeys = Array(("{" + (0..<3000).map { "\"k\($0)\":1" }.joined(separator: ",") + "}").utf8)
        for input in [deepArrays, longString, manyKeys] {
            _ = try? JSONParser.parse(input)
            _ = try? FacilitatorRequest.decode(body: input)
            _ = try? PaymentPayload.decodeHeader(Base64.encode(input))
        }
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}
