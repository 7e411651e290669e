import PaygentEVM
import Synchronization

/// Signers a facilitator recovered recently, by (digest, signature): `/settle` re-checks the
/// payment `/verify` just checked, and recovering its signer again is the most expensive step of
/// that check. A pure memo of ``Signature/recoverAddress(digest:)`` — the key is the whole digest
/// and signature, so a different message or signature is always recovered afresh; bounded (it
/// starts over past ``limit`` entries).
final class RecoveredSigners: Sendable {
    static let limit = 1024
    private let table = Mutex<[[UInt8]: Address]>([:])

    /// The address that signed `digest` with `signature`.
    func signer(of signature: Signature, digest: [UInt8]) throws(SignatureError) -> Address {
        let key = digest + signature.bytes
        if let known = table.withLock({ $0[key] }) { return known }
        let recovered = try signature.recoverAddress(digest: digest)
        table.withLock { table in
            if table.count >= Self.limit { table.removeAll(keepingCapacity: true) }
            table[key] = recovered
        }
        return recovered
    }
}
