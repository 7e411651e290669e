import Http
import X402Client
import PaygentEVM
import Testing
import X402

/// Retries, backoff and the one-authorisation-per-purchase rule.
@Suite struct PayerRetryTests {
    let clock = PayerTestClock()

    func payer(
        _ policy: RecordingPolicy = RecordingPolicy(), retry: X402RetryPolicy = .standard, transport: any X402Transport = HTTPClient(),
        pending: InMemoryPendingPaymentStore = InMemoryPendingPaymentStore(), jitter: Double = 0.5
    ) -> X402Payer {
        X402Payer(
            signer: testPayerKey, policy: policy, configuration: X402PayerConfiguration(retry: retry), transport: transport,
            pendingPayments: pending, environment: clock.environment(jitter: jitter)
        )
    }

    @Test func backoffGrowsExponentiallyWithBoundedJitter() {
        let policy = X402RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(100), maxBackoff: .seconds(1))
        #expect(policy.backoff(retry: 1, jitter: 0) == .milliseconds(50))
        #expect(policy.backoff(retry: 1, jitter: 0.5) == .milliseconds(75))
        #expect(policy.backoff(retry: 2, jitter: 0) == .milliseconds(100))
        #expect(policy.backoff(retry: 3, jitter: 0) == .milliseconds(200))
        #expect(policy.backoff(retry: 5, jitter: 0) == .milliseconds(500))   // capped at 1 s before jitter
        #expect(policy.backoff(retry: 40, jitter: 0.999) < .seconds(1))
        #expect(policy.backoff(retry: 40, jitter: 0.999) > .milliseconds(999))
        #expect(X402RetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }

