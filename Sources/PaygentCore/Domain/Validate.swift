import PaygentEVM
import PaygentFoundation

/// Input checks shared by every command; each failure is a specific ``PaygentError``.
public enum Validate {
    /// Longest id accepted.
    public static let maxIDLength = 128

    /// An id: 1…128 characters, no whitespace or control characters.
    public static func id(_ value: String, field: String) throws(PaygentError) -> String {
        guard !value.isEmpty else { throw .invalid(field, "must not be empty") }
        guard value.unicodeScalars.count <= maxIDLength else {
            throw .invalid(field, "too long (\(value.unicodeScalars.count) characters, at most \(maxIDLength))")
        }
        guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw .invalid(field, "contains whitespace or control characters")
        }
        return value
    }

    /// Text of at most `max` characters; when `required`, not blank.
    public static func text(_ value: String, field: String, max: Int, required: Bool) throws(PaygentError) -> String {
        if required, value.allSatisfy(\.isWhitespace) { throw .invalid(field, "must not be empty") }
        let count = value.unicodeScalars.count
        guard count <= max else { throw .invalid(field, "too long (\(count) characters, at most \(max))") }
        guard !value.unicodeScalars.contains(where: { $0.value == 0 }) else {
            throw .invalid(field, "contains a NUL character")
        }
        return value
    }

    /// An EVM address (EIP-55 checked when mixed case).
    public static func address(_ value: String, field: String) throws(PaygentError) -> Address {
        do {
            return try Address(value.trimmed())
        } catch {
            throw .invalid(field, "not a valid address (\(error)): \(UntrustedText.identifier(value))")
        }
    }

    /// A decimal amount of whole tokens with at most `decimals` places, not negative.
    public static func amount(_ value: String, decimals: Int, field: String, allowZero: Bool = false) throws(PaygentError) -> UInt256 {
        let parsed: UInt256
        do {
            parsed = try TokenAmount.parse(value.trimmed(), decimals: decimals)
        } catch {
            throw .invalid(field, amountMessage(error, value))
        }
        if !allowZero, parsed.isZero { throw .invalid(field, "must be greater than zero") }
        return parsed
    }

    /// A USD amount (at most 6 decimals), not negative.
    public static func usd(_ value: String, field: String, allowZero: Bool = true) throws(PaygentError) -> USDAmount {
        USDAmount(micros: try amount(value, decimals: USDAmount.decimals, field: field, allowZero: allowZero))
    }

    /// An http or https URL without spaces, at most 2,048 characters.
    public static func url(_ value: String, field: String) throws(PaygentError) -> String {
        let trimmed = value.trimmed()
        guard !trimmed.isEmpty else { throw .invalid(field, "must not be empty") }
        guard trimmed.unicodeScalars.count <= 2048 else {
            throw .invalid(field, "too long (\(trimmed.unicodeScalars.count) characters, at most 2048)")
        }
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw .invalid(field, "must be an http:// or https:// URL")
        }
        let rest = lower.hasPrefix("https://") ? trimmed.dropFirst(8) : trimmed.dropFirst(7)
        guard let host = rest.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty else {
            throw .invalid(field, "has no host")
        }
        guard trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw .invalid(field, "contains spaces or control characters")
        }
        return trimmed
    }

    static func amountMessage(_ error: AmountError, _ value: String) -> String {
        switch error {
        case .empty: "must not be empty"
        case .negative: "must not be negative: \(UntrustedText.identifier(value))"
        case .tooManyDecimals(let max): "too precise: at most \(max) decimal places: \(UntrustedText.identifier(value))"
        case .invalidCharacter: "not a decimal number: \(UntrustedText.identifier(value))"
        case .overflow: "too large: \(UntrustedText.identifier(value))"
        }
    }
}
