import PaygentCore
import PaygentFoundation
import X402

/// The component schemas of the agent and payment-on-behalf routes (``AgentRoutes``), in the
/// style of ``APISchemas``.
enum LiveSchemas {
    typealias P = APISchemas.P

    /// A USD amount given as a decimal string or a JSON number.
    static let usdInput: JSONValue = .object(["anyOf": .array([P.decimal.json, .object(["type": .string("number"), "minimum": .integer(0)])])])

    static func add(to out: inout JSONObject) {
        var execute = APISchemas.object([("command", .string), ("session_id", .string), ("budget_limit_usd", .decimal)],
                                        optional: ["session_id", "budget_limit_usd"])
        execute = APISchemas.replacing(execute, property: "budget_limit_usd", with: usdInput)
        out["AgentExecuteInput"] = execute
        out["AgentExecuteResult"] = APISchemas.object([
            ("session_id", .string), ("run_id", .string), ("status", .oneOf(["completed", "failed", "cancelled", "awaiting_approval", "running"])),
            ("result", .string), ("error", .string), ("error_type", .string), ("total_cost_usd", .decimal), ("duration_ms", .integer),
            ("request_id", .string),
        ], optional: ["result", "error", "error_type", "request_id"])
        var pay = APISchemas.object([
            ("service_url", .string), ("max_amount", .decimal), ("amount", .decimal), ("token", .string), ("service_id", .string),
            ("session_id", .string), ("method", .oneOf(["GET", "POST", "get", "post"])), ("body", .string),
        ], optional: ["max_amount", "amount", "token", "service_id", "session_id", "method", "body"])
        pay = APISchemas.replacing(pay, property: "max_amount", with: usdInput)
        pay = APISchemas.replacing(pay, property: "amount", with: usdInput)
        out["X402PayInput"] = pay
        out["X402PayResult"] = APISchemas.object([
            ("status", .oneOf(["completed", "not_required", "awaiting_approval", "denied", "failed", "already_paid", "in_flight"])),
            ("payment_id", .string), ("tx_hash", .string), ("purchase_id", .string), ("session_id", .string), ("service_response", .any),
            ("http_status", .integer), ("amount", .baseUnits), ("token", .address), ("request_id", .string), ("reason", .string),
        ], optional: ["payment_id", "tx_hash", "service_response", "http_status", "amount", "token", "request_id", "reason"])
        out["ExecuteApprovedInput"] = APISchemas.object([("request_id", .string)])
        var transfer = APISchemas.object([("recipient", .address), ("amount", .decimal), ("token", .string), ("session_id", .string)],
                                         optional: ["token", "session_id"])
        transfer = APISchemas.replacing(transfer, property: "amount", with: usdInput)
        out["WalletTransferInput"] = transfer
        out["WalletTransferResult"] = APISchemas.object([
            ("status", .oneOf(["completed", "awaiting_approval", "denied", "failed", "already_paid", "in_flight"])),
            ("tx_hash", .string), ("from_address", .address), ("to_address", .address), ("amount", .decimal), ("amount_base_units", .baseUnits),
            ("token", .string), ("token_address", .address), ("payment_id", .string), ("purchase_id", .string), ("session_id", .string),
            ("request_id", .string), ("reason", .string),
        ], optional: ["tx_hash", "payment_id", "request_id", "reason"])
    }
}
