import PaygentEVM

/// The `exact` EVM scheme's payload: an EIP-3009 `TransferWithAuthorization` and its signature.
public struct ExactEVMPayload: Sendable, Hashable {
    /// The signed authorisation.
    public var authorization: TransferWithAuthorization
    /// The 65-byte EIP-712 signature over ``authorization``.
    public var signature: Signature

    public init(authorization: TransferWithAuthorization, signature: Signature) {
        self.authorization = authorization
        self.signature = signature
    }

    /// The payer (the authorisation's `from`).
    public var payer: Address { authorization.from }

    /// Signs an authorisation that pays `requirement` exactly: `to` = payTo, `value` = amount,
    /// `validBefore` = `now + maxTimeoutSeconds` unless given.
    ///
    /// - Throws: ``X402Error/rejected(reason:message:)`` with ``ReasonCode/missingEIP712Domain``
    ///   when the requirement has no `extra.name`/`extra.version`; the signing key error otherwise.
    public static func sign(
        _ requirement: PaymentRequirement, with key: PrivateKey, now: UInt64,
        validAfter: UInt64 = 0, validBefore: UInt64? = nil, nonce: [UInt8]? = nil
    ) throws -> ExactEVMPayload {
        guard let domain = requirement.eip712Domain else {
            throw X402Error.rejected(reason: .missingEIP712Domain, message: "payment requirement has no extra.name/extra.version")
        }
        let authorization = TransferWithAuthorization(
            from: key.address, to: requirement.payTo, value: requirement.amount,
            validAfter: UInt256(validAfter),
            validBefore: UInt256(validBefore ?? now &+ requirement.maxTimeoutSeconds),
            nonce: nonce ?? TransferWithAuthorization.randomNonce()
        )
        let signature = try authorization.sign(with: key, domain: domain)
        return ExactEVMPayload(authorization: authorization, signature: signature)
    }
}
