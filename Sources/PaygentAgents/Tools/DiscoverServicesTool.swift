import PaygentCore
import PaygentFoundation
import PaygentEVM

/// `discover_services`: searches the registry by words, category, price and reputation.
public struct DiscoverServicesTool: AgentTool {
    public init() {}

    public var paysMoney: Bool { false }

    public var spec: ToolSpec {
        ToolSpec(
            name: "discover_services",
            description: "Search the service registry. query matches names, categories and descriptions; prices are in USD (stablecoins 1:1). Results are ordered by reputation.",
            inputSchema: [
                "type": "object",
                "properties": [
                    "query": ["type": "string", "description": "Words to match, such as \"market data\"."],
                    "category": ["type": "string", "description": "Exact category, such as \"market-data\"."],
                    "price_below": ["type": "string", "description": "Only services priced strictly below this (USD)."],
                    "max_price": ["type": "string", "description": "Only services priced at most this (USD)."],
                    "min_price": ["type": "string", "description": "Only services priced at least this (USD)."],
                    "min_reputation": ["type": "number", "description": "Only services with at least this reputation (0–5)."],
                    "mcp_compatible": ["type": "boolean"],
                    "limit": ["type": "integer", "description": "At most this many results (default 10, at most 50)."],
                ],
                "additionalProperties": false,
            ]
        )
    }

    public func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome {
        do throws(AgentFailure) {
            let args = try ToolArguments(invocation.arguments, tool: spec.name)
            let below = try args.usd("price_below")
            let maxPrice = try args.usd("max_price")
            let minPrice = try args.usd("min_price")
            let minReputation = try args.double("min_reputation")
            if let minReputation, !(0...5).contains(minReputation) {
                return .failure(.invalidArguments, "discover_services: min_reputation must be between 0 and 5")
            }
            let limit = Int(max(1, min(50, try args.int("limit") ?? 10)))
            let category = try args.string("category")?.lowercased()
            var query = ServiceQuery(category: category, minPriceUSD: minPrice, maxPriceUSD: [maxPrice, below].compactMap { $0 }.min(),
                                     minReputation: minReputation, mcpCompatible: try args.bool("mcp_compatible"),
                                     page: PageRequest(offset: 0, limit: 100))
            var found: [Service] = []
            while found.count < 1000 {
                let page: Page<Service>
                do {
                    page = try await context.paygent.discoverServices(query)
                } catch {
                    return .failure(.invalidArguments, "discover_services: \(errorMessage(error))")
                }
                found += page.items
                if !page.hasMore || page.items.isEmpty { break }
                query.page.offset += page.items.count
            }
            if let below { found = found.filter { $0.priceUSD < below } }
            let text = try args.string("query")
            if let text {
                let ranked = Set(ServiceResolver.matches(text, in: found).map(\.id))
                let queryWords = ServiceResolver.words(text).filter { !ServiceResolver.weakWords.contains($0) }
                // Keep every word-matching service, in reputation order (the registry's order).
                found = found.filter { service in
                    guard ranked.contains(service.id) else { return false }
                    let words = Set(ServiceResolver.words(service.name + " " + service.category + " " + service.description))
                    return queryWords.allSatisfy(words.contains)
                }
            }
            let shown = Array(found.prefix(limit))
            var what = text.map { "\($0) services" } ?? (category.map { "\($0) services" } ?? "services")
            if let below { what += " under \(below) USD" }
            else if let maxPrice { what += " at most \(maxPrice) USD" }
            let list = shown.map { "\($0.name) (\($0.formattedPrice) \($0.tokenSymbol))" }.joined(separator: ", ")
            let summary = shown.isEmpty
                ? "Found no \(what)"
                : "Found \(found.count) \(what): \(list)\(found.count > shown.count ? ", …" : "")"
            let services: [JSONValue] = shown.map { service in
                [
                    "id": .string(service.id), "name": .string(service.name), "endpoint": .string(service.endpoint),
                    "category": .string(service.category), "price_amount": .string(service.formattedPrice),
                    "currency": .string(service.tokenSymbol), "price_usd": .string(service.priceUSD.description),
                    "pricing_model": .string(service.pricingModel.rawValue),
                    "reputation": .score(service.reputationScore), "description": .string(UntrustedText.line(service.description, maxWidth: 200)),
                ]
            }
            return .success(["summary": .string(summary), "count": .integer(found.count), "services": .array(services)], cost: .zero)
        } catch {
            return .failure(error, cost: .zero)
        }
    }
}
