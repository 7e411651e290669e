import PaygentEVM

/// The EVM payload of a payment: what was signed and the signature.
///
/// Two transfer methods: an EIP-3009 `TransferWithAuthorization` (the `exact` default) or a
/// Permit2 `PermitWitnessTransferFrom` (`exact` with `extra.assetTransferMethod = "permit2"`, and
/// every `upto` payment). Both grant the same terms — who pays whom how much, between which
/// times, under which single-use nonce — so ``authorization`` presents either as an EIP-3009
/// authorisation (for Permit2: `to` = witness `to`, `value` = permitted amount, `validBefore` =
/// deadline, `nonce` = the uint256 nonce as 32 big-endian bytes); checks of recipient, amount,
/// validity and nonce work the same for both, and only signing, recovery and the wire form differ.
public struct ExactEVMPayload: Sendable, Hashable {
    /// What was signed.
    public enum Terms: Sendable, Hashable {
        /// EIP-3009, signed in the token's EIP-712 domain.
        case eip3009(TransferWithAuthorization)
        /// Permit2, signed in the Permit2 contract's EIP-712 domain.
        case permit2(PermitWitnessTransferFrom)
    }

    /// What was signed.
    public var terms: Terms
    /// The 65-byte EIP-712 signature over ``terms``.
    public var signature: Signature

    /// An EIP-3009 payload.
    public init(authorization: TransferWithAuthorization, signature: Signature) {
        self.terms = .eip3009(authorization)
        self.signature = signature
    }

    /// A Permit2 payload.
    public init(permit: PermitWitnessTransferFrom, signature: Signature) {
        self.terms = .permit2(permit)
        self.signature = signature
    }

    /// The Permit2 permit, when this is a Permit2 payload.
    public var permit2: PermitWitnessTransferFrom? {
        if case .permit2(let permit) = terms { return permit }
        return nil
    }

    /// The `assetTransferMethod` this payload uses (`eip3009` or `permit2`).
    public var transferMethod: AssetTransferMethod { permit2 == nil ? .eip3009 : .permit2 }

    /// The terms as an EIP-3009 authorisation (see the type's documentation). Setting it on a
    /// Permit2 payload changes the permit's matching fields.
    public var authorization: TransferWithAuthorization {
        get {
            switch terms {
            case .eip3009(let authorization):
                return authorization
            case .permit2(let p):
                return TransferWithAuthorization(
                    from: p.owner, to: p.to, value: p.amount, validAfter: p.validAfter, validBefore: p.deadline,
                    nonce: p.nonce.bigEndianBytes)
            }
        }
        set {
            switch terms {
            case .eip3009:
                terms = .eip3009(newValue)
            case .permit2(var p):
                p.owner = newValue.from
                p.to = newValue.to
                p.amount = newValue.value
                p.validAfter = newValue.validAfter
                p.deadline = newValue.validBefore
                // 32 bytes always fit 256 bits.
                p.nonce = try! UInt256(bigEndianBytes: newValue.nonce)
                terms = .permit2(p)
            }
        }
    }

    /// The payer (the authorisation's `from`, the permit's owner).
    public var payer: Address { authorization.from }

    /// The address that produced ``signature`` for `requirement` (compare it with ``payer``):
    /// EIP-3009 in the token's domain (`nil` domain: ``X402Error``), Permit2 in Permit2's.
    public func recoverSigner(for requirement: PaymentRequirement) throws -> Address {
        switch terms {
        case .eip3009(let authorization):
            guard let domain = requirement.eip712Domain else {
                throw X402Error.rejected(reason: .missingEIP712Domain, message: "payment requirement has no extra.name/extra.version")
            }
            return try authorization.recoverSigner(signature, domain: domain)
        case .permit2(let permit):
            return try permit.recoverSigner(signature, chainID: requirement.chainID)
        }
    }

    /// Signs an authorisation that pays `requirement` exactly: `to` = payTo, `value` = amount,
    /// `validBefore` = `now + maxTimeoutSeconds` unless given. A requirement whose transfer method
    /// is Permit2 (or whose scheme is `upto`) gets a Permit2 permit; the others EIP-3009.
    ///
    /// - Throws: see ``sign(_:for:with:)``.
    public static func sign(
        _ requirement: PaymentRequirement, with key: PrivateKey, now: UInt64,
        validAfter: UInt64 = 0, validBefore: UInt64? = nil, nonce: [UInt8]? = nil
    ) throws -> ExactEVMPayload {
        let authorization = TransferWithAuthorization(
            from: key.address, to: requirement.payTo, value: requirement.amount,
            validAfter: UInt256(validAfter),
            validBefore: UInt256(validBefore ?? now &+ requirement.maxTimeoutSeconds),
            nonce: nonce ?? TransferWithAuthorization.randomNonce()
        )
        return try sign(authorization, for: requirement, with: key)
    }

    /// Signs `authorization`'s terms the way `requirement` asks: EIP-3009 in the token's domain,
    /// or (``PaymentRequirement/usesPermit2``) a Permit2 permit whose spender is the x402 exact or
    /// upto proxy and, for `upto`, whose witness names `extra.facilitatorAddress`.
    ///
    /// - Throws: ``X402Error/rejected(reason:message:)`` with ``ReasonCode/missingEIP712Domain``
    ///   when an EIP-3009 requirement has no `extra.name`/`extra.version`, or
    ///   ``ReasonCode/uptoFacilitatorMissing`` when an `upto` requirement names no facilitator;
    ///   the signer's error otherwise.
    public static func sign(
        _ authorization: TransferWithAuthorization, for requirement: PaymentRequirement, with signer: any X402Signer
    ) throws -> ExactEVMPayload {
        guard requirement.usesPermit2 else {
            guard let domain = requirement.eip712Domain else {
                throw X402Error.rejected(reason: .missingEIP712Domain, message: "payment requirement has no extra.name/extra.version")
            }
            return ExactEVMPayload(authorization: authorization, signature: try signer.signAuthorization(authorization, domain: domain))
        }
        let facilitator: Address?
        if requirement.scheme == PaymentRequirement.uptoScheme {
            guard let named = requirement.facilitatorAddress else {
                throw X402Error.rejected(reason: .uptoFacilitatorMissing, message: "upto requirement has no extra.facilitatorAddress")
            }
            facilitator = named
        } else {
            facilitator = nil
        }
        let permit = PermitWitnessTransferFrom(
            owner: authorization.from, token: requirement.asset, amount: authorization.value,
            spender: facilitator == nil ? PermitWitnessTransferFrom.exactProxyAddress : PermitWitnessTransferFrom.uptoProxyAddress,
            // 32 bytes always fit 256 bits.
            nonce: try! UInt256(bigEndianBytes: authorization.nonce), deadline: authorization.validBefore,
            to: authorization.to, facilitator: facilitator, validAfter: authorization.validAfter)
        return ExactEVMPayload(permit: permit, signature: try signer.signPermit(permit, chainID: requirement.chainID))
    }
}

/// How an `exact` payment moves the token (`extra.assetTransferMethod`).
public enum AssetTransferMethod: String, Sendable, Hashable {
    /// EIP-3009 `transferWithAuthorization` (the default when `extra` names none).
    case eip3009
    /// Permit2 `permitWitnessTransferFrom` through the x402 Permit2 proxy.
    case permit2
}
