import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import X402

/// A fresh database: a SQLite file in its own temporary directory, or (for the tests that run on
/// both stores) a throwaway PostgreSQL schema.
struct TempDatabase {
    let store: TestStore
    var kind: StoreKind { store.kind }
    /// The SQLite file (tests that use it directly are SQLite-only).
    var path: String { store.path }

    init() { store = try! TestStore(.sqlite) }

    /// A fresh store of `kind` (a PostgreSQL one cancels the test when there is no test database).
    init(_ kind: StoreKind) throws { store = try TestStore(kind) }

    func remove() { store.remove() }
}

enum Fixture {
    static let usdc = KnownTokens.devUSDCe
    static let payer = address(0x11)
    static let payee = address(0x22)
    static let otherPayee = address(0x33)

    static func address(_ byte: UInt8) -> Address {
        try! Address(bytes: [UInt8](repeating: byte, count: 20))
    }

    /// USDC amount from text (6 decimals).
    static func usdcAmount(_ text: String) -> UInt256 { try! TokenAmount.parse(text, decimals: 6) }

    static func intent(_ purchase: String, amount: UInt256, payer: Address = payer, payTo: Address = payee,
                       resource: String = "http://127.0.0.1:9/data", validBefore: UInt64 = 4_000_000_000) -> PaymentIntent {
        PaymentIntent(purchaseID: purchase, resource: resource, scheme: "exact", network: "cronos-testnet", chainID: 338,
                      asset: usdc, payTo: payTo, amount: amount, payer: payer, validBefore: validBefore,
                      description: "test")
    }

    /// Opens the control plane on `db` with a manual clock and no velocity limit.
    static func open(_ db: TempDatabase, clock: ManualClock) async throws -> EmbeddedPaygent {
        let paygent = try await db.store.open(clock: clock)
        var policy = try await paygent.policy()
        if policy.maxPaymentsPerMinute != nil {
            policy.maxPaymentsPerMinute = nil
            _ = try await paygent.updatePolicy(policy, by: "test")
        }
        return paygent
    }

    static func holdID(_ decision: PolicyDecision) -> String? {
        if case .allow(let id) = decision { return id }
        return nil
    }

    static func isDeny(_ decision: PolicyDecision) -> Bool {
        if case .deny = decision { return true }
        return false
    }

    static func isAsk(_ decision: PolicyDecision) -> Bool {
        if case .askHuman = decision { return true }
        return false
    }

    /// Every event in the store, in order.
    static func allEvents(_ api: any PaygentAPI) async throws -> [PaygentEvent] {
        var result: [PaygentEvent] = []
        var after: Int64 = 0
        while true {
            let page = try await api.events(EventQuery(after: after, limit: 1000))
            result += page.events
            guard let last = page.events.last, page.hasMore else { break }
            after = last.seq
        }
        return result
    }
}
