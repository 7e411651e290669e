import Http
import X402Client
import PaygentFoundation
import PaygentEVM
import Testing
@testable import X402

/// The `upto` scheme: the facilitator's verify order and settlement of a charge below the signed
/// maximum, and the payer and paywall end to end on loopback.
@Suite struct UptoTests {
    static let settler = DevnetAccounts.facilitatorSigner.address
    let clock = PayerTestClock()

    static func requirement(amount: UInt256 = 50_000, facilitator: Address? = settler) -> PaymentRequirement {
        var r = Permit2Tests.requirement(amount: amount)
        r.scheme = PaymentRequirement.uptoScheme
        r.facilitatorAddress = facilitator
        return r
    }

    /// An upto permit for a 50,000 maximum, signed by the payer (signing as the payer does).
    static func payload(requirement: PaymentRequirement = requirement(), key: PrivateKey = Fixture.payerKey) throws -> PaymentPayload {
        let exact = try ExactEVMPayload.sign(requirement, with: key, now: Fixture.now, nonce: Fixture.randomNonce())
        return .v2(exact, for: requirement)
    }

    static func facilitator() async throws -> (LocalFacilitator, InMemoryLedger) {
        try await Permit2Tests.facilitator()
    }

    static func charging(_ amount: UInt256) -> PaymentRequirement {
        var r = requirement()
        r.amount = amount
        return r
    }

    @Test func supportedNamesTheFacilitatorUptoPermitsMustBindTo() async throws {
        let (facilitator, _) = try await Self.facilitator()
        let kinds = await facilitator.supported().kinds
        let upto = try #require(kinds.first { $0.scheme == "upto" })
        #expect(upto.network == "eip155:338" && upto.x402Version == 2)
        #expect(upto.extra?["facilitatorAddress"]?.stringValue == Self.settler.checksummed)
    }

    @Test func theWitnessNamesTheFacilitatorAndTheSpenderIsTheUptoProxy() throws {
        let payload = try Self.payload()
        let permit = try #require(payload.exact.permit2)
        #expect(permit.facilitator == Self.settler)
        #expect(permit.spender == PermitWitnessTransferFrom.uptoProxyAddress)
        #expect(permit.amount == 50_000)
        let wire = JSONWriter.string(payload.json())
        #expect(wire.contains(#""witness":{"to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","facilitator":"\#(Self.settler.checksummed)","validAfter":"0"}"#))
        #expect(try PaymentPayload.decode(try JSONParser.parse(wire)) == payload)
        #expect(throws: X402Error.self) { try Self.payload(requirement: Self.requirement(facilitator: nil)) }
    }

