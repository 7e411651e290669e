import PaygentFoundation
/// One payment kind a facilitator supports (`{"x402Version","scheme","network","extra"?}`).
public struct SupportedKind: Sendable, Hashable {
    public var x402Version: Int
    public var scheme: String
    /// Network as the facilitator names it for that version.
    public var network: String
    public var extra: JSONObject?

    public init(x402Version: Int, scheme: String, network: String, extra: JSONObject? = nil) {
        self.x402Version = x402Version
        self.scheme = scheme
        self.network = network
        self.extra = extra
    }
}

/// A facilitator's answer to `/supported`.
public struct SupportedResponse: Sendable, Hashable {
    public var kinds: [SupportedKind]
    /// Supported extension keys.
    public var extensions: [String]
    /// Signer addresses by CAIP family (`"eip155:*"`).
    public var signers: [String: [String]]

    public init(kinds: [SupportedKind], extensions: [String] = [], signers: [String: [String]] = [:]) {
        self.kinds = kinds
        self.extensions = extensions
        self.signers = signers
    }

    /// Whether a kind with this version, scheme and network is listed.
    public func supports(x402Version: Int, scheme: String, network: String) -> Bool {
        kinds.contains { $0.x402Version == x402Version && $0.scheme == scheme && $0.network == network }
    }
}
