import PaygentEVM

/// Deterministic transaction hashes for devnet settlements.
public enum DevnetTransactionHash {
    /// `keccak256(chainID as uint256 ‖ token ‖ from ‖ nonce)` as `0x`-prefixed lower-case hex.
    ///
    /// An EIP-3009 authorisation is identified by (token, from, nonce) on a chain, so the same
    /// authorisation always maps to the same hash and two different ones never collide.
    public static func compute(chainID: UInt64, token: Address, from: Address, nonce: [UInt8]) -> String {
        var preimage = UInt256(chainID).bigEndianBytes
        preimage.reserveCapacity(32 + 20 + 20 + 32)
        preimage.append(contentsOf: token.bytes)
        preimage.append(contentsOf: from.bytes)
        preimage.append(contentsOf: nonce)
        return Hex.encode(Keccak256.hash(preimage))
    }
}
