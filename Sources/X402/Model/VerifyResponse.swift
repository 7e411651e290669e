import PaygentEVM

/// A facilitator's answer to `/verify` (mirrors the wire: `isValid`, `invalidReason`, `invalidMessage`, `payer`).
public struct VerifyResponse: Sendable, Hashable, CustomStringConvertible {
    public var isValid: Bool
    /// Machine-readable reason when invalid.
    public var invalidReason: ReasonCode?
    /// Human-readable detail when invalid.
    public var invalidMessage: String?
    /// The payer, when known.
    public var payer: Address?

    public init(isValid: Bool, invalidReason: ReasonCode? = nil, invalidMessage: String? = nil, payer: Address? = nil) {
        self.isValid = isValid
        self.invalidReason = invalidReason
        self.invalidMessage = invalidMessage
        self.payer = payer
    }

    /// A positive answer for `payer`.
    public static func valid(payer: Address?) -> VerifyResponse { VerifyResponse(isValid: true, payer: payer) }

    /// A negative answer.
    public static func invalid(_ reason: ReasonCode, message: String? = nil, payer: Address? = nil) -> VerifyResponse {
        VerifyResponse(isValid: false, invalidReason: reason, invalidMessage: message, payer: payer)
    }

    public var description: String {
        isValid ? "valid (payer \(payer.map(String.init(describing:)) ?? "?"))"
            : "invalid: \(invalidReason?.rawValue ?? "unknown")" + (invalidMessage.map { " (\($0))" } ?? "")
    }
}
