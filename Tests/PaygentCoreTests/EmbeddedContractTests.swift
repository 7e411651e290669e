import Foundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

/// Drives payments and approval requests through the embedded policy engine.
struct EmbeddedDriver: ContractDriver {
    let paygent: EmbeddedPaygent

    func requestApproval(sessionID: String, amount: String) async throws -> String {
        let intent = intent(UUID().uuidString, amount: amount)
        let decision = try await paygent.paymentPolicy(sessionID: sessionID).authorize(intent)
        guard case .askHuman = decision, let approval = try await paygent.approval(purchaseID: intent.purchaseID) else {
            throw PaygentAPIContract.ContractFailure("expected an approval request, got \(decision)")
        }
        return approval.id
    }

    func pay(sessionID: String, amount: String, settle: Bool) async throws {
        let policy = paygent.paymentPolicy(sessionID: sessionID)
        let intent = intent(UUID().uuidString, amount: amount)
        guard case .allow(let hold) = try await policy.authorize(intent) else {
            throw PaygentAPIContract.ContractFailure("payment not allowed")
        }
        await policy.record(settle ? .settled(transaction: "0x01") : .failed(reason: "test"), for: intent, holdID: hold)
    }

    func intent(_ id: String, amount: String) -> PaymentIntent {
        PaymentIntent(purchaseID: id, resource: "https://svc.test/x", scheme: "exact", network: "cronos-testnet", chainID: 338,
                      asset: KnownTokens.devUSDCe, payTo: try! Address("0x" + String(repeating: "22", count: 20)),
                      amount: try! TokenAmount.parse(amount, decimals: 6),
                      payer: try! Address("0x" + String(repeating: "11", count: 20)), validBefore: 4_000_000_000,
                      description: "")
    }
}

@Suite("PaygentAPI contract: EmbeddedPaygent on SQLite and on PostgreSQL")
struct EmbeddedContractTests {
    @Test(arguments: StoreKind.allCases, PaygentAPIContract.cases)
    func contract(_ kind: StoreKind, _ name: String) async throws {
        let location = try TestStore(kind)
        defer { location.remove() }
        let paygent = try await location.open()
        try await PaygentAPIContract.run(name, on: .init(api: paygent, driver: EmbeddedDriver(paygent: paygent)))
        try await paygent.close()
    }
}
