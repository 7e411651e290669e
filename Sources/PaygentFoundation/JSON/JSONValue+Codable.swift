import Foundation

/// `Codable` for values inside `Codable` types (API requests and views, settings files).
///
/// A `Decoder` never shows a number's text, only `Int64` or Foundation's `Decimal`, so a number
/// is kept as the exact text of that integer or decimal; one with more significant digits than
/// a `Decimal` holds exactly (``DecimalText/exactDigits``) is refused rather than rounded. No
/// number passes through `Double`. (Reading JSON text with ``JSONParser`` keeps every number's
/// text as written.)
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(String(value))
        } else if let value = try? container.decode(UInt64.self) {
            self = .number(String(value))
        } else if let decimal = try? container.decode(Decimal.self) {
            guard let text = DecimalText.exact(decimal) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "number \(String(decimal.description.prefix(48))) has more digits than a JSON number keeps here; write it as a string")
            }
            self = .number(text)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let text):
            if let value = Int64(text) {
                try container.encode(value)
            } else if let value = UInt64(text) {
                try container.encode(value)
            } else if let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
                try container.encode(value)
            } else {
                throw EncodingError.invalidValue(text, .init(codingPath: encoder.codingPath, debugDescription: "not a JSON number"))
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONObject: Codable {
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes an object; members in key order (a `Decoder` does not keep the written order).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        var members: [JSONMember] = []
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            members.append(JSONMember(key.stringValue, try container.decode(JSONValue.self, forKey: key)))
        }
        self.init(uncheckedMembers: members)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for member in members { try container.encode(member.value, forKey: MemberKey(stringValue: member.key)) }
    }
}
