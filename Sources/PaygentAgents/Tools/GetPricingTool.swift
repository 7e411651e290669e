import PaygentCore

/// `get_pricing`: the price of a registry service.
public struct GetPricingTool: AgentTool {
    public init() {}

    public var paysMoney: Bool { false }

    public var spec: ToolSpec {
        ToolSpec(
            name: "get_pricing",
            description: "Look up what a registry service charges (no payment is made).",
            inputSchema: [
                "type": "object",
                "properties": ["service": ["type": "string", "description": "Service name or id (svc_…)."]],
                "required": ["service"],
                "additionalProperties": false,
            ]
        )
    }

    public func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome {
        do throws(AgentFailure) {
            let args = try ToolArguments(invocation.arguments, tool: spec.name)
            let service = try await ServiceResolver.resolve(try args.requiredString("service"), paygent: context.paygent)
            let pricing: ServicePricing
            do {
                pricing = try await context.paygent.pricing(serviceID: service.id)
            } catch {
                return .failure(.notFound, errorMessage(error))
            }
            let per = pricing.pricingModel == .perCall ? " per call" : " (\(pricing.pricingModel.rawValue))"
            return .success([
                "summary": .string("\(service.name) costs \(pricing.priceAmount) \(pricing.tokenSymbol)\(per)"),
                "service_id": .string(service.id), "service": .string(service.name), "endpoint": .string(service.endpoint),
                "pricing_model": .string(pricing.pricingModel.rawValue), "price_amount": .string(pricing.priceAmount),
                "currency": .string(pricing.tokenSymbol), "price_usd": .string(pricing.priceUSD.description),
            ], cost: .zero)
        } catch {
            return .failure(error, cost: .zero)
        }
    }
}
