import Http
import X402Client
import PaygentEVM
import Testing
import X402

/// A facilitator that broadcasts (the devnet ledger applies the transfer) but does not see the
/// confirmation in time, answering `settlement_pending` with the transaction hash, as the
/// reference's `wait_for_receipt_and_build_response` does when the receipt wait fails. This is the
/// one fake here: it stands in for a chain whose confirmation is late.
struct ConfirmationNotSeen: Facilitator {
    let inner: LocalFacilitator

    func verify(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> VerifyResponse {
        await inner.verify(payload, requirements: requirements)
    }

    func settle(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> SettleResponse {
        let broadcast = await inner.settle(payload, requirements: requirements)
        guard broadcast.success else { return broadcast }
        return SettleResponse(success: false, errorReason: .settlementPending, errorMessage: "receipt not seen",
                              payer: broadcast.payer, transaction: broadcast.transaction, network: broadcast.network)
    }

    func supported() async throws -> SupportedResponse { await inner.supported() }
}

/// `settlement_pending`: the payment is kept (hold and pending record), reconciled by nonce, and
/// never signed again.
@Suite struct SettlementPendingTests {
    let clock = PayerTestClock()

    @Test func aPendingSettlementKeepsTheHoldAndARetryResendsTheSameAuthorisation() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "5")],
                                                settleThrough: { ConfirmationNotSeen(inner: $0) })
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let pending = InMemoryPendingPaymentStore()
            let payer = X402Payer(signer: testPayerKey, policy: policy, pendingPayments: pending, environment: clock.environment())
            let first = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "slow-chain")
            guard case .failed(.outcomeUnknown) = first else {
                Issue.record("expected an unknown outcome, got \(first)")
                return
            }
            // Held, not released: the policy heard "unknown" with the nonce to reconcile by.
            let nonce = try #require(pending.all.first?.authorizationNonce)
            guard case .unknown(let reason, let recordedNonce)? = policy.recorded.first?.outcome else {
                Issue.record("expected unknown, got \(policy.recorded)")
                return
            }
            #expect(recordedNonce == nonce)
            #expect(reason.contains("settlement_pending"))
            #expect(policy.recorded.count == 1)
            #expect(clock.noncesIssued == 1)
            // The retry re-sends the very same header; nothing new is signed.
            _ = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "slow-chain")
            #expect(clock.noncesIssued == 1)
            let sent = seller.log.paid.compactMap(\.paymentSignature)
            #expect(sent.count == 2 && Set(sent).count == 1)
            // The ledger moved money once; its nonce is what reconciliation finds.
            #expect(seller.ledger.transfers.count == 1)
            #expect(try await seller.ledger.isNonceUsed(nonce, by: testPayerKey.address, token: PaymentToken.cronosTestnetUSDC.address))
        }
    }
}
