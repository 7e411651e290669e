import PaygentFoundation

internal import CSecp256k1

/// A failure to parse a signature or recover its signer.
public enum SignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The signature is not 65 bytes (r ‖ s ‖ v); the actual length is given.
    case invalidLength(Int)
    /// The signature text is not hexadecimal.
    case invalidHex
    /// v is not 0, 1, 27 or 28.
    case invalidRecoveryID(UInt8)
    /// s is above n/2: a malleable signature, rejected as EIP-2 requires.
    case highS
    /// r or s is zero or not below the curve order.
    case invalidScalar
    /// The digest to recover from must be 32 bytes; the actual length is given.
    case invalidDigestLength(Int)
    /// No public key could be recovered from this signature and digest.
    case recoveryFailed

    public var description: String {
        switch self {
        case .invalidLength(let n): "signature must be 65 bytes, got \(n)"
        case .invalidHex: "signature is not valid hex"
        case .invalidRecoveryID(let v): "signature v must be 27 or 28 (or 0/1), got \(v)"
        case .highS: "signature has a high s value (malleable), rejected"
        case .invalidScalar: "signature r or s is out of range"
        case .invalidDigestLength(let n): "digest must be 32 bytes, got \(n)"
        case .recoveryFailed: "could not recover a public key from the signature"
        }
    }
}

/// A recoverable ECDSA signature over secp256k1, in Ethereum's 65-byte r ‖ s ‖ v layout.
public struct Signature: Sendable, Hashable {
    /// The 32-byte r value.
    public let r: [UInt8]
    /// The 32-byte s value.
    public let s: [UInt8]
    /// The recovery id plus 27: 27 or 28.
    public let v: UInt8

    init(validatedR r: [UInt8], s: [UInt8], v: UInt8) {
        self.r = r; self.s = s; self.v = v
    }

    /// Creates a signature from its parts; `v` may be 0/1 or 27/28 and is stored as 27/28.
    public init(r: [UInt8], s: [UInt8], v: UInt8) throws(SignatureError) {
        guard r.count == 32 else { throw .invalidLength(r.count + 33) }
        guard s.count == 32 else { throw .invalidLength(s.count + 33) }
        switch v {
        case 0, 1: self.v = v + 27
        case 27, 28: self.v = v
        default: throw .invalidRecoveryID(v)
        }
        self.r = r; self.s = s
    }

    /// Parses 65 bytes r ‖ s ‖ v with v ∈ {0, 1, 27, 28}.
    public init(bytes: [UInt8]) throws(SignatureError) {
        guard bytes.count == 65 else { throw .invalidLength(bytes.count) }
        try self.init(r: Array(bytes[0..<32]), s: Array(bytes[32..<64]), v: bytes[64])
    }

    /// Parses 130 hex digits (`0x` optional).
    public init(hex: String) throws(SignatureError) {
        let bytes: [UInt8]
        do { bytes = try Hex.decode(hex.trimmed(.asciiWhitespace)) } catch { throw .invalidHex }
        try self.init(bytes: bytes)
    }

    /// r ‖ s ‖ v (65 bytes).
    public var bytes: [UInt8] {
        var out = r
        out.reserveCapacity(65)
        out.append(contentsOf: s)
        out.append(v)
        return out
    }

    /// `0x` + 130 lower-case hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// The recovery id, 0 or 1.
    public var recoveryID: Int32 { Int32(v - 27) }

    /// Whether s ≤ n/2, the canonical form libsecp256k1 produces and Ethereum requires.
    public var isLowS: Bool {
        s.withUnsafeBytes { UInt256(bigEndian32: $0.baseAddress!) } <= Secp256k1Context.halfOrder
    }

    /// Recovers the public key that produced this signature over the 32-byte `digest`.
    /// High-s signatures are rejected.
    public func recoverPublicKey(digest: [UInt8]) throws(SignatureError) -> PublicKey {
        guard digest.count == 32 else { throw .invalidDigestLength(digest.count) }
        var key = secp256k1_pubkey()
        try recover(digest: digest, into: &key)
        return PublicKey(serializing: &key)
    }

    /// Recovers the address that produced this signature over the 32-byte `digest`.
    /// High-s signatures are rejected.
    public func recoverAddress(digest: [UInt8]) throws(SignatureError) -> Address {
        guard digest.count == 32 else { throw .invalidDigestLength(digest.count) }
        var key = secp256k1_pubkey()
        try recover(digest: digest, into: &key)
        // Serialise into stack memory and hash straight from there.
        var point: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &point) { raw in
            var length = 65
            _ = secp256k1_ec_pubkey_serialize(Secp256k1Context.shared.pointer, raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                              &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
            return Address(publicKeyUncompressed: UnsafeRawBufferPointer(rebasing: raw[0..<65]))
        }
    }

    private func recover(digest: [UInt8], into key: inout secp256k1_pubkey) throws(SignatureError) {
        guard isLowS else { throw .highS }
        let context = Secp256k1Context.shared.pointer
        var compact: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var sig = secp256k1_ecdsa_recoverable_signature()
        let parsed = withUnsafeMutableBytes(of: &compact) { raw in
            r.withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 32) }
            s.withUnsafeBytes { (raw.baseAddress! + 32).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            return secp256k1_ecdsa_recoverable_signature_parse_compact(
                context, &sig, raw.baseAddress!.assumingMemoryBound(to: UInt8.self), recoveryID)
        }
        guard parsed == 1 else { throw .invalidScalar }
        guard secp256k1_ecdsa_recover(context, &key, &sig, digest) == 1 else { throw .recoveryFailed }
    }
}

extension Signature: CustomStringConvertible {
    /// The 65-byte hex form.
    public var description: String { hex }
}

extension Signature: Codable {
    /// Decodes a 65-byte hex string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Signature(hex: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid signature: \(error)")
        }
    }

    /// Encodes the 65-byte hex form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
