import Http
import X402Client
import PaygentFoundation
import PaygentEVM
import Testing
@testable import X402

/// The `payment-identifier` extension: the payer's stable id per purchase, and idempotency on our
/// paywall (loopback HTTP) and facilitator (`/settle`): same id and payment → the first result,
/// same id and another payment → 409.
@Suite struct PaymentIdentifierTests {
    let clock = PayerTestClock()

    @Test func idsAreStablePerPurchaseAndValid() {
        let id = PaymentIdentifier.id(forPurchase: "purchase-1")
        #expect(id == PaymentIdentifier.id(forPurchase: "purchase-1"))
        #expect(id != PaymentIdentifier.id(forPurchase: "purchase-2"))
        #expect(PaymentIdentifier.isValid(id) && id.hasPrefix("pay_") && id.utf8.count == 36)
        #expect(!PaymentIdentifier.isValid("too-short"))
        #expect(!PaymentIdentifier.isValid("pay_0123456789abcdef!"))
        #expect(!PaymentIdentifier.isValid(String(repeating: "a", count: 129)))
        // Appended only where the server declared the extension.
        let declared: JSONObject = [PaymentIdentifier.key: PaymentIdentifier.declaration()]
        #expect(PaymentIdentifier.find(in: PaymentIdentifier.appending(id, to: declared)) == .id(id))
        #expect(PaymentIdentifier.appending(id, to: [:]).isEmpty)
    }

    @Test func declarationIsTheReferencesByteForByte() {
        // `json.dumps(declare_payment_identifier_extension(), separators=(",", ":"))`, x402 2.25.0.
        let reference = #"{"info":{"required":false},"schema":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"required":{"type":"boolean"},"id":{"type":"string","minLength":16,"maxLength":128,"pattern":"^[a-zA-Z0-9_-]+$"}},"required":["required"]}}"#
        #expect(JSONWriter.string(PaymentIdentifier.declaration()) == reference)
    }

    /// The 402's v2 offer and the raw PAYMENT-SIGNATURE of a payment for it with `id`.
    func signedHeader(_ seller: TestSeller, id: String?, nonce: [UInt8]) async throws -> String {
        let unpaid = try await HTTPClient().send(HTTPRequest(url: seller.url("/paid")))
        let challenge = try PaymentChallenge.decode(headerValue: unpaid.headers[X402Header.paymentRequired], body: unpaid.body)
        let offer = try #require(challenge.offers.first)
        let exact = try ExactEVMPayload.sign(offer.requirement, with: testPayerKey, now: clock.unix, nonce: nonce)
        var extensions = challenge.rawExtensions ?? [:]
        if let id { extensions = PaymentIdentifier.appending(id, to: extensions) }
        return PaymentPayload.v2(exact, for: offer.requirement, resource: challenge.paymentRequired.resource, extensions: extensions).headerValue()
    }

    func send(_ seller: TestSeller, _ header: String) async throws -> HTTPResponse {
        var request = HTTPRequest(url: seller.url("/paid"))
        request.headers[X402Header.paymentSignature] = header
        return try await HTTPClient().send(request)
    }

