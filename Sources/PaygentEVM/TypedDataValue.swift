import Foundation
import PaygentFoundation
extension TypedData {
    /// A JSON value inside a typed-data document. Numbers keep their literal text so integers
    /// of any size (uint256) survive exactly.
    public indirect enum Value: Sendable, Hashable {
        /// JSON `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// The number exactly as written in the JSON text (e.g. "10000", "-5", "1.5").
        case number(String)
        /// A string.
        case string(String)
        /// An array.
        case array([Value])
        /// An object (member order is not significant).
        case object([String: Value])

        /// Parses JSON text exactly (number literals are kept verbatim).
        public static func parse(json bytes: [UInt8]) throws(TypedDataError) -> Value {
            try TypedDataJSON.parse(bytes)
        }

        /// A short name of the JSON kind, for error messages.
        var kind: String {
            switch self {
            case .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }

        /// The member `key` of an object, or nil.
        public subscript(key: String) -> Value? {
            if case .object(let members) = self { return members[key] }
            return nil
        }
    }
}

extension TypedData.Value: Decodable {
    /// Decodes any JSON value. Through `Decoder`, a number beyond 64 bits is read as `Decimal`
    /// (never `Double`) and refused when it has more digits than that keeps exactly; use
    /// ``TypedData/init(json:)`` for exact 256-bit integers written as numbers.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let b = try? container.decode(Bool.self) { self = .bool(b); return }
        if let i = try? container.decode(Int64.self) { self = .number(String(i)); return }
        if let u = try? container.decode(UInt64.self) { self = .number(String(u)); return }
        if let d = try? container.decode(Decimal.self) {
            guard let text = DecimalText.exact(d) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "number has more digits than Decoder keeps exactly; write it as a string or use TypedData(json:)")
            }
            self = .number(text)
            return
        }
        if let s = try? container.decode(String.self) { self = .string(s); return }
        if let a = try? container.decode([TypedData.Value].self) { self = .array(a); return }
        if let o = try? container.decode([String: TypedData.Value].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "unsupported JSON value")
    }
}

extension TypedData.Value: Encodable {
    /// Encodes the value back to JSON; numbers are written as their literal when it is an
    /// integer that fits 64 bits, and as a string otherwise.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let text):
            if let i = Int64(text) { try container.encode(i) }
            else if let u = UInt64(text) { try container.encode(u) }
            else { try container.encode(text) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}
