import PaygentEVM
import PaygentFoundation
import Testing
@testable import X402

@Suite struct PaymentPayloadCodecTests {
    @Test func vectorSignatureMatchesEthAccount() {
        #expect(Fixture.exact().signature.hex == Fixture.vectorSignature)
        #expect(Fixture.payerKey.address.checksummed == "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
    }

    @Test func v2EncodingIsByteIdenticalToReference() {
        let payload = PaymentPayload.v2(Fixture.exact(), for: Fixture.requirement())
        #expect(JSONWriter.string(payload.json()) == Fixture.referenceV2PayloadJSON)
        #expect(payload.headerValue() == Fixture.referenceV2PayloadHeader)
        #expect(payload.headerName == "PAYMENT-SIGNATURE")
    }

    @Test func v1EncodingIsByteIdenticalToReference() {
        let payload = PaymentPayload.v1(Fixture.exact(), for: Fixture.requirement(network: .cronosTestnet))
        #expect(JSONWriter.string(payload.json()) == Fixture.referenceV1PayloadJSON)
        #expect(payload.headerName == "X-PAYMENT")
    }

    @Test func decodesReferenceV2Header() throws {
        let payload = try PaymentPayload.decodeHeader(Fixture.referenceV2PayloadHeader)
        #expect(payload.dialect == .v2)
        #expect(payload.x402Version == 2)
        #expect(payload.network == .eip155(338))
        #expect(payload.scheme == "exact")
        #expect(payload.payer == Fixture.payerKey.address)
        #expect(payload.exact == Fixture.exact())
        let accepted = try #require(payload.accepted)
        #expect(accepted.amount == 10000)
        #expect(accepted.tokenName == "Bridged USDC (Stargate)")
        #expect(accepted.resource == Fixture.resourceURL)
        #expect(payload.resource == ResourceInfo(url: Fixture.resourceURL, description: "Spot prices", mimeType: "application/json"))
        // Decoding then encoding gives back the same bytes.
        #expect(payload.headerValue() == Fixture.referenceV2PayloadHeader)
    }

    @Test func decodesReferenceV1Header() throws {
        let header = Base64.encode(Array(Fixture.referenceV1PayloadJSON.utf8))
        let payload = try PaymentPayload.decodeHeader(header)
        #expect(payload.dialect == .v1)
        #expect(payload.network == .cronosTestnet)
        #expect(payload.accepted == nil)
        #expect(payload.exact == Fixture.exact())
        #expect(payload.headerValue() == header)
    }

    @Test func cronosFlatPayloadRoundTrips() throws {
        let literal = #"{"x402Version":1,"scheme":"exact","network":"cronos-testnet","payload":{"from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","validAfter":0,"validBefore":1800000000,"nonce":"0x2222222222222222222222222222222222222222222222222222222222222222","signature":"\#(Fixture.vectorSignature)","asset":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"}}"#
        let payload = try PaymentPayload.decodeHeader(Base64.encode(Array(literal.utf8)))
        #expect(payload.dialect == .cronos)
        #expect(payload.asset == Fixture.token.address)
        #expect(payload.exact == Fixture.exact())
        #expect(JSONWriter.string(payload.json()) == literal)
        #expect(PaymentPayload.cronos(Fixture.exact(), for: Fixture.requirement(network: .cronosTestnet)) == payload)
    }

    @Test func acceptsStringTimesInFlatAndIntegerAmountsInNested() throws {
        var json = try JSONParser.parse(Fixture.referenceV1PayloadJSON).objectValue!
        var inner = json["payload"]!.objectValue!
        var auth = inner["authorization"]!.objectValue!
        auth["value"] = .number("10000")
        inner["authorization"] = .object(auth)
        json["payload"] = .object(inner)
        let payload = try PaymentPayload.decode(.object(json))
        #expect(payload.exact.authorization.value == 10000)
    }
}

@Suite struct RequirementCodecTests {
    @Test func v1RequirementMatchesReference() throws {
        let requirement = Fixture.requirement(network: .cronosTestnet)
        #expect(JSONWriter.string(requirement.jsonV1()) == Fixture.referenceV1RequirementJSON)
        let decoded = try PaymentRequirement.decodeV1(try JSONParser.parse(Fixture.referenceV1RequirementJSON))
        #expect(decoded == requirement)
    }