    @Test func thePaywallAnswersARetryWithTheFirstSettlementAndAConflictWith409() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "5")], paymentIdentifiers: PaymentIdentifierCache())
        try await withSeller(seller) { seller in
            // The 402 declares the extension.
            let unpaid = try await HTTPClient().send(HTTPRequest(url: seller.url("/paid")))
            let challenge = try PaymentChallenge.decode(headerValue: unpaid.headers[X402Header.paymentRequired], body: unpaid.body)
            #expect(challenge.rawExtensions?[PaymentIdentifier.key] == PaymentIdentifier.declaration())

            let id = "pay_retry_0123456789abcdef"
            let header = try await signedHeader(seller, id: id, nonce: Fixture.randomNonce())
            let first = try await send(seller, header)
            #expect(first.status == 200)
            let settlement = try #require(first.headers[X402Header.paymentResponse])
            // The same payment again: the resource and the same settlement, no second transfer.
            let again = try await send(seller, header)
            #expect(again.status == 200)
            #expect(again.headers[X402Header.paymentResponse] == settlement)
            #expect(again.bodyString.contains("the paid resource"))
            #expect(seller.ledger.transfers.count == 1)
            // The same id on a different payment: 409, nothing moves.
            let other = try await signedHeader(seller, id: id, nonce: Fixture.randomNonce())
            let conflict = try await send(seller, other)
            #expect(conflict.status == 409)
            #expect(conflict.bodyString.contains("payment_identifier_conflict"))
            #expect(seller.ledger.transfers.count == 1)
            // A malformed id is a 400; no id at all is an ordinary payment.
            #expect(try await send(seller, try await signedHeader(seller, id: "short", nonce: Fixture.randomNonce())).status == 400)
            #expect(try await send(seller, try await signedHeader(seller, id: nil, nonce: Fixture.randomNonce())).status == 200)
            #expect(seller.ledger.transfers.count == 2)
        }
    }

    @Test func aFailedFirstAttemptDoesNotBlockTheRetry() async throws {
        let seller = try await TestSeller.start(clock: clock, paymentIdentifiers: PaymentIdentifierCache())
        try await withSeller(seller) { seller in
            let id = "pay_unfunded_0123456789ab"
            let header = try await signedHeader(seller, id: id, nonce: Fixture.randomNonce())
            #expect(try await send(seller, header).status == 402)  // no funds yet
            try await DevnetAccounts.fund(testPayerKey.address, with: 1_000_000, token: PaymentToken.cronosTestnetUSDC.address, on: seller.ledger)
            #expect(try await send(seller, header).status == 200)
            #expect(seller.ledger.transfers.count == 1)
        }
    }

    @Test func thePayerSendsItsPurchasesIdWhenDeclared() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "5")], paymentIdentifiers: PaymentIdentifierCache())
        try await withSeller(seller) { seller in
            let result = await X402Payer(signer: testPayerKey, policy: RecordingPolicy(), environment: clock.environment())
                .pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "agent-purchase-7")
            let receipt = try #require(result.receipt, "\(result)")
            let sent = try #require(seller.log.paid.first?.paymentSignature)
            let payment = try PaymentPayload.decodeHeader(sent)
            #expect(PaymentIdentifier.find(in: payment.extensions) == .id(PaymentIdentifier.id(forPurchase: "agent-purchase-7")))
            #expect(receipt.settlement?.success == true)
        }
    }

    @Test func theFacilitatorSettlesAnIdentifiedPaymentOnceAndRefusesAnotherWithTheSameId() async throws {
        let (facilitator, ledger) = try await Fixture.facilitator()
        let handler = FacilitatorHTTPHandler(facilitator: facilitator)
        func body(nonce: [UInt8], id: String) -> [UInt8] {
            let extensions = PaymentIdentifier.appending(id, to: [PaymentIdentifier.key: PaymentIdentifier.declaration()])
            let payload = PaymentPayload.v2(Fixture.exact(nonce: nonce), for: Fixture.requirement(), extensions: extensions)
            return FacilitatorRequest(payload: payload, requirements: Fixture.requirement()).body()
        }
        let id = "pay_facilitator_0123456789"
        let first = body(nonce: Fixture.randomNonce(), id: id)
        let settled = await handler.settle(body: first)
        #expect(settled.status == 200 && String(decoding: settled.body, as: UTF8.self).contains(#""success":true"#))
        let again = await handler.settle(body: first)
        #expect(again.status == 200)
        #expect(again.body == settled.body, "the first result, not nonce_already_used")
        let conflict = await handler.settle(body: body(nonce: Fixture.randomNonce(), id: id))
        #expect(conflict.status == 409)
        #expect(ledger.transfers.count == 1)
    }

    @Test func theCacheForgetsTheOldestBeyondItsCapacity() {
        let cache = PaymentIdentifierCache<Int>(capacity: 2)
        for (i, id) in ["a", "b", "c"].enumerated() {
            guard case .new = cache.begin(id: id, fingerprint: [UInt8(i)]) else { Issue.record("expected new"); return }
            cache.finish(id: id, fingerprint: [UInt8(i)], result: i)
        }
        if case .new = cache.begin(id: "a", fingerprint: [9]) {} else { Issue.record("a should have been forgotten") }
        if case .replay(let value) = cache.begin(id: "c", fingerprint: [2]) { #expect(value == 2) } else { Issue.record("c should replay") }
        if case .conflict = cache.begin(id: "b", fingerprint: [7]) {} else { Issue.record("b should conflict") }
        if case .inFlight = cache.begin(id: "a", fingerprint: [9]) {} else { Issue.record("a is reserved") }
    }
}
