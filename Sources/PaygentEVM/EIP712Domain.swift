/// An EIP-712 domain: which application, version, chain and contract a signature is for.
///
/// Only the fields that are set take part in the separator, in the order EIP-712 lists them:
/// `EIP712Domain(string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)`.
public struct EIP712Domain: Sendable, Hashable {
    /// The user-readable name of the signing domain (for a token, its EIP-712 name).
    public var name: String?
    /// The current major version of the signing domain.
    public var version: String?
    /// The EIP-155 chain id.
    public var chainId: UInt256?
    /// The contract that will verify the signature.
    public var verifyingContract: Address?
    /// A 32-byte disambiguating salt (shorter values are right-padded with zeros, as `bytes32` is).
    public var salt: [UInt8]?

    /// Creates a domain; leave a field nil to omit it from the type.
    public init(name: String? = nil, version: String? = nil, chainId: UInt256? = nil,
                verifyingContract: Address? = nil, salt: [UInt8]? = nil) {
        self.name = name
        self.version = version
        self.chainId = chainId
        self.verifyingContract = verifyingContract
        self.salt = salt
    }

    /// The `EIP712Domain(...)` type string for the fields that are set.
    public var encodedType: String {
        var fields: [String] = []
        if name != nil { fields.append("string name") }
        if version != nil { fields.append("string version") }
        if chainId != nil { fields.append("uint256 chainId") }
        if verifyingContract != nil { fields.append("address verifyingContract") }
        if salt != nil { fields.append("bytes32 salt") }
        return "EIP712Domain(" + fields.joined(separator: ",") + ")"
    }

    /// The domain separator: hashStruct(EIP712Domain) (memoised, see ``SeparatorCache``).
    public var separator: [UInt8] { SeparatorCache.separator(self) }

    /// Computes the domain separator.
    func computeSeparator() -> [UInt8] {
        var words = ABIWords(capacity: 6)
        words.append(word: Keccak256.hash(encodedType))
        if let name { words.append(hashOf: Array(name.utf8)) }
        if let version { words.append(hashOf: Array(version.utf8)) }
        if let chainId { words.append(chainId) }
        if let verifyingContract { words.append(verifyingContract) }
        if let salt {
            precondition(salt.count <= 32, "EIP712Domain.salt is a bytes32")
            words.append(rightPadded: salt)
        }
        return words.hash
    }
}
