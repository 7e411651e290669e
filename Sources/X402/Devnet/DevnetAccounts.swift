import PaygentEVM

/// Deterministic throwaway accounts for the local devnet, like a local test chain prints at start.
///
/// Key *i* is `keccak256("paygent devnet account <i>")`. These keys are public knowledge: they
/// exist only so that any x402 client can pay the local demo services. Never use them on a real
/// network.
public enum DevnetAccounts {
    /// The private key of devnet account `index`.
    public static func key(_ index: Int) -> PrivateKey {
        var seed = Array("paygent devnet account \(index)".utf8)
        while true {
            let candidate = Keccak256.hash(seed)
            // A keccak output is a valid secp256k1 key except with negligible probability.
            if let key = try? PrivateKey(bytes: candidate) { return key }
            seed = candidate
        }
    }

    /// The first `count` devnet keys.
    public static func keys(_ count: Int) -> [PrivateKey] { (0..<max(0, count)).map(key) }

    /// The devnet merchant: the default `payTo` of the demo services.
    public static let merchant: PrivateKey = {
        let candidate = Keccak256.hash(Array("paygent devnet merchant".utf8))
        return try! PrivateKey(bytes: candidate)
    }()

    /// The devnet facilitator's signer (reported in `/supported`).
    public static let facilitatorSigner: PrivateKey = {
        let candidate = Keccak256.hash(Array("paygent devnet facilitator".utf8))
        return try! PrivateKey(bytes: candidate)
    }()

    /// Funds `owner` on a devnet `ledger`: mints `amount` of `token` and approves the Permit2
    /// contract for an unlimited amount, the one-time `approve` a wallet does on a chain before
    /// it can pay by Permit2. Every funded devnet account can so pay by EIP-3009 and by Permit2.
    public static func fund(_ owner: Address, with amount: UInt256, token: Address, on ledger: any LedgerStorage) async throws(LedgerError) {
        try await ledger.mint(amount, to: owner, token: token)
        try await ledger.approve(.max, owner: owner, spender: PermitWitnessTransferFrom.permit2Address, token: token)
    }
}
