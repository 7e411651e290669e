/// An exact amount for display: integer base units, decimals and a symbol. No floating point.
/// (Amounts beyond 2^64 base units are shown saturated; gauges only need ratios.)
public struct Money: Hashable, Sendable, Comparable {
    public var units: UInt64
    public var decimals: Int
    /// `USD` shows as `$1.25`; a token symbol shows after the number (`1.25 USDC`).
    public var symbol: String

    public init(units: UInt64, decimals: Int, symbol: String) {
        self.units = units
        self.decimals = max(0, min(decimals, 30))
        self.symbol = SafeText(symbol, maxWidth: 12).value
    }

    /// US dollars in micro-dollars (the core's USD amounts).
    public static func usd(micros: UInt64) -> Money { Money(units: micros, decimals: 6, symbol: "USD") }
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
        let scale = Money.pow10(decimals)
        let whole = units / scale
        let prefix = symbol == "USD" ? "$" : ""
        if whole >= 10_000_000 { return prefix + "\(whole / 1_000_000)M" }
        if whole >= 10_000 { return prefix + "\(whole / 1000)k" }
        return symbol == "USD" ? text : amountText
    }

    /// `self / limit` in thousandths, capped at 1000 (integer arithmetic).
    public func permille(of limit: Money) -> Int {
        guard limit.units > 0 else { return units > 0 ? 1000 : 0 }
        let (high, low) = units.multipliedFullWidth(by: 1000)
        if high > 0 { return 1000 }
        return Int(min(1000, low / limit.units))
    }

    static func pow10(_ n: Int) -> UInt64 {
        var value: UInt64 = 1
        for _ in 0..<min(n, 19) { value &*= 10 }
        return value
    }

    /// Formats base units with `decimals` decimals.
    public static func format(units: UInt64, decimals: Int) -> String {
        guard decimals > 0 else { return String(units) + ".00" }
        var digits = String(units)
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -decimals)
        var fraction = String(digits[split...])
        while fraction.count > 2, fraction.last == "0" { fraction.removeLast() }
        while fraction.count < 2 { fraction.append("0") }
        return String(digits[..<split]) + "." + fraction
    }

    /// Parses a decimal amount (`"0.10"`) into base units; nil when malformed, negative, too precise or too large.
    public static func parseUnits(_ text: String, decimals: Int) -> UInt64? {
        let value = text.trimmedSpaces()
        guard !value.isEmpty else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = parts[0].isEmpty ? "0" : String(parts[0])
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard whole.allSatisfy(\.isASCII), whole.allSatisfy(\.isNumber), fraction.allSatisfy(\.isASCII), fraction.allSatisfy(\.isNumber),
              fraction.count <= decimals, !(parts.count == 2 && parts[0].isEmpty && fraction.isEmpty) else { return nil }
        let padded = fraction + String(repeating: "0", count: decimals - fraction.count)
        guard let w = UInt64(whole), let f = padded.isEmpty ? 0 : UInt64(padded) else { return nil }
        let (scaled, overflow) = w.multipliedReportingOverflow(by: pow10(decimals))
        guard !overflow else { return nil }
        let (sum, overflow2) = scaled.addingReportingOverflow(f)
        return overflow2 ? nil : sum
    }
}