    @Test func v1ExtraMayBeJSONEncodedString() throws {
        var object = try JSONParser.parse(Fixture.referenceV1RequirementJSON).objectValue!
        object["extra"] = .string(#"{"name":"Bridged USDC (Stargate)","version":"1"}"#)
        let decoded = try PaymentRequirement.decodeV1(.object(object))
        #expect(decoded.tokenName == "Bridged USDC (Stargate)")
        #expect(decoded.tokenVersion == "1")
    }

    @Test func cronosMinimalRequirementDecodes() throws {
        let text = #"{"scheme":"exact","network":"cronos-testnet","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","asset":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0","maxAmountRequired":"1000000","maxTimeoutSeconds":300}"#
        let decoded = try PaymentRequirement.decodeV1(try JSONParser.parse(text))
        #expect(decoded.amount == 1_000_000)
        #expect(decoded.maxTimeoutSeconds == 300)
        #expect(decoded.resource == "")
        #expect(decoded.tokenName == nil)
        #expect(decoded.eip712Domain == nil)
    }

    @Test func referenceMatchingRule() {
        let server = Fixture.requirement()
        var accepted = server
        accepted.extra["extraKey"] = .string("client may add")
        #expect(server.isSatisfied(byAccepted: accepted))
        accepted.amount = 9999
        #expect(!server.isSatisfied(byAccepted: accepted))
        accepted = server
        accepted.tokenVersion = "2"
        #expect(!server.isSatisfied(byAccepted: accepted))
        accepted = server
        accepted.network = .cronosTestnet
        #expect(!server.isSatisfied(byAccepted: accepted))
    }
}

@Suite struct PaymentRequiredCodecTests {
    @Test func v2HeaderMatchesReference() {
        let required = PaymentRequired(dialect: .v2, error: "Payment required", accepts: [Fixture.requirement(network: .cronosTestnet)])
        #expect(JSONWriter.string(required.jsonV2()) == Fixture.referenceV2RequiredJSON)
        #expect(required.v2HeaderValue() == Fixture.referenceV2RequiredHeader)
    }

    @Test func decodesV2HeaderFirst() throws {
        let decoded = try PaymentRequired.decode(headerValue: Fixture.referenceV2RequiredHeader, body: Array("{}".utf8))
        #expect(decoded.dialect == .v2)
        #expect(decoded.error == "Payment required")
        #expect(decoded.accepts == [Fixture.requirement()])
        #expect(decoded.unsupported.isEmpty)
    }

    @Test func v1BodyCarriesAcceptsAndCronosSingular() throws {
        let required = PaymentRequired(dialect: .v1, accepts: [Fixture.requirement()])
        let json = required.jsonV1()
        let text = JSONWriter.string(json)
        #expect(text == #"{"x402Version":1,"error":"X-PAYMENT header is required","accepts":[\#(Fixture.referenceV1RequirementJSON)],"paymentRequirements":\#(Fixture.referenceV1RequirementJSON)}"#)
        let decoded = try PaymentRequired.decode(headerValue: nil, body: Array(text.utf8))
        #expect(decoded.dialect == .v1)
        #expect(decoded.accepts == [Fixture.requirement(network: .cronosTestnet)])
    }

    @Test func decodesCronosSingularBody() throws {
        let body = #"{"x402Version":1,"error":"payment required","paymentRequirements":\#(Fixture.referenceV1RequirementJSON)}"#
        let decoded = try PaymentRequired.decode(headerValue: nil, body: Array(body.utf8))
        #expect(decoded.dialect == .cronos)
        #expect(decoded.accepts.count == 1)
        #expect(decoded.accepts[0].amount == 10000)
    }

