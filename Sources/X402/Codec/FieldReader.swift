import PaygentEVM
import PaygentFoundation

/// Typed, path-aware access to the members of a decoded JSON object.
struct FieldReader {
    let object: JSONObject
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    init(_ value: JSONValue, path: String) throws(DecodeError) {
        guard case .object(let object) = value else {
            throw .wrongType(path: path.isEmpty ? "(root)" : path, expected: "an object", found: value.typeName)
        }
        self.init(object, path: path)
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The value for `key`, treating JSON `null` as absent.
    func optional(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func required(_ key: String) throws(DecodeError) -> JSONValue {
        guard let value = optional(key) else { throw .missingField(path: fieldPath(key)) }
        return value
    }

    func string(_ key: String) throws(DecodeError) -> String {
        let value = try required(key)
        guard case .string(let s) = value else { throw .wrongType(path: fieldPath(key), expected: "a string", found: value.typeName) }
        return s
    }

    func optionalString(_ key: String) throws(DecodeError) -> String? {
        guard let value = optional(key) else { return nil }
        guard case .string(let s) = value else { throw .wrongType(path: fieldPath(key), expected: "a string", found: value.typeName) }
        return s
    }

    func bool(_ key: String) throws(DecodeError) -> Bool {
        let value = try required(key)
        guard case .bool(let b) = value else { throw .wrongType(path: fieldPath(key), expected: "a boolean", found: value.typeName) }
        return b
    }

    func object(_ key: String) throws(DecodeError) -> FieldReader {
        try FieldReader(try required(key), path: fieldPath(key))
    }

    func optionalObject(_ key: String) throws(DecodeError) -> JSONObject? {
        guard let value = optional(key) else { return nil }
        guard case .object(let o) = value else { throw .wrongType(path: fieldPath(key), expected: "an object", found: value.typeName) }
        return o
    }

    func array(_ key: String) throws(DecodeError) -> [JSONValue] {
        let value = try required(key)
        guard case .array(let a) = value else { throw .wrongType(path: fieldPath(key), expected: "an array", found: value.typeName) }
        return a
    }

    /// The `x402Version` member: an integer.
    func version(_ key: String = "x402Version") throws(DecodeError) -> Int {
        guard let value = optional(key) else { throw .unsupportedVersion(found: "(missing)") }
        guard case .number(let text) = value, let v = Int(text), (0...1000).contains(v) else {
            let shown: String = switch value {
            case .number(let t): String(t.prefix(24))
            case .string(let s): String(reflecting: String(s.prefix(24)))
            default: value.typeName
            }
            throw .unsupportedVersion(found: shown)
        }
        return v
    }

    /// A non-negative integer given as a JSON integer or a decimal string, at most 2^63-1.
    func uint64(_ key: String) throws(DecodeError) -> UInt64 {
        let value = try required(key)
        let text: String
        switch value {
        case .number(let t): text = t
        case .string(let s): text = s
        default: throw .wrongType(path: fieldPath(key), expected: "an integer", found: value.typeName)
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let v = UInt64(text), v <= UInt64(Int64.max) else {
            throw .invalidValue(path: fieldPath(key), reason: "not a non-negative integer below 2^63")
        }
        return v
    }

    /// A 256-bit unsigned integer given as a decimal string or a JSON integer.
    func uint256(_ key: String) throws(DecodeError) -> UInt256 {
        let value = try required(key)
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let t): text = t
        default: throw .wrongType(path: fieldPath(key), expected: "a decimal string", found: value.typeName)
        }
        guard !text.isEmpty else { throw .invalidAmount(path: fieldPath(key), reason: "empty") }
        do {
            return try UInt256(decimal: text)
        } catch {
            throw .invalidAmount(path: fieldPath(key), reason: error.description)
        }
    }

    func address(_ key: String) throws(DecodeError) -> Address {
        let text = try string(key)
        guard text.utf8.count == 42 else {
            throw .invalidAddress(path: fieldPath(key), reason: "expected 0x and 40 hex digits, found \(text.utf8.count) characters")
        }
        do {
            return try Address(text)
        } catch {
            throw .invalidAddress(path: fieldPath(key), reason: error.description)
        }
    }

    /// `0x`-prefixed hex of exactly `count` bytes.
    func hexBytes(_ key: String, count: Int) throws(DecodeError) -> [UInt8] {
        let text = try string(key)
        guard text.utf8.count == 2 + 2 * count, text.hasPrefix("0x") || text.hasPrefix("0X") else {
            throw .invalidHex(path: fieldPath(key), expectedBytes: count, reason: "found \(text.utf8.count) characters")
        }
        do {
            return try Hex.decode(text)
        } catch {
            throw .invalidHex(path: fieldPath(key), expectedBytes: count, reason: error.description)
        }
    }

    func signature(_ key: String) throws(DecodeError) -> Signature {
        let value = try required(key)
        guard case .string(let text) = value else {
            throw .invalidSignature(path: fieldPath(key), reason: "expected a hex string, found \(value.typeName)")
        }
        guard text.utf8.count == 132, text.hasPrefix("0x") || text.hasPrefix("0X") else {
            throw .invalidSignature(path: fieldPath(key), reason: "expected 65 bytes of 0x-prefixed hex, found \(text.utf8.count) characters")
        }
        let bytes: [UInt8]
        do { bytes = try Hex.decode(text) } catch { throw .invalidSignature(path: fieldPath(key), reason: error.description) }
        do {
            return try Signature(bytes: bytes)
        } catch {
            throw .invalidSignature(path: fieldPath(key), reason: error.description)
        }
    }

    /// The `scheme` member, which must be `exact`.
    func exactScheme(_ key: String = "scheme") throws(DecodeError) -> String {
        let scheme = try string(key)
        guard scheme == PaymentRequirement.exactScheme else { throw .unsupportedScheme(scheme) }
        return scheme
    }

    /// The `scheme` member of a v2 object, which must be `exact` or `upto`.
    func evmScheme(_ key: String = "scheme") throws(DecodeError) -> String {
        let scheme = try string(key)
        guard scheme == PaymentRequirement.exactScheme || scheme == PaymentRequirement.uptoScheme else { throw .unsupportedScheme(scheme) }
        return scheme
    }

    func network(_ key: String = "network") throws(DecodeError) -> Network {
        try Network(try string(key))
    }
}
