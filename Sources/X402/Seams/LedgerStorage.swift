import PaygentEVM

/// One EIP-3009 transfer the local facilitator wants to apply to its ledger.
public struct LedgerTransfer: Sendable, Hashable {
    /// Token contract (the EIP-712 verifying contract).
    public var token: Address
    /// The authoriser, whose balance is debited.
    public var from: Address
    /// The recipient, whose balance is credited.
    public var to: Address
    /// Exact amount in base units.
    public var value: UInt256
    /// The 32-byte EIP-3009 nonce, single-use per (token, from) forever.
    public var nonce: [UInt8]
    /// Network name as given in the payment (for the record).
    public var network: String
    /// Deterministic transaction hash the facilitator assigned to this transfer.
    public var transactionHash: String

    /// Creates a transfer.
    public init(token: Address, from: Address, to: Address, value: UInt256, nonce: [UInt8], network: String, transactionHash: String) {
        self.token = token
        self.from = from
        self.to = to
        self.value = value
        self.nonce = nonce
        self.network = network
        self.transactionHash = transactionHash
    }
}

/// Why a ledger refused a transfer. Nothing was changed when one of these is thrown.
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The (token, from, nonce) triple was already used.
    case nonceAlreadyUsed
    /// `from` holds less than the transfer's value.
    case insufficientFunds(balance: UInt256, required: UInt256)
    /// A credit would overflow 256 bits.
    case overflow
    /// The backing storage failed; `message` says how.
    case storage(String)

    public var description: String {
        switch self {
        case .nonceAlreadyUsed: "authorization nonce already used"
        case .insufficientFunds(let balance, let required): "insufficient funds: balance \(balance), required \(required)"
        case .overflow: "balance would overflow 256 bits"
        case .storage(let message): "ledger storage failed: \(message)"
        }
    }
}

/// Where the local facilitator keeps token balances and used nonces.
///
/// ``applyTransfer(_:)`` is the one write path for money: it must check the nonce and the
/// balance, mark the nonce used and move the balance in one atomic step, so that concurrent
/// settlements of the same authorisation cannot both succeed. The in-memory implementation lives
/// in X402; the SQLite store implements it durably.
public protocol LedgerStorage: Sendable {
    /// The balance of `owner` in `token`, zero when unknown.
    func balance(of owner: Address, token: Address) async throws(LedgerError) -> UInt256
    /// Whether `nonce` has been used by `authorizer` for `token`.
    func isNonceUsed(_ nonce: [UInt8], by authorizer: Address, token: Address) async throws(LedgerError) -> Bool
    /// Atomically applies `transfer` or throws without changing anything.
    func applyTransfer(_ transfer: LedgerTransfer) async throws(LedgerError)
    /// Credits `amount` of `token` to `owner` (devnet faucet).
    func mint(_ amount: UInt256, to owner: Address, token: Address) async throws(LedgerError)
}
