import Foundation
import PaygentFoundation

/// What changed between two policies, field by field, as the `policy.updated` event records it:
/// `{"wallet_daily_limit_usd": {"old": "5.00", "new": "10.00"}, …}` (fields by their wire names,
/// values in their exact wire form; a field that was unset is `null`).
public enum PolicyChanges {
    /// The changed fields of `new` against `old`; empty when nothing changed.
    public static func between(_ old: PolicySettings, _ new: PolicySettings) -> JSONObject {
        guard case .object(let before)? = encoded(old), case .object(let after)? = encoded(new) else { return [:] }
        var changes: JSONObject = [:]
        for key in Set(before.keys).union(after.keys) {
            let was = before[key] ?? .null, now = after[key] ?? .null
            if was != now { changes[key] = .object(["old": was, "new": now]) }
        }
        return changes
    }

    private static func encoded(_ settings: PolicySettings) -> JSONValue? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(settings) else { return nil }
        return try? JSONValue.parse(String(decoding: data, as: UTF8.self))
    }
}
