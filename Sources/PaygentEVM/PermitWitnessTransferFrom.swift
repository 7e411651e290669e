/// A Permit2 `PermitWitnessTransferFrom` message: the payload of x402's `exact` scheme over
/// Permit2 (`extra.assetTransferMethod = "permit2"`) and of the `upto` scheme.
///
/// The owner signs, under the Permit2 contract's EIP-712 domain (`name` "Permit2", `chainId`,
/// `verifyingContract` = ``permit2Address``, no version), permission for `spender` (the x402
/// Permit2 proxy) to move up to `amount` of `token` once, before `deadline`, to the witness's `to`.
/// The `upto` witness also names the facilitator allowed to settle it.
///
/// `exact`: `PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,Witness witness)`
/// `TokenPermissions(address token,uint256 amount)Witness(address to,uint256 validAfter)`;
/// `upto`'s witness is `Witness(address to,address facilitator,uint256 validAfter)`.
public struct PermitWitnessTransferFrom: Sendable, Hashable {
    /// The owner of the tokens (the signer; not part of the signed message).
    public var owner: Address
    /// Token contract.
    public var token: Address
    /// The amount permitted, in base units (`exact`: the price; `upto`: the maximum).
    public var amount: UInt256
    /// Who may execute the transfer (the x402 exact or upto Permit2 proxy).
    public var spender: Address
    /// Permit2's unordered nonce: single use per owner, for every token.
    public var nonce: UInt256
    /// Unix time after which the permit can no longer be used.
    public var deadline: UInt256
    /// The witness's recipient.
    public var to: Address
    /// `upto` only: the facilitator allowed to settle (part of the witness).
    public var facilitator: Address?
    /// The witness's earliest valid time.
    public var validAfter: UInt256

    /// Creates a permit; a non-nil `facilitator` makes it an `upto` permit.
    public init(
        owner: Address, token: Address, amount: UInt256, spender: Address, nonce: UInt256, deadline: UInt256,
        to: Address, facilitator: Address? = nil, validAfter: UInt256 = .zero
    ) {
        self.owner = owner
        self.token = token
        self.amount = amount
        self.spender = spender
        self.nonce = nonce
        self.deadline = deadline
        self.to = to
        self.facilitator = facilitator
        self.validAfter = validAfter
    }

    /// The canonical Permit2 contract (the same address on every EVM chain).
    public static let permit2Address = try! Address("0x000000000022D473030F116dDEE9F6B43aC78BA3")
    /// x402's exact-scheme Permit2 proxy, the `spender` of every `exact` permit.
    public static let exactProxyAddress = try! Address("0x402085c248EeA27D92E8b30b2C58ed07f9E20001")
    /// x402's upto-scheme Permit2 proxy, the `spender` of every `upto` permit.
    public static let uptoProxyAddress = try! Address("0x4020A4f3b7b90ccA423B9fabCc0CE57C6C240002")

    /// The Permit2 contract's EIP-712 domain on `chainID` (no version field).
    public static func domain(chainID: UInt64) -> EIP712Domain {
        EIP712Domain(name: "Permit2", chainId: UInt256(chainID), verifyingContract: permit2Address)
    }

    static let tokenPermissionsType = "TokenPermissions(address token,uint256 amount)"
    static let exactWitnessType = "Witness(address to,uint256 validAfter)"
    static let uptoWitnessType = "Witness(address to,address facilitator,uint256 validAfter)"
    static let primaryType =
        "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,Witness witness)"

    /// The EIP-712 type string of the `exact` permit (referenced types in alphabetical order).
    public static let exactEncodedType = primaryType + tokenPermissionsType + exactWitnessType
    /// The EIP-712 type string of the `upto` permit.
    public static let uptoEncodedType = primaryType + tokenPermissionsType + uptoWitnessType

    static let exactTypeHash = Keccak256.hash(exactEncodedType)
    static let uptoTypeHash = Keccak256.hash(uptoEncodedType)
    static let tokenPermissionsTypeHash = Keccak256.hash(tokenPermissionsType)
    static let exactWitnessTypeHash = Keccak256.hash(exactWitnessType)
    static let uptoWitnessTypeHash = Keccak256.hash(uptoWitnessType)

    /// hashStruct of this message.
    public func structHash() -> [UInt8] {
        var permitted = ABIWords(capacity: 3)
        permitted.append(word: Self.tokenPermissionsTypeHash)
        permitted.append(token)
        permitted.append(amount)
        var witness = ABIWords(capacity: 4)
        witness.append(word: facilitator == nil ? Self.exactWitnessTypeHash : Self.uptoWitnessTypeHash)
        witness.append(to)
        if let facilitator { witness.append(facilitator) }
        witness.append(validAfter)
        var words = ABIWords(capacity: 6)
        words.append(word: facilitator == nil ? Self.exactTypeHash : Self.uptoTypeHash)
        words.append(word: permitted.hash)
        words.append(spender)
        words.append(nonce)
        words.append(deadline)
        words.append(word: witness.hash)
        return words.hash
    }

    /// The EIP-712 signing digest under the Permit2 domain of `chainID`.
    public func digest(chainID: UInt64) -> [UInt8] {
        EIP712.digest(domainSeparator: Self.domain(chainID: chainID).separator, structHash: structHash())
    }

    /// Signs the permit on `chainID`. The key should be the owner's.
    public func sign(with key: PrivateKey, chainID: UInt64) throws(KeyError) -> Signature {
        try key.sign(digest: digest(chainID: chainID))
    }

    /// The address that produced `signature` over this permit on `chainID` (compare it with
    /// ``owner``). High-s signatures are rejected.
    public func recoverSigner(_ signature: Signature, chainID: UInt64) throws(SignatureError) -> Address {
        try signature.recoverAddress(digest: digest(chainID: chainID))
    }

    /// A random 256-bit Permit2 nonce from the OS's secure random source.
    public static func randomNonce() -> UInt256 {
        // 32 bytes always fit 256 bits.
        try! UInt256(bigEndianBytes: TransferWithAuthorization.randomNonce())
    }
}
