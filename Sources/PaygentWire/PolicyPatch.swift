import Foundation
import PaygentFoundation
import PaygentCore
import X402

/// `PUT /policy` is a partial update: the members given replace the current policy's, the others
/// stay. Unknown members are refused (a typo must not silently change nothing), and so is any
/// value the policy cannot hold; the error names the member.
public enum PolicyPatch {
    /// The members a patch may name (the policy's wire keys).
    public static let fields: [String] = [
        "approval_threshold_usd", "approval_timeout_seconds", "wallet_daily_limit_usd", "token_daily_limits",
        "service_daily_caps_usd", "recipient_daily_caps_usd", "max_payments_per_minute", "allowed_recipients",
        "denied_recipients", "default_wallet", "price_table",
    ]

    /// `current` with the members of the JSON object `body` applied.
    public static func apply(_ body: [UInt8], to current: PolicySettings) throws(PaygentError) -> PolicySettings {
        let patch: JSONValue
        do {
            patch = try JSONParser.parse(body, limits: JSONLimits(maxBytes: 256 * 1024, maxDepth: 8, maxNumberLength: 80))
        } catch {
            throw PaygentError(.invalidInput, "body: not valid JSON (\(error))", field: "body")
        }
        guard let members = patch.objectValue else { throw PaygentError.invalid("body", "must be a JSON object") }
        for key in members.keys where !fields.contains(key) {
            throw PaygentError.invalid(QueryItems.fieldName(key), "is not a policy setting (known: \(fields.joined(separator: ", ")))")
        }
        let currentJSON: JSONValue
        do {
            currentJSON = try JSONParser.parse(Array(try WireJSON.encode(current)), limits: JSONLimits(maxBytes: 4 << 20, maxDepth: 16))
        } catch {
            throw PaygentError(.internal, "policy could not be encoded: \(error)")
        }
        var merged = currentJSON.objectValue ?? JSONObject()
        for member in members { merged[member.key] = member.value }
        let bytes = JSONWriter.encode(.object(merged))
        return try WireBody.decode(PolicySettings.self, from: bytes)
    }
}