    @Test func unpaidRequestRetriesHonouringRetryAfterSeconds() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")], unavailableUnpaid: 2, retryAfter: "3")
        try await withSeller(seller) { seller in
            let result = await payer().pay(HTTPRequest(url: seller.url("/paid")))
            #expect(result.receipt?.settlement?.success == true, "\(result)")
            #expect(clock.sleeps == [.seconds(3), .seconds(3)])
            #expect(seller.log.all.count == 4)   // 503, 503, 402, paid
            #expect(clock.noncesIssued == 1)
        }
    }

    @Test func retryAfterAsAnHTTPDate() async throws {
        let date = HTTPDate.format(clock.unix + 7)
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")], unavailableUnpaid: 1, retryAfter: date)
        try await withSeller(seller) { seller in
            let result = await payer().pay(HTTPRequest(url: seller.url("/paid")))
            #expect(result.receipt != nil, "\(result)")
            #expect(clock.sleeps == [.seconds(7)])
        }
    }

    @Test func exponentialBackoffWithoutRetryAfterThenGivesUp() async throws {
        let seller = try await TestSeller.start(clock: clock, unavailableUnpaid: 100)
        try await withSeller(seller) { seller in
            let retry = X402RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(200), maxBackoff: .seconds(10))
            let result = await payer(retry: retry, jitter: 0).pay(HTTPRequest(url: seller.url("/paid")))
            guard case .failed(.serverUnavailable(let status, _)) = result else { Issue.record("\(result)"); return }
            #expect(status == 503)
            #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
            #expect(seller.log.all.count == 4)
            #expect(clock.noncesIssued == 0)
        }
    }

    @Test func totalTimeBudgetStopsRetryingEarly() async throws {
        let seller = try await TestSeller.start(clock: clock, unavailableUnpaid: 100, retryAfter: "20")
        try await withSeller(seller) { seller in
            let retry = X402RetryPolicy(maxAttempts: 10, maxTotalTime: .seconds(45))
            let result = await payer(retry: retry).pay(HTTPRequest(url: seller.url("/paid")))
            guard case .failed(.serverUnavailable(_, let retryAfter)) = result else { Issue.record("\(result)"); return }
            #expect(retryAfter == .seconds(20))
            #expect(clock.sleeps == [.seconds(20), .seconds(20)])   // a third wait would end after 45 s
            #expect(seller.log.all.count == 3)
        }
    }

    @Test func transportErrorsOfTheUnpaidRequestAreRetried() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let transport = FaultyTransport(faults: [1: .refuseConnection, 2: .dropResponse])
            let result = await payer(transport: transport, jitter: 0).pay(HTTPRequest(url: seller.url("/paid")))
            #expect(result.receipt?.settlement?.success == true, "\(result)")
            #expect(clock.sleeps == [.milliseconds(125), .milliseconds(250)])
            #expect(clock.noncesIssued == 1)
        }
    }

    /// A paid request answered 503 is retried with the very same header: one nonce, one settlement.
    @Test func paidRetryResendsTheSameAuthorisation() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")], unavailablePaid: 2, retryAfter: "1")
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let result = await payer(policy).pay(HTTPRequest(url: seller.url("/paid")))
            let receipt = try #require(result.receipt, "\(result)")
            #expect(receipt.attempts == 3)
            let headers = seller.log.paid.map(\.payment)
            #expect(headers.count == 3)
            #expect(Set(headers).count == 1)
            #expect(clock.noncesIssued == 1)
            #expect(policy.asked.count == 1)
            #expect(seller.ledger.transfers.count == 1)
            #expect(policy.recorded.map(\.outcome.isSettled) == [true])
        }
    }

    /// The paid request reaches the server and settles, but the response is lost. The retry carries
    /// the same authorisation, which the facilitator refuses as a replay: the payer reports an
    /// unknown outcome (it probably settled) and never signs a second authorisation.
    @Test func lostResponseNeverLeadsToASecondAuthorisation() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let pending = InMemoryPendingPaymentStore()
            // Request 1: unpaid → 402. Request 2: paid → settled, response dropped. Request 3: resend.
            let transport = FaultyTransport(faults: [2: .dropResponse])
            let payer = payer(policy, transport: transport, pending: pending)
            let signedAt = clock.unix
            let result = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "order-7")
            guard case .failed(.outcomeUnknown(let reason, let validBefore)) = result else { Issue.record("\(result)"); return }
            #expect(reason.contains("probably settled"))
            #expect(validBefore == signedAt + 120)
            let paidHeaders = seller.log.paid.map(\.payment)
            #expect(paidHeaders.count == 2)
            #expect(Set(paidHeaders).count == 1)
            #expect(clock.noncesIssued == 1)
            #expect(seller.ledger.transfers.count == 1)   // it did settle, exactly once
            #expect(policy.recorded.map(\.outcome.isUnknown) == [true])
            #expect(pending.all.map(\.purchaseID) == ["order-7"])

            // Retrying the purchase re-sends the stored authorisation; still no new signature.
            let again = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "order-7")
            guard case .failed(.outcomeUnknown) = again else { Issue.record("\(again)"); return }
            #expect(clock.noncesIssued == 1)
            #expect(Set(seller.log.paid.map(\.payment)).count == 1)
            #expect(policy.asked.count == 1)

            // Once the authorisation has expired the purchase needs an explicit resolution.
            clock.advance(seconds: 121)
            let expired = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "order-7")
            guard case .failed(.unresolvedPayment(let id, _)) = expired else { Issue.record("\(expired)"); return }
            #expect(id == "order-7")
            #expect(clock.noncesIssued == 1)
            await payer.resolvePendingPayment(purchaseID: "order-7")
            let fresh = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "order-7")
            #expect(fresh.receipt?.settlement?.success == true, "\(fresh)")
            #expect(clock.noncesIssued == 2)
            #expect(seller.ledger.transfers.count == 2)
        }
    }

    /// Without retries, a lost response leaves the payment pending; the next attempt of the same
    /// purchase re-sends it (and it is refused as a replay because it had settled).
    @Test func lostResponseWithoutRetriesKeepsThePaymentPending() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let pending = InMemoryPendingPaymentStore()
            let transport = FaultyTransport(faults: [2: .dropResponse])
            let payer = payer(retry: .none, transport: transport, pending: pending)
            let first = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "q")
            guard case .failed(.outcomeUnknown(let reason, _)) = first else { Issue.record("\(first)"); return }
            #expect(reason.contains("no response to the paid request"))
            let stored = try #require(pending.all.first)
            let second = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "q")
            guard case .failed(.outcomeUnknown(let again, _)) = second else { Issue.record("\(second)"); return }
            #expect(again.contains("probably settled"))
            #expect(seller.log.paid.map(\.payment) == [stored.headerValue, stored.headerValue])
            #expect(clock.noncesIssued == 1)
            #expect(seller.ledger.transfers.count == 1)
        }
    }

    /// When the pending payment had not settled (its response was lost before the facilitator
    /// saw it), re-sending it completes the purchase with the original authorisation.
    @Test func resentPendingPaymentCanStillSettle() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")], unavailablePaid: 1)
        try await withSeller(seller) { seller in
            let pending = InMemoryPendingPaymentStore()
            let policy = RecordingPolicy()
            // The paid request is answered 503 and no retry is allowed: outcome unknown.
            let payer = payer(policy, retry: .none, pending: pending)
            let first = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "r")
            guard case .failed(.outcomeUnknown) = first else { Issue.record("\(first)"); return }
            let second = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "r")
            let receipt = try #require(second.receipt, "\(second)")
            #expect(receipt.challenge == nil)
            #expect(receipt.settlement?.success == true)
            #expect(clock.noncesIssued == 1)
            #expect(policy.asked.count == 1)
            #expect(policy.recorded.map { $0.outcome.isUnknown } == [true, false])
            #expect(policy.recorded.last?.outcome.isSettled == true)
            #expect(pending.all.isEmpty)
        }
    }

    /// A paid request that never left (connection refused each time) definitely did not settle.
    @Test func undeliveredPaymentIsADefiniteFailure() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")])
        try await withSeller(seller) { seller in
            let policy = RecordingPolicy()
            let pending = InMemoryPendingPaymentStore()
            let transport = FaultyTransport(faults: [2: .refuseConnection, 3: .refuseConnection])
            let retry = X402RetryPolicy(maxAttempts: 2)
            let result = await payer(policy, retry: retry, transport: transport, pending: pending).pay(HTTPRequest(url: seller.url("/paid")))
            guard case .failed(.transport(.connect)) = result else { Issue.record("\(result)"); return }
            #expect(policy.recorded.map(\.outcome.isFailed) == [true])
            #expect(pending.all.isEmpty)
            #expect(seller.log.paid.isEmpty)
            #expect(seller.ledger.transfers.isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrentCallsForOnePurchaseAreRefused() async throws {
        let seller = try await TestSeller.start(clock: clock, fund: [(testPayerKey.address, "1")], unavailableUnpaid: 1, retryAfter: "1")
        try await withSeller(seller) { seller in
            // The first call's wait before its retry says it is waiting, then holds until released:
            // the second call runs while the first is certainly in flight.
            let (waiting, isWaiting) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            let (release, released) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            var environment = clock.environment()
            environment.sleep = { _ in
                isWaiting.yield()
                for await _ in release { break }
            }
            let payer = X402Payer(signer: testPayerKey, policy: RecordingPolicy(), transport: HTTPClient(), environment: environment)
            async let first = payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "same")
            for await _ in waiting { break }
            let second = await payer.pay(HTTPRequest(url: seller.url("/paid")), purchaseID: "same")
            released.finish()
            guard case .failed(.purchaseInProgress("same")) = second else { Issue.record("\(second)"); return }
            #expect(await first.receipt != nil)
        }
    }
}
