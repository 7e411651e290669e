/// The first lookup that can tell, in order (the ledger for devnet tokens, the chain for others).
public struct FirstSettlementLookup: SettlementLookup {
    let lookups: [any SettlementLookup]

    /// Asks `lookups` in order.
    public init(_ lookups: [any SettlementLookup]) { self.lookups = lookups }

    public func state(of payment: Payment) async throws -> AuthorizationState {
        for lookup in lookups {
            let state = try await lookup.state(of: payment)
            if state != .cannotTell { return state }
        }
        return .cannotTell
    }
}
