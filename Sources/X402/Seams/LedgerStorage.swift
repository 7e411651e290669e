import PaygentEVM

/// One transfer the local facilitator wants to apply to its ledger: an EIP-3009
/// `transferWithAuthorization`, or a Permit2 `permitWitnessTransferFrom` (whose nonce is Permit2's,
/// and which spends the owner's ERC-20 allowance to the Permit2 contract).
public struct LedgerTransfer: Sendable, Hashable {
    /// Token contract (the EIP-712 verifying contract).
    public var token: Address
    /// The authoriser, whose balance is debited.
    public var from: Address
    /// The recipient, whose balance is credited.
    public var to: Address
    /// Exact amount in base units.
    public var value: UInt256
    /// The 32-byte nonce, single-use per (``nonceScope``, from) forever.
    public var nonce: [UInt8]
    /// The contract whose nonces ``nonce`` belongs to: the token for EIP-3009, the Permit2
    /// contract for Permit2 (one nonce space per owner across all tokens).
    public var nonceScope: Address
    /// Permit2: the contract whose ERC-20 allowance from `from` the transfer spends (an allowance
    /// of 2^256−1 is never decreased, as ERC-20 tokens treat it). `nil` for EIP-3009.
    public var allowanceSpender: Address?
    /// Network name as given in the payment (for the record).
    public var network: String
    /// Deterministic transaction hash the facilitator assigned to this transfer.
    public var transactionHash: String

    /// Creates a transfer.
    public init(
        token: Address, from: Address, to: Address, value: UInt256, nonce: [UInt8], network: String, transactionHash: String,
        nonceScope: Address? = nil, allowanceSpender: Address? = nil
    ) {
        self.token = token
        self.from = from
        self.to = to
        self.value = value
        self.nonce = nonce
        self.nonceScope = nonceScope ?? token
        self.allowanceSpender = allowanceSpender
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
    /// `from`'s allowance to the transfer's spender is less than its value.
    case insufficientAllowance(allowance: UInt256, required: UInt256)
    /// A credit would overflow 256 bits.
    case overflow
    /// The backing storage failed; `message` says how.
    case storage(String)

    public var description: String {
        switch self {
        case .nonceAlreadyUsed: "authorization nonce already used"
        case .insufficientFunds(let balance, let required): "insufficient funds: balance \(balance), required \(required)"
        case .insufficientAllowance(let allowance, let required): "insufficient allowance: allowance \(allowance), required \(required)"
        case .overflow: "balance would overflow 256 bits"
        case .storage(let message): "ledger storage failed: \(message)"
        }
    }
}

/// Where the local facilitator keeps token balances, ERC-20 allowances and used nonces.
///
/// ``applyTransfer(_:)`` is the one write path for money: it must check the nonce and the
/// balance, mark the nonce used and move the balance in one atomic step, so that concurrent
/// settlements of the same authorisation cannot both succeed. The in-memory implementation lives
/// in X402; the SQLite store implements it durably.
public protocol LedgerStorage: Sendable {
    /// The balance of `owner` in `token`, zero when unknown.
    func balance(of owner: Address, token: Address) async throws(LedgerError) -> UInt256
    /// Whether `nonce` has been used by `authorizer` in the nonce space of `token` (a token
    /// contract for EIP-3009, the Permit2 contract for Permit2).
    func isNonceUsed(_ nonce: [UInt8], by authorizer: Address, token: Address) async throws(LedgerError) -> Bool
    /// The ERC-20 allowance `owner` granted `spender` in `token`, zero when none.
    func allowance(owner: Address, spender: Address, token: Address) async throws(LedgerError) -> UInt256
    /// Sets `owner`'s allowance to `spender` in `token` to `amount` (ERC-20 `approve`, as the
    /// owner would sign it on a chain; the devnet grants it directly).
    func approve(_ amount: UInt256, owner: Address, spender: Address, token: Address) async throws(LedgerError)
    /// Atomically applies `transfer` or throws without changing anything.
    func applyTransfer(_ transfer: LedgerTransfer) async throws(LedgerError)
    /// Credits `amount` of `token` to `owner` (devnet faucet).
    func mint(_ amount: UInt256, to owner: Address, token: Address) async throws(LedgerError)
}
