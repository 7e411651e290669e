import PaygentEVM
import PaygentFoundation

/// How a service charges.
public enum PricingModel: String, Sendable, Hashable, Codable, CaseIterable {
    /// A price per call (x402 `exact`).
    case perCall = "per_call"
    /// A recurring subscription.
    case subscription
    /// A price per unit of usage.
    case usage
    /// Free.
    case free
}

/// A paid service in the registry (the seed's fields plus `category`).
public struct Service: Sendable, Hashable, Codable, Identifiable {
    /// Service id (`svc_…`).
    public var id: String
    /// Display name.
    public var name: String
    /// What it does.
    public var description: String
    /// Its URL (unique in the registry; payments to URLs under it are attributed to it).
    public var endpoint: String
    /// Category (`market-data`, `news`, …).
    public var category: String
    /// How it charges.
    public var pricingModel: PricingModel
    /// Price in the token's base units.
    public var priceAmount: UInt256
    /// Token contract the price is in.
    public var priceToken: Address
    /// Token ticker.
    public var tokenSymbol: String
    /// Token decimals.
    public var tokenDecimals: Int
    /// The price in USD (from the price table).
    public var priceUSD: USDAmount
    /// Whether it speaks MCP.
    public var mcpCompatible: Bool
    /// Reputation 0…5 (see ``Reputation``).
    public var reputationScore: Double
    /// Paid calls recorded.
    public var totalCalls: Int
    /// Paid calls that settled.
    public var successfulCalls: Int
    /// Exponentially weighted mean latency of paid calls, ms.
    public var averageLatencyMs: Int?
    /// When registered.
    public var createdAt: Timestamp
    /// Last change.
    public var updatedAt: Timestamp

    /// Creates a service value.
    public init(
        id: String, name: String, description: String, endpoint: String, category: String, pricingModel: PricingModel,
        priceAmount: UInt256, priceToken: Address, tokenSymbol: String, tokenDecimals: Int, priceUSD: USDAmount,
        mcpCompatible: Bool, reputationScore: Double, totalCalls: Int, successfulCalls: Int, averageLatencyMs: Int?,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.endpoint = endpoint
        self.category = category
        self.pricingModel = pricingModel
        self.priceAmount = priceAmount
        self.priceToken = priceToken
        self.tokenSymbol = tokenSymbol
        self.tokenDecimals = tokenDecimals
        self.priceUSD = priceUSD
        self.mcpCompatible = mcpCompatible
        self.reputationScore = reputationScore
        self.totalCalls = totalCalls
        self.successfulCalls = successfulCalls
        self.averageLatencyMs = averageLatencyMs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The price as whole tokens (`"0.10"`).
    public var formattedPrice: String { TokenAmount.format(priceAmount, decimals: tokenDecimals) }

    enum CodingKeys: String, CodingKey {
        case id, name, description, endpoint, category
        case pricingModel = "pricing_model"
        case priceAmount = "price_amount"
        case priceAmountBaseUnits = "price_amount_base_units"
        case priceToken = "price_token"
        case tokenSymbol = "token_symbol"
        case tokenDecimals = "token_decimals"
        case priceUSD = "price_usd"
        case mcpCompatible = "mcp_compatible"
        case reputationScore = "reputation_score"
        case totalCalls = "total_calls"
        case successfulCalls = "successful_calls"
        case averageLatencyMs = "average_latency_ms"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        endpoint = try c.decode(String.self, forKey: .endpoint)
        category = try c.decodeIfPresent(String.self, forKey: .category) ?? "general"
        pricingModel = try c.decodeIfPresent(PricingModel.self, forKey: .pricingModel) ?? .perCall
        priceToken = try c.decode(Address.self, forKey: .priceToken)
        tokenSymbol = try c.decodeIfPresent(String.self, forKey: .tokenSymbol) ?? ""
        tokenDecimals = try c.decodeIfPresent(Int.self, forKey: .tokenDecimals) ?? 6
        priceAmount = try c.decode(UInt256.self, forKey: .priceAmountBaseUnits)
        priceUSD = try c.decodeIfPresent(USDAmount.self, forKey: .priceUSD) ?? .zero
        mcpCompatible = try c.decodeIfPresent(Bool.self, forKey: .mcpCompatible) ?? false
        reputationScore = try c.decodeIfPresent(Double.self, forKey: .reputationScore) ?? Reputation.initialScore
        totalCalls = try c.decodeIfPresent(Int.self, forKey: .totalCalls) ?? 0
        successfulCalls = try c.decodeIfPresent(Int.self, forKey: .successfulCalls) ?? 0
        averageLatencyMs = try c.decodeIfPresent(Int.self, forKey: .averageLatencyMs)
        createdAt = try c.decode(Timestamp.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Timestamp.self, forKey: .updatedAt) ?? createdAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(category, forKey: .category)
        try c.encode(pricingModel, forKey: .pricingModel)
        try c.encode(formattedPrice, forKey: .priceAmount)
        try c.encode(priceAmount, forKey: .priceAmountBaseUnits)
        try c.encode(priceToken, forKey: .priceToken)
        try c.encode(tokenSymbol, forKey: .tokenSymbol)
        try c.encode(tokenDecimals, forKey: .tokenDecimals)
        try c.encode(priceUSD, forKey: .priceUSD)
        try c.encode(mcpCompatible, forKey: .mcpCompatible)
        try c.encode(reputationScore, forKey: .reputationScore)
        try c.encode(totalCalls, forKey: .totalCalls)
        try c.encode(successfulCalls, forKey: .successfulCalls)
        try c.encode(averageLatencyMs, forKey: .averageLatencyMs)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// `GET /services/{id}/pricing`.
public struct ServicePricing: Sendable, Hashable, Codable {
    /// The service.
    public var serviceID: String
    /// How it charges.
    public var pricingModel: PricingModel
    /// Price as whole tokens (`"0.10"`).
    public var priceAmount: String
    /// Price in base units.
    public var priceAmountBaseUnits: UInt256
    /// Token contract.
    public var priceToken: Address
    /// Token ticker.
    public var tokenSymbol: String
    /// Price in USD.
    public var priceUSD: USDAmount

    /// Creates a pricing value.
    public init(serviceID: String, pricingModel: PricingModel, priceAmount: String, priceAmountBaseUnits: UInt256,
                priceToken: Address, tokenSymbol: String, priceUSD: USDAmount) {
        self.serviceID = serviceID
        self.pricingModel = pricingModel
        self.priceAmount = priceAmount
        self.priceAmountBaseUnits = priceAmountBaseUnits
        self.priceToken = priceToken
        self.tokenSymbol = tokenSymbol
        self.priceUSD = priceUSD
    }

    enum CodingKeys: String, CodingKey {
        case serviceID = "service_id"
        case pricingModel = "pricing_model"
        case priceAmount = "price_amount"
        case priceAmountBaseUnits = "price_amount_base_units"
        case priceToken = "price_token"
        case tokenSymbol = "token_symbol"
        case priceUSD = "price_usd"
    }
}
