import Foundation
import PaygentFoundation
import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentSQLite
import Testing
import X402

@Suite("One driver per run; renewals under pause")
struct LeaseAndRenewalTests {
    @Test("two processes resuming one run: the second waits for the lease to lapse, then one driver pays once")
    func oneDriverPerRun() async throws {
        try await withWorld { world in
            let session = try await world.session(budget: "50.00")
            let paused = try await world.runtime.execute(
                "Pay 12 USDC to access the premium research report", sessionID: session.id, options: RunOptions(waitForApprovals: false))
            #expect(paused.status == .awaitingApproval)
            let approvalID = try #require(paused.pendingApprovalID)

            // A second process on the same file while the first still drives the run.
            let clock = ManualClock(SystemClock().now())
            let other = EmbeddedPaygent(store: try SQLiteStore(path: world.path), clock: clock)
            let second = AgentRuntime(paygent: other, wallets: world.keys, facilitator: world.services.facilitator,
                                      configuration: world.configuration)
            #expect(try await second.resumePendingRuns().isEmpty)
            await #expect(throws: AgentFailure.self) { _ = try await second.resume(runID: paused.runID) }

            // Once the lease has lapsed (in the second process's clock), it takes the run over.
            clock.advance(seconds: 60)
            let handles = try await second.resumePendingRuns()
            #expect(handles.map(\.runID) == [paused.runID])

            // Both wake on the decision; the first finds the lease taken and lets go.
            _ = try await world.paygent.approve(id: approvalID, by: "operator:test")
            let finished = await handles[0].wait()
            #expect(finished.status == .completed, "\(finished)")
            let payments = try await world.payments(session: session.id)
            #expect(payments.count == 1)
            #expect(payments.first?.status == .confirmed)
            #expect(try await world.balance(world.agent.address) == (try world.units("88")))
            await second.shutdown()
            try await other.close()
        }
    }

    @Test("the renewer under a global pause makes no payment; a renewal already paid is recorded, never paid again")
    func renewerUnderPause() async throws {
        let clock = ManualClock(SystemClock().now())
        let directory = NSTemporaryDirectory() + "paygent-renew-pause-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paygent = EmbeddedPaygent(store: try SQLiteStore(path: directory + "/p.sqlite"), clock: clock)
        let services = try await DemoServiceServer.start(ledger: paygent.ledger)
        _ = try await DemoCatalog.register(baseURL: services.baseURL, in: paygent)
        let key = DevnetAccounts.key(8)
        try await paygent.ledger.mint(try DemoCatalog.token.amount("5"), to: key.address, token: DemoCatalog.token.address)
        let runtime = AgentRuntime(paygent: paygent, wallets: KeyRing([key]), facilitator: services.facilitator)
        let session = try await paygent.createSession(CreateSessionRequest(walletAddress: key.address.checksummed, budgetLimitUSD: "5.00"), by: "test")
        #expect(try await runtime.execute("Subscribe to the news feed for a week", sessionID: session.id).status == .completed)
        let subscription = try #require(try await paygent.subscriptions(sessionID: session.id).first)
        let service = try await paygent.service(id: subscription.serviceID)

        // The first renewal was paid, but recording it failed (the process died before the
        // subscription row changed): its purchase is captured.
        clock.advance(seconds: 604_800)
        let intent = PaymentIntent(
            purchaseID: "\(subscription.id).r1", resource: service.endpoint, scheme: "exact", network: "cronos-testnet", chainID: 338,
            asset: service.priceToken, payTo: DemoCatalog.merchant, amount: service.priceAmount, payer: key.address,
            validBefore: UInt64(clock.now().milliseconds / 1000 + 300), description: "renewal")
        let policy = paygent.paymentPolicy(sessionID: session.id, serviceID: service.id, toolName: "subscribe")
        let hold = try #require({ if case .allow(let id) = $0 { return id } else { return nil } }(try await policy.authorize(intent)))
        try await policy.recordSigned(nonce: [UInt8](repeating: 5, count: 32), for: intent, holdID: hold)
        await policy.record(.settled(transaction: "0xpaid-before-the-crash"), for: intent, holdID: hold)
        let balance = try await paygent.ledger.balance(of: key.address, token: DemoCatalog.token.address)
        let confirmed = try await paygent.paymentStats(PaymentQuery(sessionID: session.id)).confirmedPayments

        _ = try await paygent.pauseAll(reason: "incident", by: "operator:alice")
        for _ in 0..<3 {
            let report = await runtime.renewDueSubscriptions()
            #expect(report.renewed.isEmpty && report.expired.isEmpty)
        }
        #expect(try await paygent.ledger.balance(of: key.address, token: DemoCatalog.token.address) == balance)
        #expect(try await paygent.paymentStats(PaymentQuery(sessionID: session.id)).confirmedPayments == confirmed)
        #expect(try await paygent.subscriptions(sessionID: session.id).first?.status == "active")

        _ = try await paygent.resumeAll(by: "operator:alice")
        let report = await runtime.renewDueSubscriptions()
        #expect(report.renewed == [subscription.id])
        #expect(try await paygent.ledger.balance(of: key.address, token: DemoCatalog.token.address) == balance)
        #expect(try await paygent.paymentStats(PaymentQuery(sessionID: session.id)).confirmedPayments == confirmed)
        #expect(try await paygent.subscriptions(sessionID: session.id).first?.renewals == 1)
        await runtime.shutdown()
        await services.stop()
        try await paygent.close()
    }
}
