import PaygentEVM
import PaygentFoundation

/// One way to pay for a resource, normalised across x402 v1, v2 and the Cronos variant.
///
/// v1 calls the amount `maxAmountRequired` and carries `resource`/`description`/`mimeType` in each
/// requirement; v2 calls it `amount` and moves those three into a shared ``ResourceInfo``. Here both
/// live on the requirement; the wire codecs put them where each version wants them.
public struct PaymentRequirement: Sendable, Hashable {
    /// Payment scheme; only `exact` can be verified here.
    public var scheme: String
    /// Network as written by the server (`cronos-testnet` in v1, `eip155:338` in v2).
    public var network: Network
    /// Token contract.
    public var asset: Address
    /// Recipient.
    public var payTo: Address
    /// Exact amount in the token's base units.
    public var amount: UInt256
    /// How long after signing the authorisation stays valid, in seconds.
    public var maxTimeoutSeconds: UInt64
    /// The resource URL.
    public var resource: String
    /// Human-readable description (untrusted text).
    public var description: String
    /// MIME type of the resource.
    public var mimeType: String
    /// v1 `outputSchema` (free-form JSON), if any.
    public var outputSchema: JSONValue?
    /// Scheme-specific data; for `exact` EVM, `name` and `version` of the token's EIP-712 domain.
    public var extra: JSONObject

    /// The scheme that pays a fixed price.
    public static let exactScheme = "exact"
    /// The scheme that authorises a maximum and settles what was used (Permit2 only).
    public static let uptoScheme = "upto"

    public init(
        scheme: String = PaymentRequirement.exactScheme, network: Network, asset: Address, payTo: Address,
        amount: UInt256, maxTimeoutSeconds: UInt64 = 60, resource: String = "", description: String = "",
        mimeType: String = "application/json", tokenName: String?, tokenVersion: String?,
        outputSchema: JSONValue? = nil, extra: JSONObject = [:]
    ) {
        self.scheme = scheme
        self.network = network
        self.asset = asset
        self.payTo = payTo
        self.amount = amount
        self.maxTimeoutSeconds = maxTimeoutSeconds
        self.resource = resource
        self.description = description
        self.mimeType = mimeType
        self.outputSchema = outputSchema
        var merged: JSONObject = [:]
        if let tokenName { merged["name"] = .string(tokenName) }
        if let tokenVersion { merged["version"] = .string(tokenVersion) }
        for member in extra where merged[member.key] == nil { merged[member.key] = member.value }
        self.extra = merged
    }

    /// Creates a requirement to pay `amount` of `token` to `payTo`.
    public init(
        token: PaymentToken, payTo: Address, amount: UInt256, maxTimeoutSeconds: UInt64 = 60,
        resource: String = "", description: String = "", mimeType: String = "application/json"
    ) {
        self.init(
            network: token.network, asset: token.address, payTo: payTo, amount: amount,
            maxTimeoutSeconds: maxTimeoutSeconds, resource: resource, description: description,
            mimeType: mimeType, tokenName: token.name, tokenVersion: token.version
        )
    }

    /// The EVM chain id of ``network``.
    public var chainID: UInt64 { network.chainID }

    /// The token's EIP-712 domain name (`extra.name`), if given as a string.
    public var tokenName: String? {
        get { extra["name"]?.stringValue }
        set { extra["name"] = newValue.map(JSONValue.string) }
    }

    /// The token's EIP-712 domain version (`extra.version`), if given as a string.
    public var tokenVersion: String? {
        get { extra["version"]?.stringValue }
        set { extra["version"] = newValue.map(JSONValue.string) }
    }

    /// The EIP-712 domain an `exact` authorisation for this requirement is signed in, or `nil`
    /// when `extra.name` / `extra.version` are missing.
    public var eip712Domain: EIP712Domain? {
        guard let tokenName, let tokenVersion else { return nil }
        return EIP712Domain(name: tokenName, version: tokenVersion, chainId: UInt256(chainID), verifyingContract: asset)
    }

    /// How the token moves (`extra.assetTransferMethod`): Permit2 when it says `permit2`,
    /// otherwise EIP-3009, the reference's default.
    public var assetTransferMethod: AssetTransferMethod {
        get { extra["assetTransferMethod"]?.stringValue == AssetTransferMethod.permit2.rawValue ? .permit2 : .eip3009 }
        set { extra["assetTransferMethod"] = newValue == .permit2 ? .string(newValue.rawValue) : nil }
    }

    /// Whether a payment for this requirement is a Permit2 permit: `exact` over Permit2, or `upto`.
    public var usesPermit2: Bool { scheme == Self.uptoScheme || assetTransferMethod == .permit2 }

    /// `upto`: the facilitator the permit's witness must name (`extra.facilitatorAddress`).
    public var facilitatorAddress: Address? {
        get { extra["facilitatorAddress"]?.stringValue.flatMap { try? Address($0) } }
        set { extra["facilitatorAddress"] = newValue.map { .string($0.checksummed) } }
    }

    /// Whether the payer can sign for this requirement: Permit2 needs only the chain; EIP-3009
    /// needs the token's EIP-712 domain (`extra.name` and `extra.version`).
    public var isSignable: Bool { usesPermit2 || eip712Domain != nil }

    /// The v2 resource description of this requirement.
    public var resourceInfo: ResourceInfo {
        ResourceInfo(url: resource, description: description, mimeType: mimeType)
    }

    /// This requirement with its network spelled for `version` (1: legacy name, 2: CAIP-2).
    public func spelled(forVersion version: Int) -> PaymentRequirement {
        var copy = self
        copy.network = version >= 2 ? network.caip2 : network.legacy
        return copy
    }

    /// Whether a client's v2 `accepted` requirement satisfies this server-advertised one, as the
    /// reference server decides: scheme, network, amount, asset, payTo and maxTimeoutSeconds equal,
    /// and this requirement's `extra` a subset of the client's.
    public func isSatisfied(byAccepted accepted: PaymentRequirement) -> Bool {
        scheme == accepted.scheme && network == accepted.network && amount == accepted.amount
            && asset == accepted.asset && payTo == accepted.payTo && maxTimeoutSeconds == accepted.maxTimeoutSeconds
            && accepted.extra.contains(subset: extra)
    }
}
