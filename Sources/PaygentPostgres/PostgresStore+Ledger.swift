import PaygentCore
import PaygentEVM
import PaygentFoundation
import X402

/// The store is the local facilitator's durable ledger, as the SQLite store is: balances,
/// allowances and used nonces are tables, and every transfer is one serialised write.
extension PostgresStore: LedgerStorage {
    var ledger: StoreLedger { StoreLedger(context: CoreContext(store: self)) }

    public func balance(of owner: Address, token: Address) async throws(LedgerError) -> UInt256 {
        try await ledger.balance(of: owner, token: token)
    }

    public func isNonceUsed(_ nonce: [UInt8], by authorizer: Address, token: Address) async throws(LedgerError) -> Bool {
        try await ledger.isNonceUsed(nonce, by: authorizer, token: token)
    }

    public func allowance(owner: Address, spender: Address, token: Address) async throws(LedgerError) -> UInt256 {
        try await ledger.allowance(owner: owner, spender: spender, token: token)
    }

    public func approve(_ amount: UInt256, owner: Address, spender: Address, token: Address) async throws(LedgerError) {
        try await ledger.approve(amount, owner: owner, spender: spender, token: token)
    }

    public func applyTransfer(_ transfer: LedgerTransfer) async throws(LedgerError) {
        try await ledger.applyTransfer(transfer)
    }

    public func mint(_ amount: UInt256, to owner: Address, token: Address) async throws(LedgerError) {
        try await ledger.mint(amount, to: owner, token: token)
    }
}

extension EmbeddedPaygent {
    /// Opens the control plane on the PostgreSQL database at `url`, running migrations.
    public static func open(postgres url: PostgresDatabaseURL, clock: any WallClock = SystemClock(),
                            ids: any IDGenerator = TimeOrderedIDGenerator()) async throws -> EmbeddedPaygent {
        EmbeddedPaygent(store: try await PostgresStore.open(url), clock: clock, ids: ids)
    }
}
