/// A failure to create, import or use a private key. Messages never contain key material.
public enum KeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The private key text is not hexadecimal.
    case invalidHex
    /// The key is not 32 bytes long (the actual length is given).
    case invalidLength(Int)
    /// The 32 bytes are zero or not below the curve order.
    case outOfRange
    /// The public key bytes could not be parsed as a point on secp256k1.
    case invalidPublicKey
    /// A digest to sign must be exactly 32 bytes (the actual length is given).
    case invalidDigestLength(Int)
    /// The OS random source failed (errno).
    case randomSourceFailed(Int32)
    /// libsecp256k1 refused to sign.
    case signingFailed

    public var description: String {
        switch self {
        case .invalidHex: "private key is not valid hex"
        case .invalidLength(let n): "private key must be 32 bytes, got \(n)"
        case .outOfRange: "private key is zero or not below the secp256k1 group order"
        case .invalidPublicKey: "public key is not a valid secp256k1 point"
        case .invalidDigestLength(let n): "digest must be 32 bytes, got \(n)"
        case .randomSourceFailed(let code): "the OS random source failed (errno \(code))"
        case .signingFailed: "signing failed"
        }
    }
}
