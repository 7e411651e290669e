import PaygentEVM

/// One accepted price of a paid route: an exact amount of a token, paid by EIP-3009 or Permit2.
public struct PaywallPrice: Sendable, Hashable {
    /// The token (and so the network and EIP-712 domain).
    public var token: PaymentToken
    /// Exact amount in base units.
    public var amount: UInt256
    /// How the payer authorises the transfer (`extra.assetTransferMethod`).
    public var transferMethod: AssetTransferMethod
    /// `exact` (the amount is the price) or `upto` (the amount is the maximum; the handler names
    /// the charge, see ``Paywall/settlementOverridesHeader``). `upto` is always Permit2.
    public var scheme: String

    public init(token: PaymentToken, amount: UInt256, transferMethod: AssetTransferMethod = .eip3009) {
        self.token = token
        self.amount = amount
        self.transferMethod = transferMethod
        self.scheme = PaymentRequirement.exactScheme
    }

    /// An `upto` price: at most `maximum` base units, paid by a Permit2 permit.
    public static func upto(token: PaymentToken, maximum: UInt256) -> PaywallPrice {
        var price = PaywallPrice(token: token, amount: maximum, transferMethod: .permit2)
        price.scheme = PaymentRequirement.uptoScheme
        return price
    }

    /// A price written in whole tokens, such as `"0.01"` (exact decimal, never floating point).
    public init(token: PaymentToken, amount text: String, transferMethod: AssetTransferMethod = .eip3009) throws(AmountError) {
        self.init(token: token, amount: try token.amount(text), transferMethod: transferMethod)
    }
}

/// What a route tells `bazaar` discovery about itself (untrusted text for whoever reads it).
public struct PaywallDiscovery: Sendable, Hashable {
    /// A display name.
    public var serviceName: String
    /// Categories, most specific first.
    public var tags: [String]

    public init(serviceName: String, tags: [String]) {
        self.serviceName = serviceName
        self.tags = tags
    }
}

/// Pricing of one HTTP route behind the paywall.
public struct PaywallRoute: Sendable, Hashable {
    /// HTTP method, upper case (`GET`).
    public var method: String
    /// The route's path (`/market-data`), without query: the path its handler is registered at.
    public var path: String
    /// Accepted prices; each becomes one entry of `accepts`.
    public var prices: [PaywallPrice]
    /// Recipient of the payments.
    public var payTo: Address
    /// Description shown to payers.
    public var description: String
    /// MIME type of the paid response.
    public var mimeType: String
    /// Validity the payer should give its authorisation, in seconds.
    public var maxTimeoutSeconds: UInt64
    /// `bazaar` metadata; when set the 402 declares the extension.
    public var discovery: PaywallDiscovery?

    public init(
        method: String = "GET", path: String, prices: [PaywallPrice], payTo: Address, description: String,
        mimeType: String = "application/json", maxTimeoutSeconds: UInt64 = 60
    ) {
        self.method = method.uppercased()
        self.path = path
        self.prices = prices
        self.payTo = payTo
        self.description = description
        self.mimeType = mimeType
        self.maxTimeoutSeconds = maxTimeoutSeconds
    }

    public init(
        method: String = "GET", path: String, price: PaywallPrice, payTo: Address, description: String,
        mimeType: String = "application/json", maxTimeoutSeconds: UInt64 = 60
    ) {
        self.init(method: method, path: path, prices: [price], payTo: payTo, description: description, mimeType: mimeType, maxTimeoutSeconds: maxTimeoutSeconds)
    }

    /// The payment requirements for a request to `resourceURL`, networks spelled as each token names them.
    public func requirements(resourceURL: String) -> [PaymentRequirement] {
        prices.map { price in
            var requirement = PaymentRequirement(
                token: price.token, payTo: payTo, amount: price.amount, maxTimeoutSeconds: maxTimeoutSeconds,
                resource: resourceURL, description: description, mimeType: mimeType
            )
            requirement.scheme = price.scheme
            requirement.assetTransferMethod = price.transferMethod
            return requirement
        }
    }
}
