import PaygentEVM
import PaygentFoundation
import Testing
@testable import X402

@Suite struct PaywallTests {
    static let route = PaywallRoute(
        path: "/market-data", price: PaywallPrice(token: Fixture.token, amount: 10_000), payTo: Fixture.payTo,
        description: "Spot prices", maxTimeoutSeconds: 60
    )

    static func request(_ headers: [(name: String, value: String)] = [], path: String = "/market-data") -> PaywallRequest {
        PaywallRequest(method: "GET", path: path, url: "http://127.0.0.1:4021" + path, headers: headers)
    }

    static let okBody = Array(#"{"price":"0.0931"}"#.utf8)

    /// A paywall over a fresh devnet; `handled` counts handler runs.
    static func make(balance: UInt256 = 1_000_000) async throws -> (Paywall, InMemoryLedger) {
        let (facilitator, ledger) = try await Fixture.facilitator(balance: balance)
        return (Paywall(routes: [route], facilitator: facilitator), ledger)
    }

    final class Counter: @unchecked Sendable {
        var count = 0
    }

    static func run(_ paywall: Paywall, _ request: PaywallRequest, status: Int = 200, counter: Counter = Counter()) async -> PaywallResponse {
        await paywall.handle(request: request) {
            counter.count += 1
            return PaywallResponse(status: status, headers: [("Content-Type", "application/json")], body: okBody)
        }
    }

    @Test func unpaidRequestGets402InAllThreeDialects() async throws {
        let (paywall, _) = try await Self.make()
        let counter = Counter()
        let response = await Self.run(paywall, Self.request(), counter: counter)
        #expect(response.status == 402)
        #expect(counter.count == 0)
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("cache-control") == "no-store")
        let header = try #require(response.header("payment-required"))
        #expect(header == Fixture.referenceV2RequiredHeader)
        let body = try JSONParser.parse(response.body).objectValue!
        #expect(body["x402Version"] == .number("1"))
        #expect(body["error"] == .string("X-PAYMENT header is required"))
        #expect(body["accepts"] == .array([try JSONParser.parse(Fixture.referenceV1RequirementJSON)]))
        #expect(body["paymentRequirements"] == (try JSONParser.parse(Fixture.referenceV1RequirementJSON)))
        // Every reader sees the same single option.
        let fromHeader = try PaymentRequired.decode(headerValue: header, body: response.body)
        let fromBody = try PaymentRequired.decode(headerValue: nil, body: response.body)
        #expect(fromHeader.accepts.map { $0.spelled(forVersion: 1) } == fromBody.accepts)
    }

    @Test func unpricedRoutesPassThrough() async throws {
        let (paywall, _) = try await Self.make()
        let response = await Self.run(paywall, Self.request(path: "/free"))
        #expect(response.status == 200)
        #expect(response.header("payment-required") == nil)
    }

    @Test func v2PaymentRunsHandlerAndSettles() async throws {
        let (paywall, ledger) = try await Self.make()
        let required = try PaymentRequired.decode(headerValue: Fixture.referenceV2RequiredHeader, body: [])
        let payment = PaymentPayload.v2(Fixture.exact(), for: required.accepts[0], resource: required.resource)
        let counter = Counter()
        let response = await Self.run(paywall, Self.request([("Payment-Signature", payment.headerValue())]), counter: counter)
        #expect(response.status == 200)
        #expect(counter.count == 1)
        #expect(response.body == Self.okBody)
        let settlement = try SettleResponse.decodeHeader(try #require(response.header("PAYMENT-RESPONSE")))
        #expect(settlement.success)
        #expect(settlement.network == "eip155:338")
        #expect(settlement.payer == Fixture.payerKey.address)
        #expect(response.header("X-PAYMENT-RESPONSE") == nil)
        #expect(response.header("Access-Control-Expose-Headers") == "PAYMENT-RESPONSE")
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 10_000)
    }

    @Test func v1AndCronosPaymentsGetXPaymentResponse() async throws {
        let (paywall, ledger) = try await Self.make()
        let requirement = Fixture.requirement(network: .cronosTestnet)
        for payment in [
            PaymentPayload.v1(Fixture.exact(nonce: Fixture.randomNonce()), for: requirement),
            PaymentPayload.cronos(Fixture.exact(nonce: Fixture.randomNonce()), for: requirement),
        ] {
            let response = await Self.run(paywall, Self.request([("X-PAYMENT", payment.headerValue())]))
            #expect(response.status == 200)
            let settlement = try SettleResponse.decodeHeader(try #require(response.header("x-payment-response")))
            #expect(settlement.success && settlement.network == "cronos-testnet")
        }
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 20_000)
    }

    @Test func malformedPaymentIs400() async throws {
        let (paywall, _) = try await Self.make()
        let counter = Counter()
        for header in ["not base64!", Base64.encode(Array("{}".utf8)), String(repeating: "A", count: 9000)] {
            let response = await Self.run(paywall, Self.request([("X-PAYMENT", header)]), counter: counter)
            #expect(response.status == 400)
            let body = try JSONParser.parse(response.body).objectValue!
            #expect(body["errorReason"]?.stringValue == "invalid_payload" || body["errorReason"]?.stringValue == "invalid_x402_version")
            #expect(response.header("PAYMENT-REQUIRED") != nil)
        }
        #expect(counter.count == 0)
    }

