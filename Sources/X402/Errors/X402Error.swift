/// An x402 failure with the reason code it is reported as.
public enum X402Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// A message could not be decoded; `reason` is what to report (usually ``DecodeError/reason``).
    case decode(DecodeError, reason: ReasonCode)
    /// A payment was rejected by verification or settlement.
    case rejected(reason: ReasonCode, message: String?)
    /// A facilitator could not be reached or answered nonsense.
    case facilitatorUnavailable(String)

    /// Wraps a decode error with its own reason.
    public static func decode(_ error: DecodeError) -> X402Error { .decode(error, reason: error.reason) }

    /// The reason code to report.
    public var reason: ReasonCode {
        switch self {
        case .decode(_, let reason): reason
        case .rejected(let reason, _): reason
        case .facilitatorUnavailable: .unexpectedVerifyError
        }
    }

    public var description: String {
        switch self {
        case .decode(let error, let reason): "\(reason): \(error)"
        case .rejected(let reason, let message): message.map { "\(reason): \($0)" } ?? reason.rawValue
        case .facilitatorUnavailable(let message): "facilitator unavailable: \(message)"
        }
    }
}
