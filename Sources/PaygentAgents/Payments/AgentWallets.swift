import PaygentEVM
import Synchronization
import X402

/// Where the runtime finds the signing key of a session's wallet. Keys stay inside the
/// implementation: the runtime only asks for a signer, never for key material.
public protocol AgentWallets: Sendable {
    /// The signer for `address`, nil when this process holds no key for it.
    func signer(for address: Address) -> (any X402Signer)?
}

/// Wallet keys held in memory (devnet keys, keys loaded from key files).
public final class KeyRing: AgentWallets, CustomStringConvertible {
    private let keys: Mutex<[Address: PrivateKey]>

    /// Creates a key ring holding `keys`.
    public init(_ keys: [PrivateKey] = []) {
        self.keys = Mutex(Dictionary(keys.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Adds a key.
    public func add(_ key: PrivateKey) {
        keys.withLock { $0[key.address] = key }
    }

    /// The addresses whose keys are held.
    public var addresses: [Address] { keys.withLock { $0.keys.sorted() } }

    public func signer(for address: Address) -> (any X402Signer)? {
        keys.withLock { $0[address] }
    }

    /// Lists addresses only, never keys.
    public var description: String { "KeyRing(\(addresses.map(\.checksummed).joined(separator: ", ")))" }
}
