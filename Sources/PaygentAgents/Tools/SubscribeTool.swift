import Http
import PaygentCore

/// `subscribe`: buys a period of a service and records a subscription that renews on expiry
/// (each renewal is a new payment through the same policy).
public struct SubscribeTool: AgentTool {
    public init() {}

    public var paysMoney: Bool { true }

    public var spec: ToolSpec {
        ToolSpec(
            name: "subscribe",
            description: "Subscribe to a registry service: pay its price for one period now and renew (pay again) whenever the period ends.",
            inputSchema: [
                "type": "object",
                "properties": [
                    "service": ["type": "string", "description": "Service name or id (svc_…)."],
                    "duration_seconds": ["type": "integer", "description": "Length of one period in seconds (60…31536000, default 86400)."],
                    "auto_renew": ["type": "boolean", "description": "Renew when the period ends (default true)."],
                    "max_amount": ["type": "string", "description": "Most one period may cost, whole tokens."],
                ],
                "required": ["service"],
                "additionalProperties": false,
            ]
        )
    }

    public func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome {
        do throws(AgentFailure) {
            let args = try ToolArguments(invocation.arguments, tool: spec.name)
            let period = try args.int("duration_seconds") ?? 86_400
            guard (60...31_536_000).contains(period) else {
                return .failure(.invalidArguments, "subscribe: duration_seconds must be between 60 and 31536000")
            }
            let autoRenew = try args.bool("auto_renew") ?? true
            let service = try await ServiceResolver.resolve(try args.requiredString("service"), paygent: context.paygent)
            let request = HTTPRequest(method: .get, url: service.endpoint, headers: ["Accept": "application/json"],
                                      timeout: .seconds(30), connectTimeout: .seconds(5))
            let limits = PaymentGateway.Limits(maxAmount: try args.decimal("max_amount"), sliceUSD: context.sliceRemainingUSD)
            let result = try await context.payments.fetch(
                request, purchaseID: invocation.purchaseID, session: context.session, serviceID: service.id,
                toolName: spec.name, toolArgs: invocation.arguments, limits: limits, priceTable: context.settings.priceTable
            )
            let outcome = await PurchaseReport.outcome(result, label: service.name, url: service.endpoint, serviceID: service.id,
                                                       purchaseID: invocation.purchaseID, context: context)
            guard case .success(var object, let cost) = outcome else { return outcome }
            let subscription: ServiceSubscription
            do {
                subscription = try await context.paygent.createSubscription(
                    sessionID: context.session.id, serviceID: service.id, periodSeconds: period, autoRenew: autoRenew,
                    by: "agent:\(context.session.id)"
                )
            } catch {
                return .failure(AgentFailure(.internal, "paid, but the subscription could not be recorded: \(errorMessage(error))"), cost: cost)
            }
            let duration = Self.describe(seconds: period)
            object = object.setting("subscription_id", .string(subscription.id))
                .setting("expires_at", .string(subscription.expiresAt.iso8601))
                .setting("auto_renew", .bool(autoRenew))
                .setting("period_seconds", .integer(period))
                .setting("summary", .string("Subscribed to \(service.name) for \(duration) for \(object["amount"]?.stringValue ?? "its price")"
                    + (autoRenew ? ", renewing on expiry" : "")))
            return .success(object, cost: cost)
        } catch {
            return .failure(error, cost: .zero)
        }
    }

    static func describe(seconds: Int64) -> String {
        let units: [(Int64, String)] = [(31_536_000, "year"), (2_592_000, "month"), (604_800, "week"), (86_400, "day"), (3600, "hour"), (60, "minute"), (1, "second")]
        for (size, name) in units where seconds % size == 0 {
            let count = seconds / size
            return "\(count) \(name)\(count == 1 ? "" : "s")"
        }
        return "\(seconds) seconds"
    }
}
