import PaygentCore
import PaygentFoundation
import X402

/// The component schemas of the OpenAPI document, one per wire type, written by hand from the
/// types' `encode(to:)` (and kept true by the schemathesis check, which validates every answer
/// against them). Fields the types encode as `null` when empty are nullable; objects allow
/// additional members (clients must ignore what they do not know).
enum APISchemas {
    /// A decimal amount as a query parameter.
    static let decimalParameter = #"{"type":"string","pattern":"^[0-9]{1,30}(\\.[0-9]{1,18})?$"}"#

    /// A property's schema.
    indirect enum P {
        case string, integer, number, bool, any
        /// Text of `min`…`max` characters.
        case text(Int, Int)
        /// An http(s) URL.
        case url
        /// A category: 1…64 of `[a-z0-9_-]`.
        case category
        /// An exact decimal amount as a string (`"0.10"`).
        case decimal
        /// A non-negative integer in base units, as a decimal string.
        case baseUnits
        /// An EVM address (EIP-55).
        case address
        /// An ISO-8601 UTC time.
        case time
        case oneOf([String])
        case ref(String)
        case array(P)
        case map(P)
        case nullable(P)

        var json: JSONValue {
            switch self {
            case .string: return .object(["type": .string("string")])
            case .integer: return .object(["type": .string("integer")])
            case .number: return .object(["type": .string("number")])
            case .bool: return .object(["type": .string("boolean")])
            case .any: return .object([:])
            case .text(let min, let max):
                return .object(["type": .string("string"), "minLength": .integer(min), "maxLength": .integer(max)])
            case .url:
                return .object(["type": .string("string"), "maxLength": .integer(2048), "pattern": .string("^https?://[^\\s]+$")])
            case .category: return .object(["type": .string("string"), "pattern": .string("^[a-z0-9_-]{1,64}$")])
            case .decimal: return .object(["type": .string("string"), "pattern": .string(#"^[0-9]+(\.[0-9]+)?$"#)])
            case .baseUnits: return .object(["type": .string("string"), "pattern": .string("^[0-9]+$")])
            case .address: return .object(["type": .string("string"), "pattern": .string("^0x[0-9a-fA-F]{40}$")])
            case .time: return .object(["type": .string("string"), "format": .string("date-time")])
            case .oneOf(let values): return .object(["type": .string("string"), "enum": .array(values.map(JSONValue.string))])
            case .ref(let name): return OpenAPIDocument.ref(name)
            case .array(let item): return .object(["type": .string("array"), "items": item.json])
            case .map(let value): return .object(["type": .string("object"), "additionalProperties": value.json])
            case .nullable(let inner):
                return .object(["anyOf": .array([inner.json, .object(["type": .string("null")])])])
            }
        }
    }

    /// An object whose `required` members (default: all that are not nullable) must be present.
    static func object(_ properties: [(String, P)], optional: Set<String> = []) -> JSONValue {
        var props = JSONObject()
        var required: [JSONValue] = []
        for (name, schema) in properties {
            props[name] = schema.json
            if !optional.contains(name) { required.append(.string(name)) }
        }
        return .object(["type": .string("object"), "properties": .object(props), "required": .array(required)])
    }

    /// A page envelope listing `item` under `key`.
    static func page(_ key: String, _ item: String) -> JSONValue {
        object([(key, .array(.ref(item))), ("total", .integer), ("offset", .integer), ("limit", .integer)])
    }

    static var sessionStatuses: [String] { SessionStatus.allCases.map(\.rawValue) }
    static var paymentStatuses: [String] { PaymentStatus.allCases.map(\.rawValue) }
    static var decisions: [String] { ApprovalDecision.allCases.map(\.rawValue) }
    static var roles: [String] { APITokenRole.allCases.map(\.rawValue) }
    static var timeoutActions: [String] { ApprovalTimeoutAction.allCases.map(\.rawValue) }

    /// Every component, by name.
    static var all: JSONObject {
        var out = JSONObject()
        out["Error"] = object([("error", .ref("ErrorBody"))])
        out["ErrorBody"] = object([("code", .string), ("message", .string), ("field", .string)], optional: ["field"])
        out["Health"] = object([("status", .string), ("version", .string)])
        out["ControlState"] = object([("global_pause", .bool), ("changed_by", .string), ("changed_at", .time), ("reason", .string)],
                                     optional: ["changed_by", "changed_at", "reason"])
        out["Overview"] = object([
            ("control", .ref("ControlState")), ("default_wallet", .address), ("spent_today_usd", .decimal),
            ("daily_limit_usd", .decimal), ("session_counts", .map(.integer)), ("pending_approvals", .integer), ("latest_seq", .integer),
        ], optional: ["default_wallet", "daily_limit_usd"])
        out["SessionConfig"] = .object(["type": .string("object")])
        out["Session"] = object([
            ("id", .string), ("user_id", .string), ("name", .string), ("wallet_address", .nullable(.address)),
            ("config", .ref("SessionConfig")), ("status", .oneOf(sessionStatuses)), ("spent_usd", .decimal), ("held_usd", .decimal),
            ("remaining_usd", .nullable(.decimal)), ("payment_count", .integer), ("created_at", .time), ("last_active", .time),
            ("status_changed_by", .nullable(.string)), ("status_reason", .nullable(.string)),
        ])
        out["SessionPage"] = page("sessions", "Session")
        let pricingModels = PricingModel.allCases.map(\.rawValue)
        out["Service"] = object([
            ("id", .string), ("name", .string), ("description", .string), ("endpoint", .string), ("category", .string),
            ("pricing_model", .oneOf(pricingModels)), ("price_amount", .decimal), ("price_amount_base_units", .baseUnits),
            ("price_token", .address), ("token_symbol", .string), ("token_decimals", .integer), ("price_usd", .decimal),
            ("mcp_compatible", .bool), ("reputation_score", .number), ("total_calls", .integer), ("successful_calls", .integer),
            ("average_latency_ms", .nullable(.integer)), ("created_at", .time), ("updated_at", .time),
        ])
        out["ServicePage"] = page("services", "Service")
        out["ServicePricing"] = object([
            ("service_id", .string), ("pricing_model", .oneOf(pricingModels)), ("price_amount", .decimal),
            ("price_amount_base_units", .baseUnits), ("price_token", .address), ("token_symbol", .string), ("price_usd", .decimal),
        ])
        let flexibleDecimal: JSONValue = .object(["anyOf": .array([P.decimal.json, .object(["type": .string("number"), "minimum": .integer(0)])])])
        var newService = object([
            ("name", .text(1, 200)), ("description", .text(0, 4000)), ("endpoint", .url), ("category", .category),
            ("pricing_model", .oneOf(pricingModels)), ("price_amount", .decimal), ("price_token", .string), ("mcp_compatible", .bool),
            ("reputation_score", .number),
        ], optional: ["description", "category", "pricing_model", "price_token", "mcp_compatible", "reputation_score"])
        newService = replacing(newService, property: "price_amount", with: flexibleDecimal)
        out["NewService"] = newService
        var update = object([
            ("name", .text(1, 200)), ("description", .text(0, 4000)), ("endpoint", .url), ("category", .category),
            ("pricing_model", .oneOf(pricingModels)), ("price_amount", .decimal), ("price_token", .string), ("mcp_compatible", .bool),
        ], optional: ["name", "description", "endpoint", "category", "pricing_model", "price_amount", "price_token", "mcp_compatible"])
        update = replacing(update, property: "price_amount", with: flexibleDecimal)
        out["ServiceUpdate"] = update
        out["Payment"] = object([
            ("id", .string), ("purchase_id", .string), ("hold_id", .string), ("session_id", .nullable(.string)),
            ("service_id", .nullable(.string)), ("agent_wallet", .address), ("recipient", .address), ("amount", .decimal),
            ("amount_base_units", .baseUnits), ("token", .address), ("token_symbol", .string), ("token_decimals", .integer),
            ("amount_usd", .decimal), ("network", .string), ("resource", .string), ("tx_hash", .nullable(.string)),
            ("status", .oneOf(paymentStatuses)), ("failure_reason", .nullable(.string)), ("valid_before", .time),
            ("created_at", .time), ("updated_at", .time), ("settled_at", .nullable(.time)), ("authorization_nonce", .string),
            ("signed_at", .time), ("maximum_amount", .decimal), ("maximum_amount_base_units", .baseUnits), ("maximum_amount_usd", .decimal),
        ], optional: ["authorization_nonce", "signed_at", "maximum_amount", "maximum_amount_base_units", "maximum_amount_usd"])
        out["PaymentPage"] = page("payments", "Payment")
        out["PaymentStats"] = object([
            ("total_payments", .integer), ("total_amount_usd", .decimal), ("confirmed_payments", .integer), ("pending_payments", .integer),
            ("signed_payments", .integer), ("failed_payments", .integer), ("unknown_payments", .integer), ("success_rate", .number),
        ])
        out["TokenBalance"] = object([
            ("token_address", .address), ("token_symbol", .string), ("balance", .decimal), ("balance_base_units", .baseUnits),
            ("balance_usd", .decimal),
        ])
        out["WalletBalance"] = object([("wallet_address", .address), ("balances", .array(.ref("TokenBalance"))), ("total_balance_usd", .decimal)])
        out["WalletAllowance"] = object([
            ("wallet_address", .address), ("daily_limit_usd", .nullable(.decimal)), ("spent_today_usd", .decimal),
            ("remaining_allowance_usd", .nullable(.decimal)), ("resets_at", .nullable(.time)),
        ], optional: ["daily_limit_usd", "remaining_allowance_usd", "resets_at"])
        out["WalletTransaction"] = object([
            ("id", .string), ("kind", .string), ("from_address", .nullable(.address)), ("to_address", .address), ("token", .address),
            ("amount_base_units", .baseUnits), ("tx_hash", .nullable(.string)), ("network", .string), ("created_at", .time),
        ], optional: ["from_address", "tx_hash"])
        out["WalletTransactionPage"] = page("transactions", "WalletTransaction")
        out["SessionBudget"] = object([
            ("session_id", .string), ("name", .string), ("status", .oneOf(sessionStatuses)), ("budget_usd", .nullable(.decimal)),
            ("spent_usd", .decimal), ("held_usd", .decimal), ("remaining_usd", .nullable(.decimal)),
        ], optional: ["budget_usd", "remaining_usd"])
        out["TokenDayUsage"] = object([
            ("wallet", .address), ("token", .address), ("token_symbol", .string), ("token_decimals", .integer),
            ("used_base_units", .baseUnits), ("limit_base_units", .nullable(.baseUnits)),
        ], optional: ["limit_base_units"])
        out["BudgetOverview"] = object([
            ("sessions", .array(.ref("SessionBudget"))), ("tokens", .array(.ref("TokenDayUsage"))), ("wallets", .array(.ref("WalletAllowance"))),
        ])
        out["SpendPoint"] = object([("start", .time), ("amount_usd", .decimal), ("count", .integer)])
        out["SpendSeries"] = object([("points", .array(.ref("SpendPoint")))])
        out["ApprovalRequest"] = object([
            ("id", .string), ("session_id", .string), ("tool_name", .string), ("tool_args", .any), ("amount", .nullable(.decimal)),
            ("amount_base_units", .nullable(.baseUnits)), ("token", .nullable(.address)), ("currency", .string),
            ("token_decimals", .integer), ("amount_usd", .nullable(.decimal)), ("payee", .nullable(.address)), ("reason", .string),
            ("purchase_id", .nullable(.string)), ("decision", .oneOf(decisions)), ("edited_args", .any),
            ("approved_amount_base_units", .nullable(.baseUnits)), ("decided_by", .nullable(.string)),
            ("decision_reason", .nullable(.string)), ("on_timeout", .oneOf(timeoutActions)), ("created_at", .time),
            ("expires_at", .time), ("decision_made_at", .nullable(.time)), ("network", .string),
        ], optional: ["network"])
        out["ApprovalPage"] = page("requests", "ApprovalRequest")
        out["ApprovalDecisionResult"] = object([
            ("request_id", .string), ("decision", .oneOf(decisions)), ("message", .string), ("request", .ref("ApprovalRequest")),
        ])
        out["ApprovalEdit"] = replacing(object([("edited_args", .any), ("amount", .decimal)], optional: ["edited_args", "amount"]),
                                        property: "amount", with: flexibleDecimal)
        out["ReasonBody"] = object([("reason", .nullable(.text(0, 500)))], optional: ["reason"])
        out["ExecutionLog"] = object([
            ("id", .string), ("session_id", .string), ("command", .string), ("plan", .any), ("tool_calls", .any),
            ("result", .nullable(.string)), ("status", .string), ("error", .nullable(.string)), ("total_cost_usd", .decimal),
            ("duration_ms", .nullable(.integer)), ("created_at", .time), ("updated_at", .time),
        ], optional: ["result", "error", "duration_ms"])
        out["LogPage"] = page("logs", "ExecutionLog")
        out["ExecutionLogSummary"] = object([
            ("session_id", .string), ("total_runs", .integer), ("completed_runs", .integer), ("failed_runs", .integer),
            ("total_cost_usd", .decimal), ("average_duration_ms", .nullable(.integer)),
        ], optional: ["average_duration_ms"])
        out["TokenInfo"] = object([("address", .address), ("symbol", .string), ("decimals", .integer), ("usd_price", .decimal)])
        out["PriceTable"] = object([("tokens", .array(.ref("TokenInfo")))])
        let policy: [(String, P)] = [
            ("approval_threshold_usd", .decimal), ("approval_timeout_seconds", .integer), ("wallet_daily_limit_usd", .nullable(.decimal)),
            ("token_daily_limits", .map(.baseUnits)), ("service_daily_caps_usd", .map(.decimal)),
            ("recipient_daily_caps_usd", .map(.decimal)), ("max_payments_per_minute", .nullable(.integer)),
            ("allowed_recipients", .array(.address)), ("denied_recipients", .array(.address)), ("default_wallet", .nullable(.address)),
            ("price_table", .ref("PriceTable")),
        ]
        out["PolicySettings"] = object(policy, optional: ["wallet_daily_limit_usd", "max_payments_per_minute", "default_wallet"])
        var patch = object(policy, optional: Set(policy.map(\.0)))
        if case .object(var members) = patch {
            members["additionalProperties"] = .bool(false)
            patch = .object(members)
        }
        out["PolicyPatch"] = patch
        out["APIToken"] = object([
            ("id", .string), ("name", .string), ("role", .oneOf(roles)), ("prefix", .string), ("created_at", .time),
            ("last_used_at", .nullable(.time)), ("revoked_at", .nullable(.time)),
        ], optional: ["last_used_at", "revoked_at"])
        out["TokenList"] = object([("tokens", .array(.ref("APIToken"))), ("total", .integer)])
        out["IssuedToken"] = object([("token", .ref("APIToken")), ("secret", .string)])
        out["CreateTokenRequest"] = object([("role", .oneOf(roles)), ("name", .text(1, 200))], optional: ["name"])
        out["Subscription"] = object([
            ("id", .string), ("session_id", .string), ("service_id", .string), ("status", .string), ("period_seconds", .integer),
            ("price_amount_base_units", .baseUnits), ("token", .address), ("auto_renew", .bool), ("renewals", .integer),
            ("started_at", .time), ("expires_at", .time), ("created_at", .time),
        ])
        out["SubscriptionPage"] = page("subscriptions", "Subscription")
        out["SubscriptionActivity"] = object([("active", .bool), ("subscription", .nullable(.ref("Subscription")))], optional: ["subscription"])
        out["CreateSubscriptionRequest"] = object([
            ("session_id", .text(1, 128)), ("service_id", .text(1, 128)),
            ("period_seconds", .integer), ("auto_renew", .bool),
        ], optional: ["period_seconds", "auto_renew"])
        out["TypedDataDocument"] = object([("types", .map(.any)), ("primaryType", .string), ("domain", .any), ("message", .any)])
        out["TypedDataSignature"] = object([("signature", .string), ("signer", .address), ("digest", .string)])
        out["MetricsSummary"] = object([
            ("payments", .ref("PaymentStats")), ("pending_approvals", .integer), ("session_counts", .map(.integer)),
            ("spent_today_usd", .decimal), ("global_pause", .bool),
        ])
        out["Event"] = object([
            ("seq", .integer), ("type", .string), ("session_id", .nullable(.string)), ("subject_id", .nullable(.string)),
            ("actor", .string), ("data", .any), ("timestamp", .time),
        ], optional: ["session_id", "subject_id"])
        out["TokenIdentity"] = object([("token_id", .string), ("name", .string), ("role", .oneOf(roles)), ("actor", .string)])
        out["EventPage"] = object([("events", .array(.ref("Event"))), ("latest_seq", .integer), ("has_more", .bool)])
        out["CreateSessionRequest"] = object([
            ("user_id", .text(1, 128)), ("name", .text(0, 200)), ("wallet_address", .address), ("budget_limit_usd", .decimal),
            ("config", .ref("SessionConfig")),
        ], optional: ["user_id", "name", "wallet_address", "budget_limit_usd", "config"])
        LiveSchemas.add(to: &out)
        return out
    }

    /// `schema` with the property `name` replaced by `replacement`.
    static func replacing(_ schema: JSONValue, property name: String, with replacement: JSONValue) -> JSONValue {
        guard case .object(var members) = schema, case .object(var props)? = members["properties"] else { return schema }
        props[name] = replacement
        members["properties"] = .object(props)
        return .object(members)
    }
}
