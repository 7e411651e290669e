import PaygentEVM

/// One accepted price of a paid route: an exact amount of a token.
public struct PaywallPrice: Sendable, Hashable {
    /// The token (and so the network and EIP-712 domain).
    public var token: PaymentToken
    /// Exact amount in base units.
    public var amount: UInt256

    public init(token: PaymentToken, amount: UInt256) {
        self.token = token
        self.amount = amount
    }

    /// A price written in whole tokens, such as `"0.01"` (exact decimal, never floating point).
    public init(token: PaymentToken, amount text: String) throws(AmountError) {
        self.init(token: token, amount: try token.amount(text))
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
            PaymentRequirement(
                token: price.token, payTo: payTo, amount: price.amount, maxTimeoutSeconds: maxTimeoutSeconds,
                resource: resourceURL, description: description, mimeType: mimeType
            )
        }
    }
}
