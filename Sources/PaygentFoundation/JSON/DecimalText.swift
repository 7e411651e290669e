import Foundation

/// The exact decimal text of a JSON number, for decoders that only see a number as Foundation's
/// `Decimal` (`Decoder` never shows the text) or as a `Double`. Amounts are decoded from this
/// text, never through floating point; a number these types cannot carry exactly is refused.
public enum DecimalText {
    /// The most significant digits a `Decimal` is trusted to hold exactly. Its mantissa holds
    /// 38–39 digits; a longer number written in JSON is silently rounded to fit, so a `Decimal`
    /// with more than this many digits may not be what was written.
    public static let exactDigits = 37

    /// `decimal` as plain decimal text (`"0.1000000000000000055"`, `"1500"`), or nil when it has
    /// more than ``exactDigits`` significant digits or is not a number.
    public static func exact(_ decimal: Decimal) -> String? {
        guard !decimal.isNaN else { return nil }
        let text = decimal.description
        guard let digits = normalized(text)?.digits, digits.count <= exactDigits else { return nil }
        return text
    }

    /// Whether the number written `text` (JSON number syntax) is the value `double` carries: its
    /// shortest round-trip text has the same decimal value. `0.1` is; `0.1000000000000000055`
    /// (which a `Double` reads as `0.1`), `12345678901234567890123` and `1e400` are not.
    public static func roundTrips(_ text: some StringProtocol, through double: Double) -> Bool {
        guard double.isFinite, let written = normalized(text), let carried = normalized("\(double)") else { return false }
        return written == carried
    }

    /// Whether `text` is a number in JSON's syntax (sign, digits, optional fraction and exponent).
    public static func isNumber(_ text: some StringProtocol) -> Bool { normalized(text) != nil }

    /// A decimal number as sign, significant digits (no leading or trailing zeros) and the power
    /// of ten of the last digit; zero has no digits and no sign. Nil when not a plain JSON number.
    static func normalized(_ text: some StringProtocol) -> Normalized? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        var digits: [UInt8] = []
        var exponent = 0
        var seenDigit = false, seenPoint = false
        while let c = bytes.first, c != UInt8(ascii: "e"), c != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if c == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard c >= 48, c <= 57 else { return nil }
            seenDigit = true
            if seenPoint { exponent -= 1 }
            if digits.isEmpty, c == 48 { continue }  // leading zero
            digits.append(c)
        }
        guard seenDigit else { return nil }
        if !bytes.isEmpty {
            bytes = bytes.dropFirst()  // e / E
            var sign = 1
            if bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() } else if bytes.first == UInt8(ascii: "-") { sign = -1; bytes = bytes.dropFirst() }
            guard !bytes.isEmpty, bytes.count <= 6 else { return nil }
            var value = 0
            for c in bytes {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            exponent += sign * value
        }
        // Leading zeros after the point were skipped but still moved the exponent; trailing zeros move it back.
        while digits.last == 48 { digits.removeLast(); exponent += 1 }
        if digits.isEmpty { return Normalized(negative: false, digits: [], exponent: 0) }
        return Normalized(negative: negative, digits: digits, exponent: exponent)
    }

    struct Normalized: Equatable {
        var negative: Bool
        var digits: [UInt8]
        var exponent: Int
    }
}
