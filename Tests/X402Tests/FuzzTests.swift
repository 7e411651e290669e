import Foundation
import Testing
@testable import X402

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
        return texts.map { Array($0.utf8) } + [cronos, facilitatorV2, facilitatorCronos]
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
                if let start = bytes.indices.filter({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }).randomElement(using: &rng) {
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

    /// Runs every decoder on `bytes` (as a body) and on its base64 (as a header), and on `text`
    /// directly as a header. Results are ignored: only crashes and hangs matter.
    static func feed(json bytes: [UInt8], header text: String) -> Int {
        var accepted = 0
        let header = Base64.encode(bytes)
        for value in [header, text] {
            if (try? PaymentPayload.decodeHeader(value)) != nil { accepted += 1 }
            if (try? PaymentRequired.decode(headerValue: value, body: [])) != nil { accepted += 1 }
            if (try? SettleResponse.decodeHeader(value)) != nil { accepted += 1 }
            _ = try? HeaderCodec.decodeJSON(value)
            _ = try? Network(value)
        }
        if (try? PaymentRequired.decode(headerValue: nil, body: bytes)) != nil { accepted += 1 }
        if (try? FacilitatorRequest.decode(body: bytes)) != nil { accepted += 1 }
        _ = try? Base64.decode(utf8: bytes)
        if let json = try? JSONParser.parse(bytes) {
            _ = JSONWriter.encode(json, style: .python)
            if (try? PaymentPayload.decode(json)) != nil { accepted += 1 }
            _ = try? PaymentRequirement.decodeV1(json)
            _ = try? PaymentRequirement.decodeV2(json)
            _ = try? VerifyResponse.decode(json)
            _ = try? SettleResponse.decode(json)
            _ = try? SupportedResponse.decode(json)
            _ = try? PaymentRequired.decodeBody(json)
        }
        return accepted
    }

    @Test func hundredThousandMutatedAndRandomInputs() {
        var rng = SplitMix64(state: 0x5eed_4020)
        let seeds = Self.seeds
        // Every seed is accepted by at least one decoder before mutation.
        for seed in seeds { #expect(Self.feed(json: seed, header: Base64.encode(seed)) > 0) }
        let start = ContinuousClock.now
        var accepted = 0
        let total = 100_000
        for i in 0..<total {
            let bytes: [UInt8]
            var headerText: String
            switch i % 10 {
            case 0:  // pure random bytes
                bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                headerText = String(decoding: bytes, as: UTF8.self)
            case 1:  // mutate the base64 text of a seed (header-level corruption)
                bytes = seeds.randomElement(using: &rng)!
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
        print("fuzz: \(total) inputs, \(accepted) decoder acceptances, \(elapsed)")
        #expect(accepted > 0)
        #expect(elapsed < .seconds(120), "decoding must stay linear")
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
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
