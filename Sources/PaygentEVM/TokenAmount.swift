import PaygentFoundation

/// A failure to parse a human-written token amount.
public enum AmountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No digits at all.
    case empty
    /// A character that does not belong in an amount, such as a letter or a second point.
    case invalidCharacter(Character)
    /// A minus sign: amounts are never negative.
    case negative
    /// More fraction digits than the token has decimals.
    case tooManyDecimals(max: Int)
    /// The value does not fit in 256 bits of base units.
    case overflow

    public var description: String {
        switch self {
        case .empty: "amount is empty"
        case .invalidCharacter(let c): "invalid character \(String(reflecting: c)) in amount"
        case .negative: "amount must not be negative"
        case .tooManyDecimals(let max): "amount has more than \(max) decimal places"
        case .overflow: "amount is too large"
        }
    }
}

/// An exact amount of one token (or of US dollars): integer base units (256 bits), the token's
/// decimals and its symbol — and the exact conversion between human-readable amounts ("0.10") and
/// base units (100000 for a 6-decimal token). No floating point and no saturation: an amount
/// beyond 2^64 base units stays itself. The console shows every amount through this type.
public struct TokenAmount: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The amount in base units.
    public var units: UInt256
    /// Decimals of one whole token (0…30).
    public var decimals: Int
    /// Ticker for display (sanitised, at most 12 columns); `USD` shows as `$1.25`.
    public var symbol: String

    /// An amount of `units` base units of a token with `decimals` decimals (clamped to 0…30) and
    /// `symbol` (untrusted text: sanitised to one line of at most 12 columns).
    public init(units: UInt256, decimals: Int, symbol: String) {
        self.units = units
        self.decimals = max(0, min(decimals, 30))
        self.symbol = UntrustedText(symbol, maxWidth: 12).value
    }

    /// US dollars in micro-dollars (the core's `USDAmount` unit: 6 decimals, symbol `USD`).
    public static func usd(micros: UInt256) -> TokenAmount { TokenAmount(units: micros, decimals: 6, symbol: "USD") }
    /// Zero US dollars.
    public static let zeroUSD = TokenAmount.usd(micros: 0)

    /// Orders by base units (compare amounts of one token).
    public static func < (lhs: TokenAmount, rhs: TokenAmount) -> Bool { lhs.units < rhs.units }

    /// The number alone: at least two fraction digits, further trailing zeros trimmed (`0.10`,
    /// `12.00`, `0.000001`; a 0-decimal token shows `5.00`).
    public var amountText: String {
        decimals > 0 ? TokenAmount.format(units, decimals: decimals) : units.description + ".00"
    }

    /// With the symbol: `$0.10` for USD, `0.10 USDC` otherwise.
    public var text: String {
        if symbol == "USD" { return "$" + amountText }
        return symbol.isEmpty ? amountText : amountText + " " + symbol
    }

    public var description: String { text }

    /// `self / limit` in thousandths, capped at 1000 (integer arithmetic; a zero limit is 1000
    /// unless the amount is zero too).
    public func permille(of limit: TokenAmount) -> Int {
        guard !limit.units.isZero else { return units.isZero ? 0 : 1000 }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: UInt256(1000))
        if overflow { return 1000 }
        return Int((scaled / limit.units).uint64Value.map { min($0, 1000) } ?? 1000)
    }

    /// Parses a decimal amount a person typed (`"0.10"`, surrounding spaces ignored) into base
    /// units; nil when empty, malformed, signed (`+1` and `-1` alike), more precise than
    /// `decimals` (clamped to 0…30) or beyond 256 bits.
    public static func parseUnits(_ text: String, decimals: Int) -> UInt256? {
        guard text.first(where: { !$0.isWhitespace }) != "+" else { return nil }
        return try? parse(text, decimals: max(0, min(decimals, 30)))
    }

    /// Parses a decimal amount such as "12", "0.10", ".5" or "1." into base units of a token with
    /// `decimals` decimals. Surrounding whitespace is ignored; a leading "+" is allowed.
    public static func parse(_ text: String, decimals: Int) throws(AmountError) -> UInt256 {
        precondition(decimals >= 0 && decimals <= 77, "decimals out of range")
        var s = Substring(text)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        guard !s.isEmpty else { throw .empty }
        if s.first == "-" || s.first == "−" { throw .negative }
        if s.first == "+" { s = s.dropFirst() }

        var whole = UInt256.zero
        var fraction = UInt256.zero
        var fractionDigits = 0
        var seenPoint = false
        var anyDigit = false
        for c in s {
            if c == "." {
                if seenPoint { throw .invalidCharacter(c) }
                seenPoint = true
                continue
            }
            guard let ascii = c.asciiValue, ascii >= UInt8(ascii: "0"), ascii <= UInt8(ascii: "9") else {
                throw .invalidCharacter(c)
            }
            anyDigit = true
            let digit = UInt256(UInt64(ascii - UInt8(ascii: "0")))
            if seenPoint {
                fractionDigits += 1
                if fractionDigits > decimals {
                    // Trailing zeros beyond the token's precision do not change the value.
                    if digit.isZero { continue }
                    throw .tooManyDecimals(max: decimals)
                }
                fraction = fraction.multipliedReportingOverflow(byWord: 10).partialValue + digit
            } else {
                let (m, o1) = whole.multipliedReportingOverflow(byWord: 10)
                let (a, o2) = m.addingReportingOverflow(digit)
                if o1 || o2 { throw .overflow }
                whole = a
            }
        }
        guard anyDigit else { throw .empty }
        guard let scale = UInt256.powerOfTen(decimals) else { throw .overflow }
        let used = min(fractionDigits, decimals)
        guard let fractionScale = UInt256.powerOfTen(decimals - used) else { throw .overflow }
        let (w, o1) = whole.multipliedReportingOverflow(by: scale)
        let (f, o2) = fraction.multipliedReportingOverflow(by: fractionScale)
        let (total, o3) = w.addingReportingOverflow(f)
        if o1 || o2 || o3 { throw .overflow }
        return total
    }

    /// Formats base units as a decimal amount, keeping at least two fraction digits (or all of
    /// them when the token has fewer) and trimming further trailing zeros: "0.10", "12.00", "0.000001".
    public static func format(_ value: UInt256, decimals: Int) -> String {
        precondition(decimals >= 0 && decimals <= 77, "decimals out of range")
        guard decimals > 0, let scale = UInt256.powerOfTen(decimals) else { return value.description }
        let whole: String
        var fraction: UInt256
        if decimals <= 19, let small = value.uint64Value, let smallScale = scale.uint64Value {
            // The common case (a token amount below 1.8e19 base units) in machine words.
            whole = String(small / smallScale)
            fraction = UInt256(small % smallScale)
        } else {
            let (quotient, remainder) = value.quotientAndRemainder(dividingBy: scale)
            whole = quotient.description
            fraction = remainder
        }
        // `decimals` digits, zero-padded on the left, trailing zeros trimmed down to two.
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: decimals)
        var position = decimals
        while !fraction.isZero, position > 0 {
            let (quotient, remainder) = fraction.quotientAndRemainder(dividingBy: 10 as UInt64)
            position -= 1
            digits[position] = UInt8(ascii: "0") + UInt8(remainder)
            fraction = quotient
        }
        var count = decimals
        let keep = min(2, decimals)
        while count > keep, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
        return whole + "." + String(decoding: digits[..<count], as: UTF8.self)
    }
}
