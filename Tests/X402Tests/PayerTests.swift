import Http
import X402Client
import PaygentFoundation
import PaygentEVM
import Testing
import X402

/// The payer against a real loopback paywall settled by the devnet facilitator.
@Suite struct PayerTests {
    let clock = PayerTestClock()

    func payer(
        _ policy: RecordingPolicy = RecordingPolicy(), key: PrivateKey = testPayerKey,
        configuration: X402PayerConfiguration = X402PayerConfiguration(), transport: any X402Transport = HTTPClient(),
        pending: InMemoryPendingPaymentStore = InMemoryPendingPaymentStore()
    ) -> X402Payer {
        X402Payer(signer: key, policy: policy, configuration: configuration, transport: transport, pendingPayments: pending, environment: clock.environment())
    }

    @Test func paysAV2ChallengeAndReturnsTheSettlement() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "5")])
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let pending = InMemoryPendingPaymentStore()
            let result = await payer(policy, pending: pending).pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "p-1")
            let receipt = try #require(result.receipt, "\(result)")
            #expect(receipt.response.status == 200)
            #expect(receipt.response.bodyString.contains("the paid resource"))
            #expect(receipt.payment.dialect == .v2)
            #expect(receipt.requirement.amount == UInt256(10_000))
            #expect(receipt.requirement.network.identifier == "eip155:338")
            let settlement = try #require(receipt.settlement)
            #expect(settlement.success)
            #expect(settlement.payer == testPayerKey.address)
            let a = receipt.payment.exact.authorization
            #expect(a.validAfter == .zero)
            #expect(a.validBefore == UInt256(clock.unix + 120))
            #expect(a.nonce == Keccak256.hash(Array("test nonce 1".utf8)))
            #expect(settlement.transaction == DevnetTransactionHash.compute(
                chainID: 338, token: PaymentToken.cronosTestnetUSDC.address, from: testPayerKey.address, nonce: a.nonce
            ))
            // v2 is preferred: the server saw PAYMENT-SIGNATURE, not X-PAYMENT.
            let paid = try #require(seller.log.paid.first)
            #expect(paid.paymentSignature != nil && paid.xPayment == nil)
            // Money moved exactly once.
            let usdc = PaymentToken.cronosTestnetUSDC.address
            #expect(try await seller.ledger.balance(of: seller.payTo, token: usdc) == UInt256(10_000))
            #expect(try await seller.ledger.balance(of: testPayerKey.address, token: usdc) == UInt256(4_990_000))
            // The policy was asked once and told the outcome with its hold.
            #expect(policy.asked.count == 1)
            #expect(policy.asked.first?.purchaseID == "p-1")
            #expect(policy.recorded.count == 1)
            #expect(policy.recorded.first?.outcome == .settled(transaction: settlement.transaction))
            #expect(policy.recorded.first?.holdID == "hold-1")
            #expect(pending.all.isEmpty)
        }
    }

    @Test func echoesTheServersAcceptedRequirementVerbatim() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let result = await payer().pay(HTTPRequest(url: seller.url("/paid")))
            #expect(result.receipt != nil, "\(result)")
            let header = try #require(seller.log.paid.first?.paymentSignature)
            let json = try HeaderCodec.decodeJSON(header).objectValue!
            #expect(json.keys == ["x402Version", "payload", "accepted", "resource"])
            let accepted = try #require(json["accepted"]?.objectValue)
            #expect(accepted["payTo"]?.stringValue == seller.payTo.checksummed)
            #expect(accepted["extra"]?.objectValue?["name"]?.stringValue == "Bridged USDC (Stargate)")
        }
    }

    @Test func freeResourceIsNotPaid() async throws {
        let seller = try await TestSeller.start(clock: clock)
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let result = await payer(policy).pay(HTTPRequest(url: seller.url("/free")))
            guard case .notRequired(let response) = result else { Issue.record("\(result)"); return }
            #expect(response.status == 200)
            #expect(policy.asked.isEmpty)
            #expect(clock.noncesIssued == 0)
        }
    }

    @Test func paysAV1BodyWithXPaymentAndBackdatedValidAfter() async throws {
        let seller = try await TestSeller.start(clock: clock, form: .v1Only, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let result = await payer().pay(HTTPRequest(url: seller.url("/paid")))
            let receipt = try #require(result.receipt, "\(result)")
            #expect(receipt.payment.dialect == .v1)
            #expect(receipt.payment.network.identifier == "cronos-testnet")
            #expect(receipt.payment.exact.authorization.validAfter == UInt256(clock.unix - 600))
            #expect(receipt.settlement?.success == true)
            let paid = try #require(seller.log.paid.first)
            #expect(paid.xPayment != nil && paid.paymentSignature == nil)
            let decoded = try PaymentPayload.decodeHeader(paid.xPayment!)
            #expect(decoded.dialect == .v1)
        }
    }

    @Test func paysACronosBodyWithTheFlatPayload() async throws {
        let seller = try await TestSeller.start(clock: clock, form: .cronosOnly, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let result = await payer().pay(HTTPRequest(url: seller.url("/paid")))
            let receipt = try #require(result.receipt, "\(result)")
            #expect(receipt.payment.dialect == .cronos)
            #expect(receipt.payment.exact.authorization.validAfter == .zero)
            let header = try #require(seller.log.paid.first?.xPayment)
            let inner = try HeaderCodec.decodeJSON(header).objectValue?["payload"]?.objectValue
            #expect(inner?["authorization"] == nil)
            #expect(inner?["asset"]?.stringValue == PaymentToken.cronosTestnetUSDC.address.checksummed)
            #expect(inner?["validBefore"] == .number(String(clock.unix + 120)))
            #expect(receipt.settlement?.success == true)
            #expect(receipt.response.headers[X402Header.xPaymentResponse] != nil)
        }
    }

    @Test func configurationFiltersBeforeThePolicyIsAsked() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let configurations: [(X402PayerConfiguration, String)] = [
                (X402PayerConfiguration(maxAmountPerPayment: UInt256(9_999)), "exceeds the per-payment maximum"),
                (X402PayerConfiguration(assetLimits: [PaymentToken.cronosTestnetUSDC.address: UInt256(5)]), "exceeds the maximum 5"),
                (X402PayerConfiguration(networks: [.eip155(25)]), "network eip155:338 is not allowed"),
                (X402PayerConfiguration(assets: [TestSeller.secondToken.address]), "is not allowed"),
                (X402PayerConfiguration(payees: [testPayerKey.address]), "payee"),
            ]
            for (configuration, expected) in configurations {
                let policy = RecordingPolicy()
                let result = await payer(policy, configuration: configuration).pay(HTTPRequest(url: seller.url("/paid")))
                guard case .denied(let reason) = result else { Issue.record("\(result)"); continue }
                #expect(reason.contains(expected), "\(reason)")
                #expect(policy.asked.isEmpty)
            }
            #expect(clock.noncesIssued == 0)
            #expect(seller.log.paid.isEmpty)
            // Within the limits it pays.
            let allowed = X402PayerConfiguration(
                networks: [.eip155(338)], assets: [PaymentToken.cronosTestnetUSDC.address], payees: [seller.payTo],
                maxAmountPerPayment: UInt256(10_000)
            )
            #expect(await payer(configuration: allowed).pay(HTTPRequest(url: seller.url("/paid"))).receipt != nil)
        }
    }

    @Test func asksThePolicyCheapestFirstAndPaysTheFirstAllowed() async throws {
        let seller = try await TestSeller.start(
            clock: clock, prices: [(.cronosTestnetUSDC, "0.05"), (TestSeller.secondToken, "0.02")], fund: [(testPayerKey.address, "1")]
        )
        try await withSeller(seller) { seller in
            let second = TestSeller.secondToken.address
            let policy = RecordingPolicy { $0.asset == second ? .deny(reason: "token TWO is not budgeted") : .allow(holdID: "h") }
            let result = await payer(policy).pay(HTTPRequest(url: seller.url("/paid")))
            let receipt = try #require(result.receipt, "\(result)")
            #expect(policy.asked.map(\.amount) == [UInt256(20_000), UInt256(50_000)])
            #expect(receipt.requirement.asset == PaymentToken.cronosTestnetUSDC.address)
            #expect(receipt.requirement.amount == UInt256(50_000))
            #expect(clock.noncesIssued == 1)
        }
    }

    @Test func deniedByThePolicySignsNothing() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy { _ in .deny(reason: "daily budget exhausted") }
            let result = await payer(policy).pay(HTTPRequest(url: seller.url("/paid")))
            guard case .denied(let reason) = result else { Issue.record("\(result)"); return }
            #expect(reason == "daily budget exhausted")
            #expect(clock.noncesIssued == 0)
            #expect(policy.recorded.isEmpty)
            #expect(seller.log.paid.isEmpty)
        }
    }

    @Test func askHumanStopsAndTheApprovedRetryPays() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let asking = RecordingPolicy { _ in .askHuman(reason: "first payment to this merchant") }
            let result = await payer(asking).pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "buy-42")
            guard case .approvalRequired(let intent, let reason) = result else { Issue.record("\(result)"); return }
            #expect(reason == "first payment to this merchant")
            #expect(intent.purchaseID == "buy-42")
            #expect(intent.amount == UInt256(10_000))
            #expect(intent.payTo == seller.payTo)
            #expect(intent.payer == testPayerKey.address)
            #expect(intent.chainID == 338)
            #expect(clock.noncesIssued == 0)
            // The human approved: the same purchase is retried and paid.
            let approved = RecordingPolicy { $0.purchaseID == "buy-42" ? .allow(holdID: "approved") : .deny(reason: "?") }
            let paid = await payer(approved).pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "buy-42")
            #expect(paid.receipt?.settlement?.success == true, "\(paid)")
        }
    }

    @Test func rejectedPaymentIsAFailureWithTheReasonCode() async throws {
        // The payer holds no funds: the facilitator refuses with the reference reason.
        let seller = try await TestSeller.start(clock: clock)
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let pending = InMemoryPendingPaymentStore()
            let result = await payer(policy, pending: pending).pay(HTTPRequest(url: seller.url("/paid")))
            guard case .failed(.paymentRejected(let reason, _, let status, _)) = result else { Issue.record("\(result)"); return }
            #expect(reason == .insufficientBalance)
            #expect(status == 402)
            #expect(policy.recorded.count == 1)
            #expect(policy.recorded.first?.outcome == .failed(reason: "invalid_exact_evm_insufficient_balance"))
            #expect(pending.all.isEmpty)
        }
    }

    @Test func malformedOrUnusable402IsAFailureWithItsReason() async throws {
        let seller = try await TestSeller.start(clock: clock)
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let broken = await payer(policy).pay(HTTPRequest(url: seller.url("/broken")))
            guard case .failed(.invalidPaymentRequired(let error)) = broken else { Issue.record("\(broken)"); return }
            #expect(error.reason == .invalidPayload)
            if case .invalidBase64 = error {} else { Issue.record("expected the header's base64 error, got \(error)") }
            let unusable = await payer(policy).pay(HTTPRequest(url: seller.url("/other-scheme")))
            guard case .failed(.noSupportedRequirement(let reasons)) = unusable else { Issue.record("\(unusable)"); return }
            #expect(reasons.count == 2)
            #expect(reasons.contains { $0.contains("unsupported scheme") })
            #expect(reasons.contains { $0.contains("missing_eip712_domain") })
            #expect(policy.asked.isEmpty)
            #expect(clock.noncesIssued == 0)
        }
    }

    @Test func challengePrefersTheV2HeaderAndFallsBackToTheBody() throws {
        let requirement = PaymentRequirement(token: .cronosTestnetUSDC, payTo: DevnetAccounts.merchant.address, amount: UInt256(7), resource: "http://x/y")
        let v2 = PaymentRequired(dialect: .v2, accepts: [requirement]).v2HeaderValue()
        let body = JSONWriter.encode(PaymentRequired(dialect: .v1, accepts: [requirement]).jsonV1(includeCronos: true))
        #expect(try PaymentChallenge.decode(headerValue: v2, body: body).dialect == .v2)
        #expect(try PaymentChallenge.decode(headerValue: nil, body: body).dialect == .v1)
        // A broken header with a usable body: the body is used.
        #expect(try PaymentChallenge.decode(headerValue: "%%%", body: body).dialect == .v1)
        // A broken header and no usable body: the header's error is reported.
        #expect(throws: DecodeError.self) { try PaymentChallenge.decode(headerValue: "%%%", body: Array("{}".utf8)) }
        var cronos = JSONWriter.string(PaymentRequired(dialect: .v1, accepts: [requirement]).jsonV1(includeCronos: true))
        cronos = cronos.replacingOccurrences(of: "\"accepts\"", with: "\"ignored\"")
        let challenge = try PaymentChallenge.decode(headerValue: nil, body: Array(cronos.utf8))
        #expect(challenge.dialect == .cronos)
        #expect(challenge.offers.count == 1)
        #expect(challenge.offers.first?.requirement.amount == UInt256(7))
    }
}
