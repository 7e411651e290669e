import PaygentEVM
import PaygentFoundation

/// Which wire dialect a payment, a 402 response or a settlement speaks.
public enum X402Dialect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// x402 v1: `X-PAYMENT` / `X-PAYMENT-RESPONSE`, `accepts[]` in the 402 body, nested payload.
    case v1
    /// x402 v2: `PAYMENT-SIGNATURE` / `PAYMENT-RESPONSE` / `PAYMENT-REQUIRED`, CAIP-2 networks.
    case v2
    /// The Cronos facilitator's v1 variant: flat payload with numeric times and `asset`,
    /// singular `paymentRequirements`, `paymentHeader` facilitator bodies.
    case cronos

    /// The `x402Version` number this dialect carries.
    public var version: Int { self == .v2 ? 2 : 1 }

    public var description: String { rawValue }
}

/// A signed payment, normalised across the three dialects (see ``X402Dialect``).
public struct PaymentPayload: Sendable, Hashable {
    /// The dialect it was written in (and is re-encoded in).
    public var dialect: X402Dialect
    /// Scheme (`exact`). In v2 this is `accepted.scheme`.
    public var scheme: String
    /// Network as written. In v2 this is `accepted.network`.
    public var network: Network
    /// The EIP-3009 authorisation and signature.
    public var exact: ExactEVMPayload
    /// v2: the requirement the client chose to pay.
    public var accepted: PaymentRequirement?
    /// v2: the resource the client is paying for.
    public var resource: ResourceInfo?
    /// v2: extension data, passed through untouched.
    public var extensions: JSONObject?
    /// Cronos: the token contract named in the flat payload.
    public var asset: Address?

    /// The `x402Version` of this payment.
    public var x402Version: Int { dialect.version }
    /// The payer (the authorisation's `from`).
    public var payer: Address { exact.payer }

    public init(
        dialect: X402Dialect, scheme: String, network: Network, exact: ExactEVMPayload,
        accepted: PaymentRequirement? = nil, resource: ResourceInfo? = nil,
        extensions: JSONObject? = nil, asset: Address? = nil
    ) {
        self.dialect = dialect
        self.scheme = scheme
        self.network = network
        self.exact = exact
        self.accepted = accepted
        self.resource = resource
        self.extensions = extensions
        self.asset = asset
    }

    /// A v1 payment (`X-PAYMENT`) for `requirement`.
    public static func v1(_ exact: ExactEVMPayload, for requirement: PaymentRequirement) -> PaymentPayload {
        PaymentPayload(dialect: .v1, scheme: requirement.scheme, network: requirement.network, exact: exact)
    }

    /// A v2 payment (`PAYMENT-SIGNATURE`) accepting `requirement`.
    public static func v2(
        _ exact: ExactEVMPayload, for requirement: PaymentRequirement, resource: ResourceInfo? = nil,
        extensions: JSONObject? = nil
    ) -> PaymentPayload {
        PaymentPayload(
            dialect: .v2, scheme: requirement.scheme, network: requirement.network, exact: exact,
            accepted: requirement, resource: resource ?? requirement.resourceInfo, extensions: extensions
        )
    }

    /// A Cronos flat payment for `requirement`.
    public static func cronos(_ exact: ExactEVMPayload, for requirement: PaymentRequirement) -> PaymentPayload {
        PaymentPayload(
            dialect: .cronos, scheme: requirement.scheme, network: requirement.network, exact: exact,
            asset: requirement.asset
        )
    }
}
