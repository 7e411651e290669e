import PaygentFoundation
/// A payment option in a 402 response that this implementation cannot use (another scheme, a
/// non-EVM network, a malformed entry), kept so callers can explain why nothing was payable.
public struct UnsupportedRequirement: Sendable, Hashable {
    /// The entry exactly as the server sent it.
    public var raw: JSONValue
    /// Why it was set aside.
    public var error: DecodeError

    public init(raw: JSONValue, error: DecodeError) {
        self.raw = raw
        self.error = error
    }
}

/// The content of a 402 Payment Required response, normalised across the three dialects.
public struct PaymentRequired: Sendable, Hashable {
    /// Where it came from: the v2 `PAYMENT-REQUIRED` header, the v1 `accepts[]` body, or the
    /// Cronos singular `paymentRequirements` body.
    public var dialect: X402Dialect
    /// The server's `error` text, if any (untrusted).
    public var error: String?
    /// v2 resource description (for v1 it is built from the first requirement).
    public var resource: ResourceInfo?
    /// The payment options this implementation can use, in the server's order.
    public var accepts: [PaymentRequirement]
    /// Options that were skipped.
    public var unsupported: [UnsupportedRequirement]
    /// v2 extensions, passed through.
    public var extensions: JSONObject?

    public init(
        dialect: X402Dialect, error: String? = nil, resource: ResourceInfo? = nil,
        accepts: [PaymentRequirement], unsupported: [UnsupportedRequirement] = [], extensions: JSONObject? = nil
    ) {
        self.dialect = dialect
        self.error = error
        self.resource = resource
        self.accepts = accepts
        self.unsupported = unsupported
        self.extensions = extensions
    }

    /// The `x402Version` of the source.
    public var x402Version: Int { dialect.version }
}
