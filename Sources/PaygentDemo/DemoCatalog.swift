import PaygentCore
import PaygentEVM
import X402

/// One paid demo service: where it lives on the demo server, what it charges, how it is listed.
public struct DemoServiceSpec: Sendable, Hashable {
    /// Registry name.
    public var name: String
    /// Path on the demo server.
    public var path: String
    /// Price in whole devUSDC.e (`"0.10"`).
    public var price: String
    /// Registry category.
    public var category: String
    /// `per_call` or `subscription`.
    public var pricingModel: String
    /// Registry description.
    public var description: String
    /// Initial reputation.
    public var reputation: Double
    /// Whether it is the misbehaving service (malformed 402s and 500s, never paid).
    public var misbehaves: Bool

    public init(name: String, path: String, price: String, category: String, pricingModel: String = "per_call",
                description: String, reputation: Double, misbehaves: Bool = false) {
        self.name = name
        self.path = path
        self.price = price
        self.category = category
        self.pricingModel = pricingModel
        self.description = description
        self.reputation = reputation
        self.misbehaves = misbehaves
    }
}

/// The demo fleet's services. Prices are chosen so every prototype command does something
/// visible: the market data API costs exactly 0.10, two market data services are under 0.05,
/// the swap quote (0.02) is under the 0.05 limit of "buy it if under 0.05", the report (12.00)
/// is above the 10 USD approval threshold, and the flaky oracle never serves a payable answer.
public enum DemoCatalog {
    /// The services, in registration order.
    public static let services: [DemoServiceSpec] = [
        DemoServiceSpec(name: "Market Data API", path: "/market-data", price: "0.10", category: "market-data",
                        description: "Spot prices, 24 h change and volume for CRO, WETH, WBTC and VVS in USDC", reputation: 4.6),
        DemoServiceSpec(name: "Crypto Ticker", path: "/ticker", price: "0.01", category: "market-data",
                        description: "Last trade price of one market data pair, updated every second", reputation: 4.2),
        DemoServiceSpec(name: "Market Pulse", path: "/market-pulse", price: "0.03", category: "market-data",
                        description: "Market data digest: movers, volume leaders and sentiment", reputation: 3.9),
        DemoServiceSpec(name: "Swap Quote", path: "/swap-quote", price: "0.02", category: "defi",
                        description: "DEX swap quote with route, rate and price impact (?from=CRO&to=USDC&amount=10)", reputation: 4.4),
        DemoServiceSpec(name: "News Feed", path: "/news", price: "0.50", category: "news", pricingModel: "subscription",
                        description: "Cronos ecosystem headlines, as a subscription", reputation: 4.0),
        DemoServiceSpec(name: "Premium Research Report", path: "/report", price: "12.00", category: "research",
                        description: "Quarterly Cronos DeFi research report (42 pages)", reputation: 4.8),
        DemoServiceSpec(name: "Flaky Oracle", path: "/flaky-oracle", price: "0.02", category: "oracle",
                        description: "Price oracle that is having a bad day: malformed 402s and 500s", reputation: 1.5,
                        misbehaves: true),
    ]

    /// The token everything is priced in.
    public static let token = PaymentToken.cronosTestnetUSDC

    /// Who is paid.
    public static var merchant: Address { DevnetAccounts.merchant.address }

    /// The paywall routes of the well-behaved services.
    public static func paywallRoutes() -> [PaywallRoute] {
        services.filter { !$0.misbehaves }.map { spec in
            PaywallRoute(path: spec.path, price: try! PaywallPrice(token: token, amount: spec.price), payTo: merchant,
                         description: spec.description, maxTimeoutSeconds: 300)
        }
    }

    /// Registers every service (endpoint under `baseURL`) unless already registered.
    public static func register(baseURL: String, in paygent: any AgentHost) async throws(PaygentError) -> [Service] {
        var registered: [Service] = []
        for spec in services {
            let endpoint = baseURL + spec.path
            let existing = try await paygent.service(endpoint: endpoint)
            if let existing {
                registered.append(existing)
                continue
            }
            registered.append(try await paygent.registerService(
                NewService(name: spec.name, description: spec.description, endpoint: endpoint, category: spec.category,
                           pricingModel: spec.pricingModel, priceAmount: spec.price, priceToken: "USDC", mcpCompatible: false,
                           reputationScore: spec.reputation),
                by: "demo"))
        }
        return registered
    }
}
