import X402
import Http

/// Why a remote facilitator could not be consulted. Payment problems are not errors: they come
/// back as `isValid: false` / `success: false` with a reason code.
public enum RemoteFacilitatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request failed in transit (DNS, connect, TLS, timeout, connection reset).
    case transport(HTTPError)
    /// The facilitator answered 429. `retryAfter` is its `Retry-After`, when given and valid.
    case rateLimited(retryAfter: Duration?)
    /// The facilitator answered an unexpected status; `body` is the start of its body.
    case status(code: Int, body: String)
    /// The facilitator answered 2xx with a body that is not the expected message.
    case invalidResponse(DecodeError)
    /// The payment cannot be expressed in the facilitator's dialect (for example a v2 payment
    /// sent to a Cronos facilitator on a network without a v1 name).
    case unsupportedPayment(String)

    public var description: String {
        switch self {
        case .transport(let error): "facilitator unreachable: \(error)"
        case .rateLimited(let retryAfter):
            "facilitator rate limit reached (HTTP 429)" + (retryAfter.map { ", retry after \($0)" } ?? "")
        case .status(let code, let body): body.isEmpty ? "facilitator answered HTTP \(code)" : "facilitator answered HTTP \(code): \(body)"
        case .invalidResponse(let error): "facilitator sent an invalid response: \(error)"
        case .unsupportedPayment(let message): "payment not expressible for this facilitator: \(message)"
        }
    }
}
