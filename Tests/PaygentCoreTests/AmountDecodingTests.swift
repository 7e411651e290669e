import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import Testing

/// Amounts are decoded from the JSON number's exact text, never through `Double`; a number that
/// cannot be carried exactly is refused with an error that says so.
@Suite struct AmountDecodingTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func overPreciseNumbersAreRefusedNotRounded() throws {
        // Through the flexible decimal fields (numbers or strings).
        #expect(try Self.decode(ApprovalEdit.self, #"{"amount": 0.1}"#).amount == "0.1")
        #expect(try Self.decode(ApprovalEdit.self, #"{"amount": 0.1000000000000000055}"#).amount == "0.1000000000000000055")
        #expect(try Self.decode(ApprovalEdit.self, #"{"amount": "0.1000000000000000055"}"#).amount == "0.1000000000000000055")
        #expect(try Self.decode(ApprovalEdit.self, #"{"amount": 12345678901234567890123}"#).amount == "12345678901234567890123")
        #expect(try Self.decode(ApprovalEdit.self, #"{"amount": null}"#).amount == nil)
        let long = "0." + String(repeating: "1", count: 45)
        #expect(Self.message { _ = try Self.decode(ApprovalEdit.self, #"{"amount": \#(long)}"#) }.contains("more digits"))
        #expect(Self.message { _ = try ExactJSON.decode(ApprovalEdit.self, from: Array(#"{"amount": \#(long)}"#.utf8)) }.contains("significant digits"))
        #expect(throws: DecodingError.self) { try Self.decode(ApprovalEdit.self, #"{"amount": true}"#) }
        #expect(try Self.decode(ServiceUpdate.self, #"{"price_amount": 0.1000000000000000055}"#).priceAmount == "0.1000000000000000055")
    }

    @Test func usdAmountsRefuseOverPreciseNumbers() throws {
        #expect(throws: DecodingError.self) { try Self.decode([USDAmount].self, "[0.1000000000000000055]") }
        // Longer than Foundation's Decimal keeps: refused before JSONDecoder could round it.
        let long = "[0.1000000000000000000000000000000000000000001]"
        #expect(Self.message { _ = try ExactJSON.decode([USDAmount].self, from: Array(long.utf8)) }.contains("significant digits"))
        #expect(throws: DecodingError.self) { try ExactJSON.decode(ApprovalEdit.self, from: Array(#"{"amount":1.00000000000000000000000000000000000000000001}"#.utf8)) }
        #expect(try ExactJSON.decode([USDAmount].self, from: Array("[0.25, 1e-6]".utf8)).map(\.description) == ["0.25", "0.000001"])
        #expect(try Self.decode([USDAmount].self, #"[0.1, "0.100000", 1e-6, 123456789012345678901234567890]"#).map(\.description)
                == ["0.10", "0.10", "0.000001", "123456789012345678901234567890.00"])
    }

    @Test func freeFormJSONNumbersAreExact() throws {
        // The one JSON parser (tool arguments, edited arguments, stored JSON) keeps every number's
        // text: what a Double could not carry (and was refused before) is now kept digit for digit.
        #expect(try JSONValue.parse(#"{"a": 0.1}"#)["a"] == .number("0.1"))
        #expect(try JSONValue.parse("[1e-7, 2.5, -0.0, 100.0, 9007199254740993]")
                == [.number("1e-7"), .number("2.5"), .number("-0.0"), .number("100.0"), .number("9007199254740993")])
        #expect(try JSONValue.parse(#"{"amount": 0.1000000000000000055}"#)["amount"] == .number("0.1000000000000000055"))
        #expect(try JSONValue.parse("[12345678901234567890123]") == [.number("12345678901234567890123")])
        #expect(try JSONValue.parse("[1e400]") == [.number("1e400")])
        #expect(try JSONValue.parse("[1e-400]") == [.number("1e-400")])
        #expect(throws: (any Error).self) { try JSONValue.parse("[1-2]") }
        // Through Decoder (request bodies): exact up to what Decimal holds, refused beyond it.
        #expect(try Self.decode(JSONValue.self, #"{"amount": 0.1000000000000000055}"#)["amount"] == .number("0.1000000000000000055"))
        #expect(try Self.decode(JSONValue.self, #"{"amount": 0.25}"#)["amount"] == .number("0.25"))
        #expect(throws: DecodingError.self) {
            try ExactJSON.decode(JSONValue.self, from: Array(#"{"amount": 0.1000000000000000000000000000000000000000001}"#.utf8))
        }
    }

    @Test func typedDataNumbersThroughDecoderAreExact() throws {
        let big = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
        #expect(throws: DecodingError.self) { try Self.decode(TypedData.Value.self, big) }
        #expect(try Self.decode(TypedData.Value.self, "123456789012345678901234567") == .number("123456789012345678901234567"))
        #expect(try Self.decode(TypedData.Value.self, "18446744073709551616") == .number("18446744073709551616"))
        #expect(try Self.decode(TypedData.Value.self, "42") == .number("42"))
    }

    @Test func decimalTextRules() {
        #expect(DecimalText.roundTrips("0.1", through: 0.1))
        #expect(DecimalText.roundTrips("0.10", through: 0.1))
        #expect(DecimalText.roundTrips("1E-7", through: 1e-7))
        #expect(DecimalText.roundTrips("100", through: 100))
        #expect(DecimalText.roundTrips("-0", through: 0))
        #expect(!DecimalText.roundTrips("0.1000000000000000055", through: 0.1))
        #expect(!DecimalText.roundTrips("1e400", through: .infinity))
        #expect(!DecimalText.roundTrips("1..2", through: 1.2))
        #expect(DecimalText.exact(Decimal(string: "0.1000000000000000055")!) == "0.1000000000000000055")
    }
}
