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

/// Exact conversion between human-readable token amounts ("0.10") and base units (100000 for a
/// 6-decimal token). No floating point is involved.
public enum TokenAmount {
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
