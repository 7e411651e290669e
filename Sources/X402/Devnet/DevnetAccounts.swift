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
}
