import PaygentEVM
import PaygentFoundation

/// The `payment-identifier` extension (reference: `x402/extensions/payment_identifier`): a
/// client-chosen id per purchase in the payment's `extensions`, by which a server recognises a
/// retry. The server declares it in the 402 (`{"info":{"required":false},"schema":{…}}`); the
/// client copies the declaration and adds `info.id`.
public enum PaymentIdentifier {
    /// The key in `extensions`.
    public static let key = "payment-identifier"

    /// Whether `id` is a valid identifier: 16–128 characters of `A–Z a–z 0–9 _ -`.
    public static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        return (16...128).contains(bytes.count) && bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    /// The stable identifier of purchase `purchaseID`: `pay_` + 32 hex digits of its keccak-256,
    /// the same on every retry of the purchase (and in every process).
    public static func id(forPurchase purchaseID: String) -> String {
        "pay_" + Hex.encode(Array(Keccak256.hash(Array(purchaseID.utf8)).prefix(16)), prefix: false)
    }

    /// The server's declaration, as the reference's `declare_payment_identifier_extension` writes it.
    public static func declaration(required: Bool = false) -> JSONValue {
        .object(JSONObject(uncheckedMembers: [
            JSONMember("info", .object(["required": .bool(required)])),
            JSONMember("schema", .object(JSONObject(uncheckedMembers: [
                JSONMember("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                JSONMember("type", .string("object")),
                JSONMember("properties", .object(JSONObject(uncheckedMembers: [
                    JSONMember("required", .object(["type": .string("boolean")])),
                    JSONMember("id", .object(JSONObject(uncheckedMembers: [
                        JSONMember("type", .string("string")), JSONMember("minLength", .integer(16)),
                        JSONMember("maxLength", .integer(128)), JSONMember("pattern", .string("^[a-zA-Z0-9_-]+$")),
                    ]))),
                ]))),
                JSONMember("required", .array([.string("required")])),
            ]))),
        ]))
    }

    /// `extensions` with `id` added to a declared `payment-identifier` (unchanged when the server
    /// declared none), as the reference's `append_payment_identifier_to_extensions` does.
    public static func appending(_ id: String, to extensions: JSONObject) -> JSONObject {
        guard case .object(var declared)? = extensions[key], case .object(var info)? = declared["info"] else { return extensions }
        info["id"] = .string(id)
        declared["info"] = .object(info)
        var result = extensions
        result[key] = .object(declared)
        return result
    }

    /// What a payment says about its identifier.
    public enum Presence: Sendable, Hashable {
        /// No `payment-identifier` extension, or one without an id.
        case absent
        /// A valid id.
        case id(String)
        /// An id that breaks the format rules (a 400).
        case invalid(String)
    }

    /// The identifier in a payment's `extensions`.
    public static func find(in extensions: JSONObject?) -> Presence {
        guard let object = extensions?[key]?.objectValue, let info = object["info"]?.objectValue, let value = info["id"] else { return .absent }
        guard let id = value.stringValue else { return .invalid("payment-identifier info.id is not a string") }
        return isValid(id) ? .id(id) : .invalid("payment-identifier id must be 16-128 characters of letters, digits, _ and -")
    }
}
