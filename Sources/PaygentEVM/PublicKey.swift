internal import CSecp256k1

/// A secp256k1 public key.
public struct PublicKey: Sendable, Hashable {
    /// The 65-byte uncompressed SEC1 encoding (0x04 ‖ X ‖ Y).
    public let uncompressed: [UInt8]

    init(validatedUncompressed bytes: [UInt8]) { uncompressed = bytes }

    /// Parses a 33-byte compressed or 65-byte uncompressed SEC1 public key.
    public init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 33 || bytes.count == 65 else { throw .invalidPublicKey }
        var key = secp256k1_pubkey()
        let context = Secp256k1Context.shared.pointer
        guard secp256k1_ec_pubkey_parse(context, &key, bytes, bytes.count) == 1 else { throw .invalidPublicKey }
        self.init(serializing: &key)
    }

    /// Serialises a parsed libsecp256k1 key.
    init(serializing key: inout secp256k1_pubkey) {
        let context = Secp256k1Context.shared.pointer
        uncompressed = [UInt8](unsafeUninitializedCapacity: 65) { buffer, count in
            var length = 65
            _ = secp256k1_ec_pubkey_serialize(context, buffer.baseAddress!, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
            count = 65
        }
    }

    /// The 33-byte compressed SEC1 encoding.
    public var compressed: [UInt8] {
        var out = [UInt8](uncompressed[0..<33])
        out[0] = uncompressed[64] & 1 == 0 ? 0x02 : 0x03
        return out
    }

    /// The Ethereum address of this key.
    public var address: Address {
        uncompressed.withUnsafeBytes { Address(publicKeyUncompressed: $0) }
    }

    /// Whether `signature` is a valid low-s signature of the 32-byte `digest` by this key.
    /// High-s (malleable) signatures are rejected.
    public func isValidSignature(_ signature: Signature, digest: [UInt8]) -> Bool {
        guard digest.count == 32, signature.isLowS else { return false }
        let context = Secp256k1Context.shared.pointer
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &key, uncompressed, 65) == 1 else { return false }
        var sig = secp256k1_ecdsa_signature()
        let compact = signature.r + signature.s
        guard secp256k1_ecdsa_signature_parse_compact(context, &sig, compact) == 1 else { return false }
        return secp256k1_ecdsa_verify(context, &sig, digest, &key) == 1
    }
}

extension PublicKey: CustomStringConvertible {
    /// The uncompressed key as hex.
    public var description: String { Hex.encode(uncompressed) }
}
