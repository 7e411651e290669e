import PaygentEVM
import PaygentFoundation

/// An exact amount for display: integer base units (256 bits, like the core), decimals and a
/// symbol. No floating point and no saturation: an amount beyond 2^64 base units shows as itself.
public struct Money: Hashable, Sendable, Comparable {
    public var units: UInt256
    public var decimals: Int
    /// `USD` shows as `$1.25`; a token symbol shows after the number (`1.25 USDC`).
    public var symbol: String

    public init(units: UInt256, decimals: Int, symbol: String) {
        self.units = units
        self.decimals = max(0, min(decimals, 30))
        self.symbol = UntrustedText(symbol, maxWidth: 12).value
    }

    /// US dollars in micro-dollars (the core's USD amounts).
    public static func usd(micros: UInt256) -> Money { Money(units: micros, decimals: 6, symbol: "USD") }
    public static let zeroUSD = Money.usd(micros: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.units < rhs.units }

    /// The number alone: at least two fraction digits, further trailing zeros trimmed (`0.10`, `12.00`, `0.000001`).
    public var amountText: String { Money.format(units: units, decimals: decimals) }

    /// With the symbol: `$0.10` for USD, `0.10 USDC` otherwise.
    public var text: String {
        if symbol == "USD" { return "$" + amountText }
        return symbol.isEmpty ? amountText : amountText + " " + symbol
    }

    /// Short form for tight columns: `$1.2k`, `$3.4M` past 10,000.
    public var compactText: String {
        let whole = units / Money.pow10(decimals)
        let prefix = symbol == "USD" ? "$" : ""
        if whole >= UInt256(10_000_000) { return prefix + "\(whole / UInt256(1_000_000))M" }
        if whole >= UInt256(10_000) { return prefix + "\(whole / UInt256(1000))k" }
        return symbol == "USD" ? text : amountText
    }

    /// `self / limit` in thousandths, capped at 1000 (integer arithmetic).
    public func permille(of limit: Money) -> Int {
        guard !limit.units.isZero else { return units.isZero ? 0 : 1000 }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: UInt256(1000))
        if overflow { return 1000 }
        return Int((scaled / limit.units).uint64Value.map { min($0, 1000) } ?? 1000)
    }

    static func pow10(_ n: Int) -> UInt256 { UInt256.powerOfTen(n) ?? .max }

    /// Formats base units with `decimals` decimals.
    public static func format(units: UInt256, decimals: Int) -> String {
        guard decimals > 0 else { return units.description + ".00" }
        return TokenAmount.format(units, decimals: decimals)
    }

    /// Parses a decimal amount (`"0.10"`) into base units; nil when malformed, negative, too
    /// precise or beyond 256 bits.
    public static func parseUnits(_ text: String, decimals: Int) -> UInt256? {
        let value = text.trimmedSpaces()
        guard !value.isEmpty, value.first != "+" else { return nil }
        return try? TokenAmount.parse(value, decimals: max(0, min(decimals, 30)))
    }
}