    @Test func failedVerificationIs402WithReason() async throws {
        let (paywall, _) = try await Self.make(balance: 5_000)
        let requirement = Fixture.requirement(network: .cronosTestnet)
        let counter = Counter()
        let poor = PaymentPayload.v1(Fixture.exact(), for: requirement)
        var response = await Self.run(paywall, Self.request([("X-PAYMENT", poor.headerValue())]), counter: counter)
        #expect(response.status == 402)
        var body = try JSONParser.parse(response.body).objectValue!
        #expect(body["errorReason"] == .string("invalid_exact_evm_insufficient_balance"))
        #expect(body["error"] == .string("invalid_exact_evm_insufficient_balance"))
        let v2Error = try PaymentRequired.decode(headerValue: response.header("PAYMENT-REQUIRED"), body: []).error
        #expect(v2Error == "invalid_exact_evm_insufficient_balance")

        let cheap = PaymentPayload.v1(Fixture.exact(value: 1), for: requirement)
        response = await Self.run(paywall, Self.request([("X-PAYMENT", cheap.headerValue())]), counter: counter)
        body = try JSONParser.parse(response.body).objectValue!
        #expect(response.status == 402)
        #expect(body["errorReason"] == .string("invalid_exact_evm_payload_authorization_value_mismatch"))
        #expect(counter.count == 0)
    }

    @Test func v2PaymentForOtherTermsMatchesNothing() async throws {
        let (paywall, _) = try await Self.make()
        let cheaper = Fixture.requirement(amount: 1)
        let payment = PaymentPayload.v2(Fixture.exact(value: 1), for: cheaper)
        let response = await Self.run(paywall, Self.request([("PAYMENT-SIGNATURE", payment.headerValue())]))
        #expect(response.status == 402)
        let required = try PaymentRequired.decode(headerValue: response.header("PAYMENT-REQUIRED"), body: [])
        #expect(required.error == "No matching payment requirements")
    }

    @Test func replayIsRejected() async throws {
        let (paywall, _) = try await Self.make()
        let payment = PaymentPayload.v2(Fixture.exact(), for: Fixture.requirement())
        let request = Self.request([("PAYMENT-SIGNATURE", payment.headerValue())])
        #expect(await Self.run(paywall, request).status == 200)
        let counter = Counter()
        let replay = await Self.run(paywall, request, counter: counter)
        #expect(replay.status == 402)
        #expect(counter.count == 0)
        #expect(try JSONParser.parse(replay.body).objectValue!["errorReason"] == .string("invalid_exact_evm_nonce_already_used"))
    }

    @Test func handlerErrorsAreNotSettled() async throws {
        let (paywall, ledger) = try await Self.make()
        let payment = PaymentPayload.v2(Fixture.exact(), for: Fixture.requirement())
        let request = Self.request([("PAYMENT-SIGNATURE", payment.headerValue())])
        let failed = await Self.run(paywall, request, status: 503)
        #expect(failed.status == 503)
        #expect(failed.header("PAYMENT-RESPONSE") == nil)
        struct Boom: Error {}
        let thrown = await paywall.handle(request: request) { throw Boom() }
        #expect(thrown.status == 500)
        #expect(try await ledger.isNonceUsed(Fixture.nonce, by: Fixture.payerKey.address, token: Fixture.token.address) == false)
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 0)
        // The same authorisation still pays once the handler works.
        #expect(await Self.run(paywall, request).status == 200)
    }

    @Test func settlementFailureAfterHandlerIs402WithPaymentResponse() async throws {
        let (paywall, _) = try await Self.make()
        let payment = PaymentPayload.v2(Fixture.exact(), for: Fixture.requirement())
        guard case .verified(let verified) = await paywall.admit(Self.request([("PAYMENT-SIGNATURE", payment.headerValue())])) else {
            Issue.record("payment should verify")
            return
        }
        // Someone settles the same authorisation between verify and settle.
        #expect(try await paywall.facilitator.settle(payment, requirements: verified.requirement).success)
        guard case .failed(let result, let response) = await paywall.settle(verified, handlerStatus: 200) else {
            Issue.record("settlement should fail")
            return
        }
        #expect(result.errorReason == .nonceAlreadyUsed)
        #expect(response.status == 402)
        let header = try SettleResponse.decodeHeader(try #require(response.header("PAYMENT-RESPONSE")))
        #expect(!header.success && header.errorReason == .nonceAlreadyUsed && header.transaction == "")
    }

    @Test func failingFacilitatorIs500() async throws {
        struct Down: Facilitator {
            struct Unreachable: Error {}
            func verify(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> VerifyResponse { throw Unreachable() }
            func settle(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> SettleResponse { throw Unreachable() }
            func supported() async throws -> SupportedResponse { throw Unreachable() }
        }
        let paywall = Paywall(routes: [Self.route], facilitator: Down())
        let payment = PaymentPayload.v2(Fixture.exact(), for: Fixture.requirement())
        let response = await Self.run(paywall, Self.request([("PAYMENT-SIGNATURE", payment.headerValue())]))
        #expect(response.status == 500)
    }
}