    @Test func keepsUnusableOptionsAside() throws {
        let body = #"{"x402Version":1,"accepts":[{"scheme":"exact","network":"solana","maxAmountRequired":"1","payTo":"abc","asset":"def","maxTimeoutSeconds":60},{"scheme":"upto","network":"base"},\#(Fixture.referenceV1RequirementJSON)]}"#
        let decoded = try PaymentRequired.decode(headerValue: nil, body: Array(body.utf8))
        #expect(decoded.accepts.count == 1)
        #expect(decoded.unsupported.count == 2)
        #expect(decoded.unsupported[0].error == .unknownNetwork("solana"))
        #expect(decoded.unsupported[1].error == .unsupportedScheme("upto"))
    }

    @Test func noRequirementsIsAnError() {
        #expect(throws: DecodeError.noPaymentRequirements) { try PaymentRequired.decode(headerValue: nil, body: Array("{}".utf8)) }
        #expect(throws: DecodeError.self) { try PaymentRequired.decode(headerValue: nil, body: Array("<html>".utf8)) }
    }
}

@Suite struct ResponseCodecTests {
    @Test func settleHeaderMatchesReferenceJSONDumps() throws {
        let response = SettleResponse(success: true, payer: Fixture.payerKey.address, transaction: "0x" + String(repeating: "ab", count: 32), network: "eip155:338")
        #expect(response.headerValue() == Fixture.referenceSettleHeader)
        #expect(try SettleResponse.decodeHeader(Fixture.referenceSettleHeader) == response)
        let failure = SettleResponse.failure(.nonceAlreadyUsed, payer: Fixture.payerKey.address, network: "eip155:338")
        #expect(JSONWriter.string(failure.json(), style: .python) == Fixture.referenceSettleFailureJSON)
    }

    @Test func verifyResponseMatchesReference() throws {
        let response = VerifyResponse.invalid(.invalidSignature, payer: Fixture.payerKey.address)
        #expect(JSONWriter.string(response.json()) == Fixture.referenceVerifyJSON)
        #expect(try VerifyResponse.decode(try JSONParser.parse(Fixture.referenceVerifyJSON)) == response)
    }

