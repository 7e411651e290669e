import Http
import PaygentFoundation
import PaygentCore

/// `x402_fetch`: calls a URL (or a registry service by name), paying with x402 when it answers
/// 402, within the step's `max_amount` and the session's policy.
public struct X402FetchTool: AgentTool {
    public init() {}

    public var paysMoney: Bool { true }

    public var spec: ToolSpec {
        ToolSpec(
            name: "x402_fetch",
            description: "Call a paid HTTP service and pay for it with x402 (USDC). Give either url or service (a registry service name or id). max_amount caps what this call may pay, in whole tokens; the operator's policy may still refuse or ask a human.",
            inputSchema: [
                "type": "object",
                "properties": [
                    "url": ["type": "string", "description": "Absolute http(s) URL to call."],
                    "service": ["type": "string", "description": "Registry service name (\"market data api\") or id (svc_…)."],
                    "params": ["type": "object", "description": "Query parameters to add to the URL."],
                    "method": ["type": "string", "enum": ["GET", "POST"], "description": "HTTP method (default GET)."],
                    "max_amount": ["type": "string", "description": "Most this call may pay, whole tokens (\"0.10\")."],
                    "currency": ["type": "string", "description": "Currency of max_amount (default USDC)."],
                ],
                "additionalProperties": false,
            ]
        )
    }

    public func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome {
        do throws(AgentFailure) {
            let args = try ToolArguments(invocation.arguments, tool: spec.name)
            var url: String
            var label: String
            var serviceID: String?
            if let given = try args.string("url") {
                guard given.lowercased().hasPrefix("http://") || given.lowercased().hasPrefix("https://"), given.count <= 2048 else {
                    return .failure(.invalidArguments, "x402_fetch: url must be an absolute http(s) URL")
                }
                url = given
                label = given
                if let service = try? await ServiceResolver.all(context.paygent).first(where: { given.hasPrefix($0.endpoint) }) {
                    serviceID = service.id
                    label = service.name
                }
            } else if let reference = try args.string("service") {
                let service = try await ServiceResolver.resolve(reference, paygent: context.paygent)
                url = service.endpoint
                label = service.name
                serviceID = service.id
            } else {
                return .failure(.invalidArguments, "x402_fetch: give url or service")
            }
            if let params = invocation.arguments["params"], params != .null {
                guard let object = params.objectValue else {
                    return .failure(.invalidArguments, "x402_fetch: params must be an object")
                }
                url = PurchaseReport.url(url, params: object)
            }
            let method: HTTPMethod
            switch (try args.string("method") ?? "GET").uppercased() {
            case "GET": method = .get
            case "POST": method = .post
            default: return .failure(.invalidArguments, "x402_fetch: method must be GET or POST")
            }
            let limits = PaymentGateway.Limits(
                maxAmount: try args.decimal("max_amount"),
                currency: AmountPhrase.displaySymbol(try args.string("currency") ?? "USDC"),
                sliceUSD: context.sliceRemainingUSD
            )
            let request = HTTPRequest(method: method, url: url, headers: ["Accept": "application/json"],
                                      timeout: .seconds(30), connectTimeout: .seconds(5))
            let result = try await context.payments.fetch(
                request, purchaseID: invocation.purchaseID, session: context.session, serviceID: serviceID,
                toolName: spec.name, toolArgs: invocation.arguments, limits: limits, priceTable: context.settings.priceTable
            )
            var extra: JSONObject = ["service": .string(label)]
            if let max = limits.maxAmount { extra["max_amount"] = .string("\(max) \(limits.currency)") }
            return await PurchaseReport.outcome(result, label: label, url: url, serviceID: serviceID,
                                                purchaseID: invocation.purchaseID, context: context, extra: extra)
        } catch {
            return .failure(error, cost: .zero)
        }
    }
}
