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
public struct LedgerSettlementLookup: SettlementLookup {
    let store: any Store
    /// Token contracts whose every transfer goes through this ledger.
    public let tokens: Set<Address>

    /// A lookup over `store`'s ledger for payments in `tokens`.
    public init(store: any Store, tokens: Set<Address>) {
        self.store = store
        self.tokens = tokens
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
        return transaction.map { .used(transaction: $0) } ?? .unused
    }
}
