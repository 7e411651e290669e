import Foundation
import PaygentEVM
import X402

/// The ``ContractDriver`` of any ``AgentHost``: payments and approval requests made through the
/// host's policy engine, as an agent's payer makes them. Used by the contract suites of the
/// embedded core and of the HTTP client (whose server runs on an embedded core).
public struct HostContractDriver: ContractDriver {
    /// The host payments go through.
    public let host: any AgentHost

    /// A driver over `host`.
    public init(host: any AgentHost) { self.host = host }

    public func requestApproval(sessionID: String, amount: String) async throws -> String {
        let intent = try intent(UUID().uuidString, amount: amount)
        let decision = try await host.paymentPolicy(sessionID: sessionID).authorize(intent)
        guard case .askHuman = decision, let approval = try await host.approval(purchaseID: intent.purchaseID) else {
            throw PaygentAPIContract.ContractFailure("expected an approval request, got \(decision)")
        }
        return approval.id
    }

    public func pay(sessionID: String, amount: String, settle: Bool) async throws {
        let policy = host.paymentPolicy(sessionID: sessionID)
        let intent = try intent(UUID().uuidString, amount: amount)
        guard case .allow(let hold) = try await policy.authorize(intent) else {
            throw PaygentAPIContract.ContractFailure("payment not allowed")
        }
        await policy.record(settle ? .settled(transaction: "0x01") : .failed(reason: "test"), for: intent, holdID: hold)
    }

    func intent(_ id: String, amount: String) throws -> PaymentIntent {
        PaymentIntent(purchaseID: id, resource: "https://svc.test/x", scheme: "exact", network: "cronos-testnet", chainID: 338,
                      asset: KnownTokens.devUSDCe, payTo: try Address("0x" + String(repeating: "22", count: 20)),
                      amount: try TokenAmount.parse(amount, decimals: 6),
                      payer: try Address("0x" + String(repeating: "11", count: 20)), validBefore: 4_000_000_000,
                      description: "")
    }
}
