import Foundation
import PaygentFoundation
import PaygentEVM

/// An exact amount of US dollars, counted in micro-dollars (6 decimal places, like USDC).
///
/// Encoded in JSON as a decimal string (`"5.00"`); decoding also accepts a JSON number, read
/// from its exact text. Never a floating-point value.
public struct USDAmount: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// Decimal places of the internal unit.
    public static let decimals = 6
    /// Zero dollars.
    public static let zero = USDAmount(micros: .zero)

    /// The amount in micro-dollars.
    public var micros: UInt256

    /// Creates an amount of `micros` micro-dollars.
    public init(micros: UInt256) { self.micros = micros }

    /// Creates an amount of whole dollars (`USDAmount(integerLiteral: 10)` is ten dollars).
    public init(integerLiteral value: UInt64) { self.micros = UInt256(value) * UInt256(1_000_000) }

    /// Parses a decimal text such as `"5.00"` or `"0.000001"`; at most 6 decimals.
    public init(parsing text: String) throws(AmountError) {
        self.micros = try TokenAmount.parse(text, decimals: Self.decimals)
    }

    /// `"5.00"`, `"0.10"`, `"0.000001"`.
    public var description: String { TokenAmount.format(micros, decimals: Self.decimals) }

    /// Whether the amount is zero.
    public var isZero: Bool { micros.isZero }

    public static func < (lhs: USDAmount, rhs: USDAmount) -> Bool { lhs.micros < rhs.micros }

    /// Sum; nil on overflow.
    public func adding(_ other: USDAmount) -> USDAmount? {
        let (value, overflow) = micros.addingReportingOverflow(other.micros)
        return overflow ? nil : USDAmount(micros: value)
    }

    /// Difference, saturating at zero.
    public func saturatingSubtract(_ other: USDAmount) -> USDAmount {
        other.micros >= micros ? .zero : USDAmount(micros: micros - other.micros)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else if let decimal = try? container.decode(Decimal.self) {
            guard let exact = DecimalText.exact(decimal) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "USD amount has more digits than a JSON number keeps exactly; write it as a string")
            }
            text = exact
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a decimal amount of USD")
        }
        do {
            self.micros = try TokenAmount.parse(text.trimmingCharacters(in: .whitespaces), decimals: Self.decimals)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid USD amount \"\(text)\": \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
