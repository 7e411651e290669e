/// An EIP-3009 `transferWithAuthorization` message: the payload of x402's "exact" EVM scheme.
///
/// `TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)`
public struct TransferWithAuthorization: Sendable, Hashable, Codable {
    /// The payer (the signer).
    public var from: Address
    /// The payee.
    public var to: Address
    /// The amount in the token's base units.
    public var value: UInt256
    /// Unix time after which the authorization is valid.
    public var validAfter: UInt256
    /// Unix time before which the authorization is valid.
    public var validBefore: UInt256
    /// A unique 32-byte nonce (single use per `from`).
    public var nonce: [UInt8]

    /// Creates an authorization; `nonce` must be 32 bytes.
    public init(from: Address, to: Address, value: UInt256, validAfter: UInt256, validBefore: UInt256, nonce: [UInt8]) {
        precondition(nonce.count == 32, "an EIP-3009 nonce is 32 bytes")
        self.from = from
        self.to = to
        self.value = value
        self.validAfter = validAfter
        self.validBefore = validBefore
        self.nonce = nonce
    }

    /// The EIP-712 type string.
    public static let encodedType =
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"

    /// keccak256 of ``encodedType``.
    public static let typeHash: [UInt8] = Keccak256.hash(encodedType)

    /// hashStruct of this message.
    public func structHash() -> [UInt8] {
        var words = ABIWords(capacity: 7)
        words.append(word: Self.typeHash)
        words.append(from)
        words.append(to)
        words.append(value)
        words.append(validAfter)
        words.append(validBefore)
        words.append(rightPadded: nonce)
        return words.hash
    }

    /// The EIP-712 signing digest under `domain` (the token's domain).
    public func digest(domain: EIP712Domain) -> [UInt8] {
        EIP712.digest(domainSeparator: domain.separator, structHash: structHash())
    }

    /// Signs the authorization. The key should be the one for `from`.
    public func sign(with key: PrivateKey, domain: EIP712Domain) throws(KeyError) -> Signature {
        try key.sign(digest: digest(domain: domain))
    }

    /// The address that produced `signature` over this authorization (compare it with `from`).
    /// High-s signatures are rejected.
    public func recoverSigner(_ signature: Signature, domain: EIP712Domain) throws(SignatureError) -> Address {
        try signature.recoverAddress(digest: digest(domain: domain))
    }

    /// 32 bytes from the OS's secure random source.
    public static func randomNonce() -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: 32)
        SecureRandom.fill(&nonce)
        return nonce
    }

    // MARK: Codable — the x402 `authorization` object: addresses and hex nonce as strings, numbers as decimal strings.

    private enum CodingKeys: String, CodingKey { case from, to, value, validAfter, validBefore, nonce }

    /// Decodes the x402 `authorization` JSON object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decode(Address.self, forKey: .from)
        to = try c.decode(Address.self, forKey: .to)
        value = try c.decode(UInt256.self, forKey: .value)
        validAfter = try c.decode(UInt256.self, forKey: .validAfter)
        validBefore = try c.decode(UInt256.self, forKey: .validBefore)
        let nonceText = try c.decode(String.self, forKey: .nonce)
        guard let bytes = try? Hex.decode(nonceText), bytes.count == 32 else {
            throw DecodingError.dataCorruptedError(forKey: .nonce, in: c, debugDescription: "nonce must be 32 bytes of hex")
        }
        nonce = bytes
    }

    /// Encodes the x402 `authorization` JSON object.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(value, forKey: .value)
        try c.encode(validAfter, forKey: .validAfter)
        try c.encode(validBefore, forKey: .validBefore)
        try c.encode(Hex.encode(nonce), forKey: .nonce)
    }
}
