import PaygentEVM

/// Whatever holds the payer's key and signs payment authorisations with it: EIP-3009
/// authorisations in the token's EIP-712 domain and Permit2 permits in Permit2's.
///
/// ``PrivateKey`` conforms directly; a control plane may supply a signer backed by a keystore.
/// Implementations must never reveal key material in errors or descriptions.
public protocol X402Signer: Sendable {
    /// The address payments are made from (the authorisation's `from`, the permit's owner).
    var address: Address { get }
    /// Signs `authorization` in the token's EIP-712 `domain`.
    func signAuthorization(_ authorization: TransferWithAuthorization, domain: EIP712Domain) throws -> Signature
    /// Signs `permit` in the Permit2 contract's EIP-712 domain on `chainID`.
    func signPermit(_ permit: PermitWitnessTransferFrom, chainID: UInt64) throws -> Signature
}

extension PrivateKey: X402Signer {
    public func signAuthorization(_ authorization: TransferWithAuthorization, domain: EIP712Domain) throws -> Signature {
        try authorization.sign(with: self, domain: domain)
    }

    public func signPermit(_ permit: PermitWitnessTransferFrom, chainID: UInt64) throws -> Signature {
        try permit.sign(with: self, chainID: chainID)
    }
}
