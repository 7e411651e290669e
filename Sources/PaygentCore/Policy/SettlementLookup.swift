import PaygentEVM

/// What is known about a signed authorisation once it can no longer settle.
public enum AuthorizationState: Sendable, Hashable {
    /// Used: the transfer happened (with its transaction, when known).
    case used(transaction: String?)
    /// Not used, and past its `validBefore`: it never will be.
    case unused
    /// This lookup cannot tell (another network, no nonce, the source unreachable).
    case cannotTell
}

/// Where the state of an EIP-3009 authorisation is looked up (`authorizationState(authorizer,
/// nonce)` on the token contract, or the local facilitator's ledger on the devnet).
public protocol SettlementLookup: Sendable {
    /// The state of the authorisation `payment` was signed with.
    func state(of payment: Payment) async throws -> AuthorizationState
}

/// The local facilitator's ledger kept in the store: authoritative for the tokens that facilitator
/// settles (and for nothing else — a payment in another token gets `cannotTell`).
///
/// A nonce the ledger holds is `used` either way. Whether a nonce it does not hold is `unused`
/// depends on who settles: only when every transfer of `tokens` goes through this ledger (the demo
/// fleet's store, whose services settle in-process) does its absence prove anything. A store whose
/// payments go to facilitators elsewhere (`paygent demo-services serve` in another process, a real
/// chain) answers `cannotTell` instead, so such a payment stays held for an operator to resolve
/// rather than being released while its money may have moved.
public struct LedgerSettlementLookup: SettlementLookup {
    let store: any Store
    /// Token contracts whose transfers this ledger records.
    public let tokens: Set<Address>
    /// Whether every transfer of ``tokens`` goes through this ledger (so a missing nonce is `unused`).
    public let settlesEveryTransfer: Bool

    /// A lookup over `store`'s ledger for payments in `tokens`.
    public init(store: any Store, tokens: Set<Address>, settlesEveryTransfer: Bool = true) {
        self.store = store
        self.tokens = tokens
        self.settlesEveryTransfer = settlesEveryTransfer
    }

    public func state(of payment: Payment) async throws -> AuthorizationState {
        guard tokens.contains(payment.token), let text = payment.authorizationNonce,
              let nonce = try? Hex.decode(text), nonce.count == 32 else { return .cannotTell }
        // EIP-3009 nonces live in the token's space, Permit2 nonces in the Permit2 contract's
        // (random 256-bit values: one cannot be mistaken for the other).
        let transaction = try await store.read { reader in
            try reader.nonceTransaction(nonce, authorizer: payment.agentWallet, token: payment.token)
                ?? reader.nonceTransaction(nonce, authorizer: payment.agentWallet, token: PermitWitnessTransferFrom.permit2Address)
        }
        return transaction.map { .used(transaction: $0) } ?? (settlesEveryTransfer ? .unused : .cannotTell)
    }
}
