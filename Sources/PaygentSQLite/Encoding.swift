import Foundation
import PaygentFoundation
import GRDB
import PaygentCore
import PaygentEVM

/// Column encodings: amounts as fixed-width 64-digit lowercase hex (so text order is numeric
/// order and nothing is ever rounded), addresses as lowercase `0x` hex, times as integer ms,
/// JSON as compact text.
enum Column256 {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func encode(_ value: UInt256) -> String {
        let limbs = value.limbs
        var bytes = [UInt8](repeating: 0, count: 64)
        for (position, limb) in [limbs[3], limbs[2], limbs[1], limbs[0]].enumerated() {
            var word = limb
            var index = position * 16 + 15
            for _ in 0..<16 {
                bytes[index] = digits[Int(word & 0xF)]
                word >>= 4
                index -= 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func decode(_ text: String) throws -> UInt256 {
        let utf8 = Array(text.utf8)
        guard utf8.count == 64 else { throw StoreDecodingError("amount column is not 64 hex digits: \(text)") }
        var limbs = [UInt64](repeating: 0, count: 4)
        for position in 0..<4 {
            var word: UInt64 = 0
            for c in utf8[(position * 16)..<(position * 16 + 16)] {
                let digit: UInt64
                switch c {
                case 48...57: digit = UInt64(c - 48)
                case 97...102: digit = UInt64(c - 87)
                case 65...70: digit = UInt64(c - 55)
                default: throw StoreDecodingError("amount column has a non-hex digit: \(text)")
                }
                word = word << 4 | digit
            }
            limbs[3 - position] = word
        }
        return UInt256(limbs: limbs[0], limbs[1], limbs[2], limbs[3])
    }

    /// The value as an Int64 when it fits (for SQL filtering and sums), else Int64.max.
    static func clampedInt64(_ value: UInt256) -> Int64 {
        if let small = value.uint64Value, small <= UInt64(Int64.max) { return Int64(small) }
        return .max
    }
}

/// A row that does not decode.
struct StoreDecodingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Row {
    func string(_ index: Int) -> String { self[index] }
    func optionalString(_ index: Int) -> String? { self[index] }
    func int64(_ index: Int) -> Int64 { self[index] }
    func int(_ index: Int) -> Int { self[index] }
    func optionalInt64(_ index: Int) -> Int64? { self[index] }
    func bool(_ index: Int) -> Bool { self[index] }
    func double(_ index: Int) -> Double { self[index] }

    func timestamp(_ index: Int) -> Timestamp { Timestamp(milliseconds: self[index]) }
    func optionalTimestamp(_ index: Int) -> Timestamp? { (self[index] as Int64?).map(Timestamp.init(milliseconds:)) }

    func amount(_ index: Int) throws -> UInt256 { try Column256.decode(self[index]) }
    func optionalAmount(_ index: Int) throws -> UInt256? {
        guard let text: String = self[index] else { return nil }
        return try Column256.decode(text)
    }
    func usd(_ index: Int) throws -> USDAmount { USDAmount(micros: try amount(index)) }
    func optionalUSD(_ index: Int) throws -> USDAmount? { try optionalAmount(index).map(USDAmount.init(micros:)) }

    func address(_ index: Int) throws -> Address {
        let text: String = self[index]
        do { return try Address(text) } catch { throw StoreDecodingError("bad address column: \(text)") }
    }
    func optionalAddress(_ index: Int) throws -> Address? {
        guard let text: String = self[index] else { return nil }
        do { return try Address(text) } catch { throw StoreDecodingError("bad address column: \(text)") }
    }

    func json(_ index: Int) throws -> JSONValue {
        let text: String = self[index]
        return try JSONValue.parse(text)
    }
    func optionalJSON(_ index: Int) throws -> JSONValue? {
        guard let text: String = self[index] else { return nil }
        return try JSONValue.parse(text)
    }
}

extension Address {
    /// The column form.
    var column: String { lowercasedHex }
}

enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
