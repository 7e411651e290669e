import PaygentEVM
import PaygentFoundation

/// One movement of tokens in the local ledger (a settled transfer or a devnet mint).
public struct WalletTransaction: Sendable, Hashable, Codable, Identifiable {
    /// Row id (`wtx_…`).
    public var id: String
    /// `transfer` or `mint`.
    public var kind: String
    /// Debited address (nil for a mint).
    public var fromAddress: Address?
    /// Credited address.
    public var toAddress: Address
    /// Token contract.
    public var token: Address
    /// Exact amount, base units.
    public var amount: UInt256
    /// Transaction hash.
    public var txHash: String?
    /// Network.
    public var network: String
    /// When.
    public var createdAt: Timestamp

    /// Creates a transaction value.
    public init(id: String, kind: String, fromAddress: Address?, toAddress: Address, token: Address, amount: UInt256,
                txHash: String?, network: String, createdAt: Timestamp) {
        self.id = id
        self.kind = kind
        self.fromAddress = fromAddress
        self.toAddress = toAddress
        self.token = token
        self.amount = amount
        self.txHash = txHash
        self.network = network
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind
        case fromAddress = "from_address"
        case toAddress = "to_address"
        case token
        case amount = "amount_base_units"
        case txHash = "tx_hash"
        case network
        case createdAt = "created_at"
    }
}
