import Http
import PaygentFoundation
import Hummingbird
import PaygentEVM
import PaygentServer
import Testing
@testable import X402

/// End to end through real Hummingbird servers on 127.0.0.1, with hand-built signed payments.
@Suite(.serialized) struct ServerTests {
    static let client = HTTPClient()

    static func body(_ response: Http.HTTPResponse) throws -> JSONObject {
        try #require(try JSONParser.parse(response.body).objectValue)
    }

    @Test func demoServicesChargeAndSettleInEveryDialect() async throws {
        let demo = try await DemoServer.start(.init(port: 0, clock: Fixture.clock))
        defer { Task { await demo.server.stop() } }
        let base = demo.server.baseURL
        #expect(demo.server.port > 0)
        #expect(demo.accounts.count == 3)
        let usdc = Fixture.token.address

        // 1. Unpaid: 402 with all three dialects.
        let unpaid = try await Self.client.get(base + "/market-data")
        #expect(unpaid.status == 402)
        let required = try PaymentRequired.decode(headerValue: unpaid.headers["payment-required"], body: unpaid.body)
        #expect(required.dialect == .v2)
        let requirement = try #require(required.accepts.first)
        #expect(requirement.network == .eip155(338))
        #expect(requirement.amount == 10_000)  // 0.01 USDC
        #expect(requirement.resource == base + "/market-data")
        #expect(requirement.payTo == DevnetAccounts.merchant.address)
        let v1Body = try PaymentRequired.decode(headerValue: nil, body: unpaid.body)
        #expect(v1Body.accepts.first?.network == .cronosTestnet)

        // 2. v2 payment with PAYMENT-SIGNATURE.
        let payer = demo.accounts[0]
        let exact = try ExactEVMPayload.sign(requirement, with: payer, now: Fixture.now)
        let payment = PaymentPayload.v2(exact, for: requirement, resource: required.resource)
        let paid = try await Self.client.get(base + "/market-data", headers: ["PAYMENT-SIGNATURE": payment.headerValue()])
        #expect(paid.status == 200)
        let settlement = try SettleResponse.decodeHeader(try #require(paid.headers["payment-response"]))
        #expect(settlement.success && settlement.payer == payer.address && settlement.network == "eip155:338")
        #expect(try Self.body(paid)["quotes"]?.arrayValue?.isEmpty == false)
        #expect(try await demo.ledger.balance(of: payer.address, token: usdc) == 999_990_000)
        #expect(try await demo.ledger.balance(of: DevnetAccounts.merchant.address, token: usdc) == 10_000)

        // 3. Replaying the same header is refused before the handler runs.
        let replay = try await Self.client.get(base + "/market-data", headers: ["PAYMENT-SIGNATURE": payment.headerValue()])
        #expect(replay.status == 402)
        #expect(try Self.body(replay)["errorReason"] == .string("invalid_exact_evm_nonce_already_used"))

        // 4. v1 X-PAYMENT for the swap quote (0.05).
        let swapURL = base + "/swap-quote?from=CRO&to=USDC&amount=10"
        let swap402 = try await Self.client.get(swapURL)
        let swapRequirement = try #require(try PaymentRequired.decode(headerValue: nil, body: swap402.body).accepts.first)
        #expect(swapRequirement.amount == 50_000)
        #expect(swapRequirement.resource == swapURL)
        let v1 = PaymentPayload.v1(try ExactEVMPayload.sign(swapRequirement, with: demo.accounts[1], now: Fixture.now), for: swapRequirement)
        let swap = try await Self.client.get(swapURL, headers: ["X-PAYMENT": v1.headerValue()])
        #expect(swap.status == 200)
        #expect(try Self.body(swap)["amountOut"] == .string("0.928207"))
        #expect(try SettleResponse.decodeHeader(try #require(swap.headers["x-payment-response"])).network == "cronos-testnet")

        // 5. A paid request whose handler fails (bad query) is not charged.
        let bad = PaymentPayload.cronos(try ExactEVMPayload.sign(swapRequirement, with: demo.accounts[2], now: Fixture.now), for: swapRequirement)
        let badQuote = try await Self.client.get(base + "/swap-quote?from=CRO&to=NOPE&amount=10", headers: ["X-PAYMENT": bad.headerValue()])
        #expect(badQuote.status == 400)
        #expect(badQuote.headers["x-payment-response"] == nil)
        #expect(try await demo.ledger.balance(of: demo.accounts[2].address, token: usdc) == 1_000_000_000)

        // 6. Malformed payment header: 400.
        let malformed = try await Self.client.get(base + "/report", headers: ["X-PAYMENT": "%%%"])
        #expect(malformed.status == 400)
        #expect(try Self.body(malformed)["errorReason"] == .string("invalid_payload"))

        // 7. The report costs 12.00; news 0.01; unpriced routes are free.
        let report = try PaymentRequired.decode(headerValue: nil, body: try await Self.client.get(base + "/report").body)
        #expect(report.accepts.first?.amount == 12_000_000)
        #expect(try await Self.client.get(base + "/news").status == 402)
        #expect(try await Self.client.get(base + "/").status == 200)
    }

    @Test func facilitatorRoutesSpeakStandardAndCronos() async throws {
        let (facilitator, ledger) = try await Fixture.facilitator(balance: 100_000)
        let server = try await FacilitatorRoutes.serve(facilitator: facilitator, clock: Fixture.clock)
        defer { Task { await server.stop() } }
        let base = server.baseURL
        let json: HTTPHeaders = ["Content-Type": "application/json"]

        for prefix in ["/x402", ""] {
            let supported = try await Self.client.get(base + prefix + "/supported")
            #expect(supported.status == 200)
            let decoded = try SupportedResponse.decode(try JSONParser.parse(supported.body))
            #expect(decoded.supports(x402Version: 2, scheme: "exact", network: "eip155:338"))
            #expect(decoded.supports(x402Version: 1, scheme: "exact", network: "cronos-testnet"))
        }

        let request = FacilitatorRequest(payload: .v2(Fixture.exact(), for: Fixture.requirement()), requirements: Fixture.requirement())
        let verify = try await Self.client.post(base + "/x402/verify", headers: json, body: request.body())
        #expect(verify.status == 200)
        #expect(try VerifyResponse.decode(try JSONParser.parse(verify.body)) == .valid(payer: Fixture.payerKey.address))
        #expect(verify.bodyString == #"{"isValid":true,"payer":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"}"#)

        let settle = try await Self.client.post(base + "/settle", headers: json, body: request.body())
        let settled = try SettleResponse.decode(try JSONParser.parse(settle.body))
        #expect(settled.success && settled.transaction.count == 66)
        let again = try await Self.client.post(base + "/x402/settle", headers: json, body: request.body())
        #expect(try SettleResponse.decode(try JSONParser.parse(again.body)).errorReason == .nonceAlreadyUsed)

        // A tampered value: 200 with the reason code, as the reference client expects.
        var tampered = request
        tampered.payload.exact.authorization.value = 1
        let rejected = try await Self.client.post(base + "/x402/verify", headers: json, body: tampered.body())
        #expect(rejected.status == 200)
        #expect(try VerifyResponse.decode(try JSONParser.parse(rejected.body)).invalidReason == .authorizationValueMismatch)

        // Undecodable payment inside valid JSON: 200 + reason; not JSON at all: 400.
        let broken = try await Self.client.post(base + "/x402/verify", headers: json, body: Array(#"{"x402Version":2,"paymentPayload":{"x402Version":2},"paymentRequirements":{}}"#.utf8))
        #expect(broken.status == 200)
        #expect(try VerifyResponse.decode(try JSONParser.parse(broken.body)).invalidReason == .invalidPayload)
        #expect(try await Self.client.post(base + "/x402/verify", headers: json, body: Array("nope".utf8)).status == 400)

        // Cronos facilitator shapes at /v2/x402.
        let cronosRequirement = Fixture.requirement(network: .cronosTestnet)
        let cronos = FacilitatorRequest(payload: .cronos(Fixture.exact(nonce: Fixture.randomNonce()), for: cronosRequirement), requirements: cronosRequirement)
        let cronosHeaders: HTTPHeaders = ["Content-Type": "application/json", "X402-Version": "1"]
        let cv = try await Self.client.post(base + "/v2/x402/verify", headers: cronosHeaders, body: cronos.body())
        #expect(cv.bodyString == #"{"isValid":true,"invalidReason":null}"#)
        let cs = try await Self.client.post(base + "/v2/x402/settle", headers: cronosHeaders, body: cronos.body())
        let cronosSettle = try #require(try JSONParser.parse(cs.body).objectValue)
        #expect(cronosSettle["event"] == .string("payment.settled"))
        #expect(cronosSettle["timestamp"] == .string(CronosCodec.timestamp(unixSeconds: Fixture.now)))
        #expect(try SettleResponse.decode(.object(cronosSettle)).success)
        let cs2 = try await Self.client.post(base + "/v2/x402/settle", headers: cronosHeaders, body: cronos.body())
        let failed = try SettleResponse.decode(try JSONParser.parse(cs2.body))
        #expect(!failed.success && failed.errorReason == .nonceAlreadyUsed && failed.errorMessage == "Authorization already used")
        #expect(try await Self.client.get(base + "/healthcheck").status == 200)
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 20_000)
    }

    @Test func middlewareOnACustomRouter() async throws {
        let (facilitator, ledger) = try await Fixture.facilitator()
        let router = Router(context: BasicRequestContext.self)
        let route = PaywallRoute(path: "/paid", price: PaywallPrice(token: Fixture.token, amount: 10_000), payTo: Fixture.payTo, description: "Spot prices")
        let missing = PaywallRoute(path: "/missing", price: PaywallPrice(token: Fixture.token, amount: 10_000), payTo: Fixture.payTo, description: "gone")
        let paywall = Paywall(routes: [route, missing], facilitator: facilitator)
        router.paid(route, paywall: paywall) { _, _ in "content" }
        router.paid(missing, paywall: paywall) { _, _ -> String in throw HTTPError(.notFound) }
        let server = try await PaygentHTTPServer.start(router: router)
        defer { Task { await server.stop() } }

        let unpaid = try await Self.client.get(server.baseURL + "/paid")
        let requirement = try #require(try PaymentRequired.decode(headerValue: unpaid.headers["PAYMENT-REQUIRED"], body: unpaid.body).accepts.first)
        let pay = PaymentPayload.v2(Fixture.exact(), for: requirement)
        // The handler throws: not settled, and the authorisation stays usable.
        let gone = try await Self.client.get(server.baseURL + "/missing", headers: ["PAYMENT-SIGNATURE": pay.headerValue()])
        // The terms match (resource URLs are not compared), so it verifies; the handler throws 404.
        #expect(gone.status == 404)
        #expect(try await ledger.isNonceUsed(Fixture.nonce, by: Fixture.payerKey.address, token: Fixture.token.address) == false)
        let paid = try await Self.client.get(server.baseURL + "/paid", headers: ["PAYMENT-SIGNATURE": pay.headerValue()])
        #expect(paid.status == 200)
        #expect(paid.bodyString == "content")
        #expect(try SettleResponse.decodeHeader(try #require(paid.headers["PAYMENT-RESPONSE"])).success)
    }

    @Test func ephemeralPortsDoNotCollide() async throws {
        let (facilitator, _) = try await Fixture.facilitator()
        let a = try await FacilitatorRoutes.serve(facilitator: facilitator)
        let b = try await FacilitatorRoutes.serve(facilitator: facilitator)
        #expect(a.port != b.port)
        await a.stop()
        await b.stop()
    }
}
