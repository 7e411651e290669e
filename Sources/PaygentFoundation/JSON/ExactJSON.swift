import Foundation

/// Decoding JSON from outside (request bodies, files) into `Decodable` types without a number
/// ever being rounded on the way.
///
/// Foundation's `JSONDecoder` hands numbers to `Decodable` types as `Decimal` or `Double` only,
/// and rounds a number longer than `Decimal`'s 38 digits before anyone sees it
/// (`0.1000000000000000000000000000000000000000001` arrives as `0.1`). So the text is read
/// first with the exact parser, and a document with a number of more than
/// ``DecimalText/exactDigits`` significant digits is refused; the amount decoders then read the
/// remaining numbers exactly (`USDAmount`, the flexible decimal fields, ``JSONValue``).
public enum ExactJSON {
    /// Decodes `type` from `bytes`, refusing any number that could not reach it exactly.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], limits: JSONLimits = .default) throws -> T {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes, limits: limits) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "invalid JSON: \(error)"))
        }
        try check(document)
        return try JSONDecoder().decode(type, from: Data(bytes))
    }

    static func check(_ value: JSONValue) throws {
        switch value {
        case .number(let text):
            let digits = text.prefix { $0 != "e" && $0 != "E" }.drop { $0 == "-" || $0 == "0" || $0 == "." }
                .filter(\.isNumber).reversed().drop { $0 == "0" }.count
            guard digits <= DecimalText.exactDigits else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: [],
                    debugDescription: "number \(text.prefix(48)) has more than \(DecimalText.exactDigits) significant digits; write it as a string"))
            }
        case .array(let values): for element in values { try check(element) }
        case .object(let object): for member in object { try check(member.value) }
        case .null, .bool, .string: break
        }
    }
}
