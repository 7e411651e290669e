import X402
import PaygentEVM

/// What a payer is willing to pay, before its ``PaymentPolicy`` is asked.
///
/// Every filter is optional: `nil` accepts anything. Requirements that pass the filters are
/// offered to the policy cheapest first.
public struct X402PayerConfiguration: Sendable {
    /// Networks the payer may pay on (compared by chain id, whatever the spelling).
    public var networks: [Network]?
    /// Token contracts the payer may pay with.
    public var assets: [Address]?
    /// Recipients the payer may pay.
    public var payees: [Address]?
    /// Largest single payment in base units, whatever the token.
    public var maxAmountPerPayment: UInt256?
    /// Largest single payment in base units for specific tokens (checked in addition to
    /// ``maxAmountPerPayment``).
    public var assetLimits: [Address: UInt256]
    /// Retry behaviour for both the unpaid and the paid exchange.
    public var retry: X402RetryPolicy
    /// Bounds for decoding the server's x402 headers.
    public var headerLimits: HeaderLimits

    /// Creates a configuration.
    public init(
        networks: [Network]? = nil, assets: [Address]? = nil, payees: [Address]? = nil,
        maxAmountPerPayment: UInt256? = nil, assetLimits: [Address: UInt256] = [:],
        retry: X402RetryPolicy = .standard, headerLimits: HeaderLimits = .default
    ) {
        self.networks = networks
        self.assets = assets
        self.payees = payees
        self.maxAmountPerPayment = maxAmountPerPayment
        self.assetLimits = assetLimits
        self.retry = retry
        self.headerLimits = headerLimits
    }

    /// Why `requirement` is outside this configuration, or `nil` when it is acceptable.
    public func rejection(of requirement: PaymentRequirement) -> String? {
        if let networks, !networks.contains(where: { $0.isSameChain(as: requirement.network) }) {
            return "network \(requirement.network) is not allowed"
        }
        if let assets, !assets.contains(requirement.asset) {
            return "asset \(requirement.asset) is not allowed"
        }
        if let payees, !payees.contains(requirement.payTo) {
            return "payee \(requirement.payTo) is not allowed"
        }
        if let maxAmountPerPayment, requirement.amount > maxAmountPerPayment {
            return "amount \(requirement.amount) exceeds the per-payment maximum \(maxAmountPerPayment)"
        }
        if let limit = assetLimits[requirement.asset], requirement.amount > limit {
            return "amount \(requirement.amount) exceeds the maximum \(limit) for asset \(requirement.asset)"
        }
        return nil
    }
}
