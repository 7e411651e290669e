import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

@Suite("Approvals bind payee, asset, network and amount (real SQLite file)")
struct ApprovalBindingTests {
    /// An 18-decimal token priced at 1 USD, next to the 6-decimal USDC.
    static let dai = Fixture.address(0x55)

    /// A session whose 12 USDC purchase was approved by an operator.
    static func approved(_ paygent: EmbeddedPaygent) async throws -> (AgentSession, PaymentIntent, ApprovalRequest) {
        var settings = try await paygent.policy()
        settings.priceTable.tokens.append(TokenInfo(address: dai, symbol: "DAI", decimals: 18, usdPrice: 1))
        _ = try await paygent.updatePolicy(settings, by: "test")
        let session = try await paygent.createSession(CreateSessionRequest(name: "buyer", budgetLimitUSD: "100.00"), by: "test")
        let intent = Fixture.intent("big", amount: Fixture.usdcAmount("12.00"))
        #expect(Fixture.isAsk(try await paygent.paymentPolicy(sessionID: session.id).authorize(intent)))
        let approval = try #require(try await paygent.approval(purchaseID: "big"))
        #expect(approval.network == "eip155:338")
        _ = try await paygent.approve(id: approval.id, by: "operator:alice")
        return (session, intent, approval)
    }

    static func mismatch(_ decision: PolicyDecision) -> Bool {
        if case .deny(let reason) = decision { return reason.contains("approval_mismatch") }
        return false
    }

    @Test("A retried 402 that changes payTo, asset (other decimals), network or raises the amount is refused and recorded; the approved one pays", arguments: StoreKind.allCases)
    func changedRetryRefused(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let (session, intent, approval) = try await Self.approved(paygent)
        let policy = paygent.paymentPolicy(sessionID: session.id)

        var payee = intent
        payee.payTo = Fixture.otherPayee
        #expect(Self.mismatch(try await policy.authorize(payee)))

        // Same raw base units, another token: 12_000_000 units of an 18-decimal token.
        var asset = intent
        asset.asset = Self.dai
        #expect(Self.mismatch(try await policy.authorize(asset)))

        var network = intent
        network.network = "base-sepolia"
        network.chainID = 84532
        #expect(Self.mismatch(try await policy.authorize(network)))

        // A plain approval allows the amount the operator saw, not whatever the retry asks.
        let more = Fixture.intent("big", amount: Fixture.usdcAmount("13.00"))
        #expect(Self.mismatch(try await policy.authorize(more)))

        // The same network under its other name, same payee, asset and amount: allowed.
        var same = intent
        same.network = "eip155:338"
        #expect(Fixture.holdID(try await policy.authorize(same)) != nil)

        let denied = try await Fixture.allEvents(paygent).filter { $0.type == .paymentDenied }
        #expect(denied.count == 4)
        #expect(denied.allSatisfy { $0.data["rule"]?.stringValue == "approval_mismatch" })
        #expect(denied.allSatisfy { $0.data["reason"]?.stringValue?.contains(approval.id) == true })
        try await paygent.close()
    }

    @Test("An edited approval fixes the edited maximum, in the approved asset", arguments: StoreKind.allCases)
    func editedMaximum(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let session = try await paygent.createSession(CreateSessionRequest(name: "buyer", budgetLimitUSD: "100.00"), by: "test")
        let intent = Fixture.intent("edited", amount: Fixture.usdcAmount("12.00"))
        let policy = paygent.paymentPolicy(sessionID: session.id)
        #expect(Fixture.isAsk(try await policy.authorize(intent)))
        let approval = try #require(try await paygent.approval(purchaseID: "edited"))
        _ = try await paygent.editApproval(id: approval.id, ApprovalEdit(amount: "11.00"), by: "operator:alice")
        #expect(Self.mismatch(try await policy.authorize(intent)))
        #expect(Fixture.holdID(try await policy.authorize(Fixture.intent("edited", amount: Fixture.usdcAmount("11.00")))) != nil)
        try await paygent.close()
    }
}