    @Test func cronosVerifyShapes() throws {
        #expect(JSONWriter.string(CronosCodec.verifyJSON(.valid(payer: nil))) == #"{"isValid":true,"invalidReason":null}"#)
        let decoded = try VerifyResponse.decode(try JSONParser.parse(#"{"isValid":false,"invalidReason":"Unsupported network: ethereum-mainnet"}"#))
        #expect(decoded.invalidReason == .invalidNetwork)
        #expect(decoded.invalidMessage == "Unsupported network: ethereum-mainnet")
        let valid = try VerifyResponse.decode(try JSONParser.parse(#"{"isValid":true,"invalidReason":null}"#))
        #expect(valid == .valid(payer: nil))
    }

    @Test func cronosSettleShapes() throws {
        let settled = #"{"x402Version":1,"event":"payment.settled","txHash":"0xabc","from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"1000000","blockNumber":17352,"network":"cronos-testnet","timestamp":"2025-11-04T20:19:11.000Z"}"#
        let s = try SettleResponse.decode(try JSONParser.parse(settled))
        #expect(s.success && s.transaction == "0xabc" && s.payer == Fixture.payerKey.address && s.amount == 1_000_000 && s.network == "cronos-testnet")
        let failed = #"{"x402Version":1,"event":"payment.failed","network":"cronos-testnet","timestamp":"2025-11-04T20:19:11.000Z","error":"Authorization already used"}"#
        let f = try SettleResponse.decode(try JSONParser.parse(failed))
        #expect(!f.success && f.errorReason == .nonceAlreadyUsed && f.errorMessage == "Authorization already used" && f.transaction == "")
        // Our encoder writes the same shape.
        let payload = PaymentPayload.cronos(Fixture.exact(value: 1_000_000), for: Fixture.requirement(network: .cronosTestnet, amount: 1_000_000))
        let ours = CronosCodec.settleJSON(
            SettleResponse(success: true, payer: Fixture.payerKey.address, transaction: "0xabc", network: "cronos-testnet"),
            payload: payload, timestamp: "2025-11-04T20:19:11.000Z", blockNumber: 17352
        )
        #expect(JSONWriter.string(ours) == settled)
        #expect(JSONWriter.string(CronosCodec.settleJSON(.failure(.nonceAlreadyUsed, network: "cronos-testnet"), payload: nil, timestamp: "2025-11-04T20:19:11.000Z", blockNumber: 0)) == failed)
    }

    @Test func cronosTimestamp() {
        #expect(CronosCodec.timestamp(unixSeconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(CronosCodec.timestamp(unixSeconds: 1_762_287_551) == "2025-11-04T20:19:11.000Z")
        #expect(CronosCodec.timestamp(unixSeconds: 951_782_400) == "2000-02-29T00:00:00.000Z")
    }

    @Test func supportedRoundTrip() throws {
        let supported = SupportedResponse(
            kinds: [SupportedKind(x402Version: 1, scheme: "exact", network: "cronos-testnet"), SupportedKind(x402Version: 2, scheme: "exact", network: "eip155:338")],
            signers: ["eip155:*": ["0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"]]
        )
        let text = JSONWriter.string(supported.json())
        #expect(text == #"{"kinds":[{"x402Version":1,"scheme":"exact","network":"cronos-testnet"},{"x402Version":2,"scheme":"exact","network":"eip155:338"}],"extensions":[],"signers":{"eip155:*":["0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"]}}"#)
        #expect(try SupportedResponse.decode(try JSONParser.parse(text)) == supported)
        let cronos = try SupportedResponse.decode(try JSONParser.parse(#"{"kinds":[{"x402Version":1,"scheme":"exact","network":"cronos-testnet"}]}"#))
        #expect(cronos.supports(x402Version: 1, scheme: "exact", network: "cronos-testnet"))
    }
}

@Suite struct FacilitatorRequestTests {
    @Test func standardBodyRoundTrips() throws {
        let request = FacilitatorRequest(payload: .v2(Fixture.exact(), for: Fixture.requirement()), requirements: Fixture.requirement())
        let text = String(decoding: request.body(), as: UTF8.self)
        #expect(text == #"{"x402Version":2,"paymentPayload":\#(Fixture.referenceV2PayloadJSON),"paymentRequirements":{"scheme":"exact","network":"eip155:338","asset":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0","amount":"10000","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"Bridged USDC (Stargate)","version":"1"}}}"#)
        #expect(try FacilitatorRequest.decode(body: request.body()) == request)
    }

    @Test func cronosBodyUsesPaymentHeader() throws {
        let requirement = Fixture.requirement(network: .cronosTestnet)
        let request = FacilitatorRequest(payload: .cronos(Fixture.exact(), for: requirement), requirements: requirement)
        #expect(request.usesPaymentHeader)
        let object = try JSONParser.parse(request.body()).objectValue!
        #expect(object.keys == ["x402Version", "paymentHeader", "paymentRequirements"])
        #expect(try FacilitatorRequest.decode(body: request.body()) == request)
    }

    @Test func reasonsForBrokenBodies() {
        func reason(_ text: String) -> ReasonCode? {
            do { _ = try FacilitatorRequest.decode(body: Array(text.utf8)); return nil } catch { return error.reason }
        }
        let payload = Fixture.referenceV2PayloadJSON
        #expect(reason("nope") == .invalidPayload)
        #expect(reason(#"{"x402Version":2}"#) == .invalidPayload)
        #expect(reason(#"{"x402Version":1,"paymentPayload":\#(payload),"paymentRequirements":{}}"#) == .invalidX402Version)
        #expect(reason(#"{"x402Version":2,"paymentPayload":\#(payload),"paymentRequirements":{"scheme":"exact"}}"#) == .invalidPaymentRequirements)
        #expect(reason(#"{"x402Version":2,"paymentPayload":\#(payload),"paymentRequirements":{"scheme":"deferred"}}"#) == .unsupportedScheme)
        // `upto` is a scheme this codec knows: an incomplete one is malformed, not unsupported.
        #expect(reason(#"{"x402Version":2,"paymentPayload":\#(payload),"paymentRequirements":{"scheme":"upto"}}"#) == .invalidPaymentRequirements)
        #expect(reason(#"{"x402Version":1,"paymentHeader":"%%%","paymentRequirements":{}}"#) == .invalidPayload)
    }
}
