import Http
import X402Client
import PaygentEVM
import Testing
import X402

/// The payer against a real loopback paywall that asks for `exact` over Permit2.
@Suite struct PayerPermit2Tests {
    let clock = PayerTestClock()

    func payer(_ policy: RecordingPolicy = RecordingPolicy()) -> X402Payer {
        X402Payer(signer: testPayerKey, policy: policy, environment: clock.environment())
    }

    @Test func paysAPermit2RouteWithAPermitAndSpendsItsNonceOnce() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "5")], transferMethod: .permit2)
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let result = await payer(policy).pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "p2-1")
            let receipt = try #require(result.receipt, "\(result)")
            #expect(receipt.response.status == 200)
            #expect(receipt.requirement.assetTransferMethod == .permit2)
            let permit = try #require(receipt.payment.exact.permit2, "the payer must sign a Permit2 permit when asked")
            #expect(permit.spender == PermitWitnessTransferFrom.exactProxyAddress)
            #expect(permit.token == PaymentToken.cronosTestnetUSDC.address)
            #expect(permit.amount == 10_000 && permit.to == seller.payTo)
            #expect(permit.deadline == UInt256(clock.unix + 120))
            let settlement = try #require(receipt.settlement)
            #expect(settlement.success)
            let usdc = PaymentToken.cronosTestnetUSDC.address
            #expect(try await seller.ledger.balance(of: seller.payTo, token: usdc) == 10_000)
            #expect(try await seller.ledger.balance(of: testPayerKey.address, token: usdc) == 4_990_000)
            #expect(try await seller.ledger.isNonceUsed(permit.nonce.bigEndianBytes, by: testPayerKey.address, token: PermitWitnessTransferFrom.permit2Address))
            #expect(policy.recorded.first?.outcome == .settled(transaction: settlement.transaction))
            // The server saw exactly one paid request: one permit signed and sent.
            #expect(seller.log.paid.count == 1)
        }
    }

    @Test func aPayerWithoutAPermit2ApprovalIsRefusedAndItsHoldReleased() async throws {
        let seller = try await TestSeller.start(clock: clock, transferMethod: .permit2)
        try await withSeller(seller) { seller in
            try await seller.ledger.mint(5_000_000, to: testPayerKey.address, token: PaymentToken.cronosTestnetUSDC.address)
            let policy = RecordingPolicy()
            let result = await payer(policy).pay(HTTPRequest(url: seller.url("/paid")))
            guard case .failed(.paymentRejected(let reason, _, _, _)) = result else {
                Issue.record("expected a rejection, got \(result)")
                return
            }
            #expect(reason == .permit2AllowanceRequired)
            #expect(policy.recorded.first?.outcome == .failed(reason: "permit2_allowance_required"))
            #expect(try await seller.ledger.balance(of: seller.payTo, token: PaymentToken.cronosTestnetUSDC.address) == .zero)
        }
    }

    @Test func aCronosOnlyChallengeCannotCarryAPermit() async throws {
        let seller = try await TestSeller.start(clock: clock, form: .cronosOnly, fund: [(testPayerKey.address, "5")], transferMethod: .permit2)
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let result = await payer(policy).pay(HTTPRequest(url: seller.url("/paid")))
            guard case .failed(.noSupportedRequirement(let why)) = result else {
                Issue.record("expected no supported requirement, got \(result)")
                return
            }
            #expect(why.contains { $0.contains("Permit2") })
            #expect(policy.asked.isEmpty, "nothing may be held or signed")
        }
    }
}
