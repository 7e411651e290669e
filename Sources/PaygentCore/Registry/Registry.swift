import PaygentEVM
import PaygentFoundation

/// The service registry: register, update (partial), look up, discover, price.
///
/// `total_calls`, `successful_calls`, latency and the reputation score are updated from real
/// payment outcomes by the policy engine (see ``Reputation`` for the formula).
public final class Registry: Sendable {
    let context: CoreContext

    /// Creates a registry over `context`.
    public init(context: CoreContext) { self.context = context }

    static let categoryCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")

    static func category(_ text: String) throws(PaygentError) -> String {
        let value = text.trimmed().lowercased()
        guard !value.isEmpty else { throw .invalid("category", "must not be empty") }
        guard value.count <= 64 else { throw .invalid("category", "too long (\(value.count) characters, at most 64)") }
        guard value.allSatisfy({ categoryCharacters.contains($0) }) else {
            throw .invalid("category", "use only a-z, 0-9, '-' and '_': \(UntrustedText.identifier(text))")
        }
        return value
    }

    static func pricingModel(_ text: String) throws(PaygentError) -> PricingModel {
        guard let model = PricingModel(rawValue: text) else {
            throw .invalid("pricing_model", "must be one of \(PricingModel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return model
    }

    static func token(_ text: String, settings: PolicySettings) throws(PaygentError) -> TokenInfo {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let address = try Validate.address(text, field: "price_token")
            guard let info = settings.priceTable.token(address) else {
                throw .invalid("price_token", "no price is configured for token \(address.checksummed)")
            }
            return info
        }
        guard let info = settings.priceTable.token(symbol: text) else {
            throw .invalid("price_token", "unknown token symbol \(UntrustedText.identifier(text))")
        }
        return info
    }

    /// Registers a service.
    public func register(_ request: NewService, by actor: String) async throws(PaygentError) -> Service {
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        let name = try Validate.text(request.name.trimmed(), field: "name", max: 200, required: true)
        let description = try Validate.text(request.description, field: "description", max: 4000, required: false)
        let endpoint = try Validate.url(request.endpoint, field: "endpoint")
        let category = try Self.category(request.category)
        let model = try Self.pricingModel(request.pricingModel)
        if let score = request.reputationScore, !(0...5).contains(score) || !score.isFinite {
            throw .invalid("reputation_score", "must be between 0 and 5")
        }
        let priceText = request.priceAmount
        let tokenText = request.priceToken
        let now = context.clock.now()
        let id = context.ids.make("svc")
        return try await context.write { tx in
            let settings = try tx.policySettings()
            let token = try Self.token(tokenText, settings: settings)
            let price = try Validate.amount(priceText, decimals: token.decimals, field: "price_amount", allowZero: true)
            guard let usd = token.usdValue(of: price) else { throw PaygentError.invalid("price_amount", "too large") }
            if let existing = try tx.service(endpoint: endpoint) {
                throw PaygentError.conflict("endpoint \(endpoint) is already registered as \(existing.id)")
            }
            let service = Service(
                id: id, name: name, description: description, endpoint: endpoint, category: category, pricingModel: model,
                priceAmount: price, priceToken: token.address, tokenSymbol: token.symbol, tokenDecimals: token.decimals,
                priceUSD: usd, mcpCompatible: request.mcpCompatible,
                reputationScore: request.reputationScore ?? Reputation.initialScore, totalCalls: 0, successfulCalls: 0,
                averageLatencyMs: nil, createdAt: now, updatedAt: now)
            try tx.insertService(service)
            _ = try tx.appendEvent(
                NewEvent(.serviceRegistered, subjectID: id, actor: actorName, data: [
                    "name": .string(name), "endpoint": .string(endpoint), "category": .string(category),
                    "price_amount": .string(service.formattedPrice), "token_symbol": .string(token.symbol),
                ]),
                at: now)
            return service
        }
    }

    /// Changes the given fields of a service.
    public func update(id rawID: String, _ update: ServiceUpdate, by actor: String) async throws(PaygentError) -> Service {
        let id = try Validate.id(rawID, field: "service_id")
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        guard !update.isEmpty else { throw .invalid("body", "no field to update") }
        let name = try update.name.map { (t) throws(PaygentError) in try Validate.text(t.trimmed(), field: "name", max: 200, required: true) }
        let description = try update.description.map { (t) throws(PaygentError) in try Validate.text(t, field: "description", max: 4000, required: false) }
        let endpoint = try update.endpoint.map { (t) throws(PaygentError) in try Validate.url(t, field: "endpoint") }
        let category = try update.category.map { (t) throws(PaygentError) in try Self.category(t) }
        let model = try update.pricingModel.map { (t) throws(PaygentError) in try Self.pricingModel(t) }
        let now = context.clock.now()
        return try await context.write { tx in
            guard var service = try tx.service(id: id) else { throw PaygentError.notFound("service", id) }
            let settings = try tx.policySettings()
            var changed: JSONObject = [:]
            if let name { service.name = name; changed["name"] = .string(name) }
            if let description { service.description = description; changed["description"] = .string(description) }
            if let endpoint, endpoint != service.endpoint {
                if let other = try tx.service(endpoint: endpoint), other.id != id {
                    throw PaygentError.conflict("endpoint \(endpoint) is already registered as \(other.id)")
                }
                service.endpoint = endpoint
                changed["endpoint"] = .string(endpoint)
            }
            if let category { service.category = category; changed["category"] = .string(category) }
            if let model { service.pricingModel = model; changed["pricing_model"] = .string(model.rawValue) }
            var token = settings.priceTable.token(service.priceToken)
                ?? TokenInfo(address: service.priceToken, symbol: service.tokenSymbol, decimals: service.tokenDecimals, usdPrice: .zero)
            if let tokenText = update.priceToken {
                token = try Self.token(tokenText, settings: settings)
                service.priceToken = token.address
                service.tokenSymbol = token.symbol
                service.tokenDecimals = token.decimals
                changed["price_token"] = .string(token.address.lowercasedHex)
            }
            if let priceText = update.priceAmount {
                service.priceAmount = try Validate.amount(priceText, decimals: token.decimals, field: "price_amount", allowZero: true)
                changed["price_amount"] = .string(service.formattedPrice)
            } else if update.priceToken != nil {
                throw PaygentError.invalid("price_amount", "give price_amount together with price_token")
            }
            guard let usd = token.usdValue(of: service.priceAmount) else { throw PaygentError.invalid("price_amount", "too large") }
            service.priceUSD = usd
            if let mcp = update.mcpCompatible { service.mcpCompatible = mcp; changed["mcp_compatible"] = .bool(mcp) }
            service.updatedAt = now
            try tx.updateService(service)
            _ = try tx.appendEvent(NewEvent(.serviceUpdated, subjectID: id, actor: actorName, data: .object(changed)), at: now)
            return service
        }
    }

    /// Validates a discover query.
    public static func validate(_ query: ServiceQuery) throws(PaygentError) {
        try query.page.validate()
        if let category = query.category { _ = try Validate.text(category, field: "category", max: 64, required: true) }
        if let min = query.minPriceUSD, let max = query.maxPriceUSD, min > max {
            throw .invalid("min_price", "must not exceed max_price")
        }
        if let reputation = query.minReputation, !(0...5).contains(reputation) {
            throw .invalid("min_reputation", "must be between 0 and 5")
        }
    }
}
