internal import CSecp256k1

/// A secp256k1 private key.
///
/// The 32 secret bytes live in their own heap buffer, are overwritten with zeros when the key
/// is released, and never appear in `description`, `debugDescription` or errors;
/// ``exportHex()`` is the only way to get them out.
public final class PrivateKey: @unchecked Sendable {
    // Immutable after init; the buffer is only read until deinit.
    private let secret: UnsafeMutablePointer<UInt8>
    /// The matching public key.
    public let publicKey: PublicKey

    /// Takes ownership of 32 bytes at `buffer` that must already be a valid key.
    private init(adopting buffer: UnsafeMutablePointer<UInt8>) throws(KeyError) {
        let context = Secp256k1Context.shared.pointer
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(context, &key, buffer) == 1 else {
            SecureRandom.zero(UnsafeMutableRawBufferPointer(start: buffer, count: 32))
            buffer.deallocate()
            throw .outOfRange
        }
        secret = buffer
        publicKey = PublicKey(serializing: &key)
    }

    deinit {
        SecureRandom.zero(UnsafeMutableRawBufferPointer(start: secret, count: 32))
        secret.deallocate()
    }

    /// Generates a new key from the OS's secure random source.
    public static func generate() throws(KeyError) -> PrivateKey {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        let context = Secp256k1Context.shared.pointer
        repeat {
            SecureRandom.fill(UnsafeMutableRawBufferPointer(start: buffer, count: 32))
        } while secp256k1_ec_seckey_verify(context, buffer) != 1
        return try PrivateKey(adopting: buffer)
    }

    /// Imports 32 raw bytes.
    public convenience init(bytes: [UInt8]) throws(KeyError) {
        guard bytes.count == 32 else { throw .invalidLength(bytes.count) }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        buffer.initialize(from: bytes, count: 32)
        guard secp256k1_ec_seckey_verify(Secp256k1Context.shared.pointer, buffer) == 1 else {
            SecureRandom.zero(UnsafeMutableRawBufferPointer(start: buffer, count: 32))
            buffer.deallocate()
            throw .outOfRange
        }
        try self.init(adopting: buffer)
    }

    /// Imports 64 hex digits, with or without `0x`; surrounding whitespace is ignored.
    public convenience init(hex: String) throws(KeyError) {
        var text = Substring(hex)
        while let f = text.first, f.isWhitespace { text = text.dropFirst() }
        while let l = text.last, l.isWhitespace { text = text.dropLast() }
        var bytes: [UInt8]
        do { bytes = try Hex.decode(String(text)) } catch { throw .invalidHex }
        defer { SecureRandom.zero(&bytes) }
        try self.init(bytes: bytes)
    }

    /// The key as `0x` + 64 lower-case hex digits. Handle the result as a secret.
    public func exportHex() -> String {
        Hex.encode(UnsafeBufferPointer(start: secret, count: 32))
    }

    /// The Ethereum address of this key.
    public var address: Address { publicKey.address }

    /// Signs a 32-byte digest (RFC 6979 deterministic nonce). The signature is low-s and
    /// carries the recovery id as v = 27/28.
    public func sign(digest: [UInt8]) throws(KeyError) -> Signature {
        guard digest.count == 32 else { throw .invalidDigestLength(digest.count) }
        return try digest.withUnsafeBufferPointer { (d: UnsafeBufferPointer<UInt8>) throws(KeyError) -> Signature in
            try sign(digest: d.baseAddress!)
        }
    }

    /// Signs the 32 bytes at `digest`.
    func sign(digest: UnsafePointer<UInt8>) throws(KeyError) -> Signature {
        let context = Secp256k1Context.shared.pointer
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(context, &sig, digest, secret, nil, nil) == 1 else {
            throw .signingFailed
        }
        var recid: Int32 = 0
        var compact: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &compact) { raw in
            let out = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, out, &recid, &sig)
            return Signature(validatedR: Array(raw[0..<32]), s: Array(raw[32..<64]), v: 27 + UInt8(truncatingIfNeeded: recid))
        }
    }
}

extension PrivateKey: CustomStringConvertible, CustomDebugStringConvertible {
    /// Shows only the address, never the secret.
    public var description: String { "PrivateKey(address: \(address), secret: <redacted>)" }
    /// Shows only the address, never the secret.
    public var debugDescription: String { description }
}
