import Foundation
import PaygentFoundation
import PaygentEVM
/// Input of ``PaygentAPI/createSession(_:by:)``. Text fields are validated by the core, so bad
/// input gets a specific ``PaygentError`` no matter which front end sent it.
public struct CreateSessionRequest: Sendable, Hashable, Codable {
    /// Owner (`user_id`), 1…128 characters.
    public var userID: String
    /// Display name, up to 200 characters (may be empty).
    public var name: String
    /// Paying wallet, an EVM address.
    public var walletAddress: String?
    /// Budget in USD (`"5.00"`), overrides `config.budget_limit_usd` when given.
    public var budgetLimitUSD: String?
    /// Everything else.
    public var config: SessionConfig

    /// Creates a request.
    public init(userID: String = "operator", name: String = "", walletAddress: String? = nil,
                budgetLimitUSD: String? = nil, config: SessionConfig = SessionConfig()) {
        self.userID = userID
        self.name = name
        self.walletAddress = walletAddress
        self.budgetLimitUSD = budgetLimitUSD
        self.config = config
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case name
        case walletAddress = "wallet_address"
        case budgetLimitUSD = "budget_limit_usd"
        case config
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        userID = try c.decodeIfPresent(String.self, forKey: .userID) ?? "operator"
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        walletAddress = try c.decodeIfPresent(String.self, forKey: .walletAddress)
        budgetLimitUSD = try c.decodeIfPresent(String.self, forKey: .budgetLimitUSD)
        config = try c.decodeIfPresent(SessionConfig.self, forKey: .config) ?? SessionConfig()
    }
}

/// Input of ``PaygentAPI/registerService(_:by:)`` (`POST /services`).
public struct NewService: Sendable, Hashable, Codable {
    /// 1…200 characters.
    public var name: String
    /// Up to 4,000 characters.
    public var description: String
    /// An http(s) URL, up to 2,048 characters, unique in the registry.
    public var endpoint: String
    /// 1…64 characters of `[a-z0-9_-]`; default `general`.
    public var category: String
    /// `per_call` (default), `subscription`, `usage`, `free`.
    public var pricingModel: String
    /// Price in whole tokens (`"0.10"`), at most the token's decimals.
    public var priceAmount: String
    /// Token contract address or a symbol from the price table (`USDC`).
    public var priceToken: String
    /// Speaks MCP.
    public var mcpCompatible: Bool
    /// Initial reputation 0…5 before any outcome is recorded (default 2.5).
    public var reputationScore: Double?

    /// Creates a request.
    public init(name: String, description: String = "", endpoint: String, category: String = "general",
                pricingModel: String = "per_call", priceAmount: String, priceToken: String = "USDC",
                mcpCompatible: Bool = false, reputationScore: Double? = nil) {
        self.name = name
        self.description = description
        self.endpoint = endpoint
        self.category = category
        self.pricingModel = pricingModel
        self.priceAmount = priceAmount
        self.priceToken = priceToken
        self.mcpCompatible = mcpCompatible
        self.reputationScore = reputationScore
    }

    enum CodingKeys: String, CodingKey {
        case name, description, endpoint, category
        case pricingModel = "pricing_model"
        case priceAmount = "price_amount"
        case priceToken = "price_token"
        case mcpCompatible = "mcp_compatible"
        case reputationScore = "reputation_score"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint) ?? ""
        category = try c.decodeIfPresent(String.self, forKey: .category) ?? "general"
        pricingModel = try c.decodeIfPresent(String.self, forKey: .pricingModel) ?? "per_call"
        priceAmount = try c.decodeFlexibleDecimal(forKey: .priceAmount) ?? ""
        priceToken = try c.decodeIfPresent(String.self, forKey: .priceToken) ?? "USDC"
        mcpCompatible = try c.decodeIfPresent(Bool.self, forKey: .mcpCompatible) ?? false
        reputationScore = try c.decodeIfPresent(Double.self, forKey: .reputationScore)
    }
}

/// Input of ``PaygentAPI/updateService(id:_:by:)`` (`PUT /services/{id}`): only the fields given change.
public struct ServiceUpdate: Sendable, Hashable, Codable {
    public var name: String?
    public var description: String?
    public var endpoint: String?
    public var category: String?
    public var pricingModel: String?
    /// Whole tokens; interpreted in the new `price_token` when both change.
    public var priceAmount: String?
    public var priceToken: String?
    public var mcpCompatible: Bool?

    /// Creates an update.
    public init(name: String? = nil, description: String? = nil, endpoint: String? = nil, category: String? = nil,
                pricingModel: String? = nil, priceAmount: String? = nil, priceToken: String? = nil,
                mcpCompatible: Bool? = nil) {
        self.name = name
        self.description = description
        self.endpoint = endpoint
        self.category = category
        self.pricingModel = pricingModel
        self.priceAmount = priceAmount
        self.priceToken = priceToken
        self.mcpCompatible = mcpCompatible
    }

    /// Whether nothing would change.
    public var isEmpty: Bool {
        name == nil && description == nil && endpoint == nil && category == nil && pricingModel == nil
            && priceAmount == nil && priceToken == nil && mcpCompatible == nil
    }

    enum CodingKeys: String, CodingKey {
        case name, description, endpoint, category
        case pricingModel = "pricing_model"
        case priceAmount = "price_amount"
        case priceToken = "price_token"
        case mcpCompatible = "mcp_compatible"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        pricingModel = try c.decodeIfPresent(String.self, forKey: .pricingModel)
        priceAmount = try c.decodeFlexibleDecimal(forKey: .priceAmount)
        priceToken = try c.decodeIfPresent(String.self, forKey: .priceToken)
        mcpCompatible = try c.decodeIfPresent(Bool.self, forKey: .mcpCompatible)
    }
}

/// Input of ``PaygentAPI/editApproval(id:_:by:)`` (`POST /approvals/{id}/edit`).
public struct ApprovalEdit: Sendable, Hashable, Codable {
    /// Replacement tool arguments.
    public var editedArgs: JSONValue?
    /// A new amount in whole tokens, at most the amount asked.
    public var amount: String?

    /// Creates an edit; at least one field must be set.
    public init(editedArgs: JSONValue? = nil, amount: String? = nil) {
        self.editedArgs = editedArgs
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case editedArgs = "edited_args"
        case amount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        editedArgs = try c.decodeIfPresent(JSONValue.self, forKey: .editedArgs)
        amount = try c.decodeFlexibleDecimal(forKey: .amount)
    }
}

extension KeyedDecodingContainer {
    /// A decimal given as a JSON string or number, returned as its exact text (a number is read
    /// as `Decimal`, never `Double`; one with more digits than that keeps exactly is refused).
    public func decodeFlexibleDecimal(forKey key: Key) throws -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text }
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        guard let decimal = try? decode(Decimal.self, forKey: key) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected a decimal amount")
        }
        guard let text = DecimalText.exact(decimal) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "amount has more digits than a JSON number keeps exactly; write it as a string")
        }
        return text
    }
}
