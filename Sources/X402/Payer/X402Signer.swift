import PaygentEVM

/// Whatever holds the payer's key and signs EIP-3009 authorisations with it.
///
/// ``PrivateKey`` conforms directly; a control plane may supply a signer backed by a keystore.
/// Implementations must never reveal key material in errors or descriptions.
public protocol X402Signer: Sendable {
    /// The address payments are made from (the authorisation's `from`).
    var address: Address { get }
    /// Signs `authorization` in the token's EIP-712 `domain`.
    func signAuthorization(_ authorization: TransferWithAuthorization, domain: EIP712Domain) throws -> Signature
}

extension PrivateKey: X402Signer {
    public func signAuthorization(_ authorization: TransferWithAuthorization, domain: EIP712Domain) throws -> Signature {
        try authorization.sign(with: self, domain: domain)
    }
}