    @Test func settlesTheChargeNotTheMaximum() async throws {
        let (facilitator, ledger) = try await Self.facilitator()
        let payload = try Self.payload()
        #expect(await facilitator.verify(payload, requirements: Self.requirement()).isValid)
        let settled = await facilitator.settle(payload, requirements: Self.charging(12_345))
        #expect(settled.success, "\(settled)")
        #expect(settled.amount == 12_345)
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 12_345)
        #expect(try await ledger.balance(of: Fixture.payerKey.address, token: Fixture.token.address) == 1_000_000 - 12_345)
        // One permit, one settlement: a second charge on it is a replay.
        #expect(await facilitator.settle(payload, requirements: Self.charging(1)).errorReason == .permit2InvalidNonce)
        #expect(ledger.transfers.count == 1)
    }

    @Test func refusesToChargeMoreThanSignedAndMovesNothingForZero() async throws {
        let (facilitator, ledger) = try await Self.facilitator()
        let payload = try Self.payload()
        #expect(await facilitator.settle(payload, requirements: Self.charging(50_001)).errorReason == .uptoSettlementExceedsAmount)
        let zero = await facilitator.settle(payload, requirements: Self.charging(0))
        #expect(zero.success && zero.amount == .zero && zero.transaction.isEmpty)
        #expect(ledger.transfers.isEmpty)
        // The exact maximum is fine.
        #expect(await facilitator.settle(payload, requirements: Self.charging(50_000)).amount == 50_000)
    }

    @Test func verifyReasonsInTheReferenceOrder() async throws {
        let (facilitator, _) = try await Self.facilitator()
        let payload = try Self.payload()
        var exactRequirement = Self.requirement()
        exactRequirement.scheme = "exact"
        #expect(await facilitator.verify(payload, requirements: exactRequirement).invalidReason == .uptoInvalidScheme)
        // Bound to another facilitator.
        let elsewhere = try Self.payload(requirement: Self.requirement(facilitator: Fixture.otherKey.address))
        #expect(await facilitator.verify(elsewhere, requirements: Self.requirement()).invalidReason == .uptoFacilitatorMismatch)
        // An exact permit offered as upto: not an upto payload.
        var exactPermit = try Self.payload(requirement: Permit2Tests.requirement(amount: 50_000))
        exactPermit.scheme = "upto"
        exactPermit.accepted?.scheme = "upto"
        #expect(await facilitator.verify(exactPermit, requirements: Self.requirement()).invalidReason == .unsupportedPayloadType)
        // At verify the requirement's amount is the maximum and must match the permit.
        #expect(await facilitator.verify(payload, requirements: Self.charging(49_999)).invalidReason == .permit2AmountMismatch)
        // The exact scheme refuses an upto permit (its spender is the upto proxy).
        var asExact = payload
        asExact.scheme = "exact"
        asExact.accepted?.scheme = "exact"
        #expect(await facilitator.verify(asExact, requirements: exactRequirement).invalidReason == .permit2InvalidSpender)
    }

    // MARK: Payer and paywall on loopback

    @Test func payerSignsTheMaximumAndThePolicyLearnsTheCharge() async throws {
        let seller = try await TestSeller.start(clock: clock, prices: [(.cronosTestnetUSDC, "0.05")], fund: [(testPayerKey.address, "5")],
                                                upto: true, charge: #"{"amount":"3700"}"#)
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let result = await X402Payer(signer: testPayerKey, policy: policy, environment: clock.environment())
                .pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "llm-1")
            let receipt = try #require(result.receipt, "\(result)")
            #expect(receipt.response.status == 200)
            #expect(receipt.response.headers[Paywall.settlementOverridesHeader] == nil, "the override header is not passed on")
            #expect(policy.asked.first?.scheme == "upto")
            #expect(policy.asked.first?.amount == 50_000, "the policy is asked about the maximum")
            #expect(receipt.payment.exact.permit2?.amount == 50_000)
            #expect(receipt.settlement?.amount == 3_700)
            #expect(policy.recorded.first?.outcome == .settled(transaction: receipt.settlement!.transaction, charged: 3_700))
            #expect(try await seller.ledger.balance(of: seller.payTo, token: PaymentToken.cronosTestnetUSDC.address) == 3_700)
        }
    }

    @Test func aHandlerChargeAboveTheMaximumOrMalformedSettlesNothing() async throws {
        for charge in [#"{"amount":"50001"}"#, #"{"amount":"-1"}"#, #"{"amount":1e3}"#, "not json", #"{"amount":"0x10"}"#] {
            let seller = try await TestSeller.start(clock: clock, prices: [(.cronosTestnetUSDC, "0.05")], fund: [(testPayerKey.address, "5")],
                                                    upto: true, charge: charge)
            try await withSeller(seller) { seller in
                let response = try await HTTPClient().send(HTTPRequest(url: seller.url("/paid")))
                #expect(response.status == 402)
                let paid = try await X402Payer(signer: testPayerKey, policy: RecordingPolicy(), environment: clock.environment())
                    .pay(HTTPRequest(url: seller.url("/paid")))
                #expect(paid.receipt == nil, "\(charge): \(paid)")
                #expect(seller.ledger.transfers.isEmpty, "\(charge) must not move money")
            }
        }
    }

    @Test func anUptoOfferWithoutAFacilitatorIsSetAside() async throws {
        var r = Self.requirement(facilitator: nil)
        r.resource = "x"
        let json = PaymentRequired(dialect: .v2, accepts: [r]).v2HeaderValue()
        let challenge = try PaymentChallenge.decode(headerValue: json, body: [])
        #expect(challenge.offers.first?.requirement.facilitatorAddress == nil)
        #expect(throws: X402Error.self) { try ExactEVMPayload.sign(r, with: Fixture.payerKey, now: Fixture.now) }
    }
}
