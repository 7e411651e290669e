/// Why a request failed. HTTP status codes are not errors at this layer except through
/// ``HTTPResponse/expectSuccess()``.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is malformed or not `http`/`https`.
    case invalidURL(String)
    /// The request itself is malformed (bad header name or value, bad method token).
    case invalidRequest(String)
    /// The host name could not be resolved.
    case dns(String)
    /// The TCP connection could not be made (refused, unreachable).
    case connect(String)
    /// TLS handshake or certificate verification failed.
    case tls(String)
    /// A connect, total or idle timeout elapsed. The message says which.
    case timeout(String)
    /// The response body exceeded the configured maximum.
    case tooLarge(limit: Int)
    /// The response headers exceeded the configured maximum.
    case headersTooLarge(limit: Int)
    /// The calling task was cancelled; the transfer was aborted.
    case cancelled
    /// A non-2xx status, from ``HTTPResponse/expectSuccess()`` only.
    case status(code: Int, bodyPrefix: String)
    /// Any other libcurl failure (e.g. the peer closed the connection mid-response).
    case transport(code: Int, message: String)

    /// How many body bytes ``status(code:bodyPrefix:)`` keeps.
    public static let bodyPrefixLength = 512

    /// True when the request certainly never reached the server (bad URL or request, DNS, TCP
    /// connect, TLS handshake), so retrying cannot duplicate its effect. False when it may have
    /// been delivered (timeouts, cancellation, transport errors) or was answered.
    public var isDefinitelyNotDelivered: Bool {
        switch self {
        case .invalidURL, .invalidRequest, .dns, .connect, .tls: true
        case .timeout, .tooLarge, .headersTooLarge, .cancelled, .status, .transport: false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let message): "invalid URL: \(message)"
        case .invalidRequest(let message): "invalid request: \(message)"
        case .dns(let message): "DNS resolution failed: \(message)"
        case .connect(let message): "connection failed: \(message)"
        case .tls(let message): "TLS failed: \(message)"
        case .timeout(let message): "timed out: \(message)"
        case .tooLarge(let limit): "response body larger than \(limit) bytes"
        case .headersTooLarge(let limit): "response headers larger than \(limit) bytes"
        case .cancelled: "request cancelled"
        case .status(let code, let bodyPrefix):
            bodyPrefix.isEmpty ? "HTTP status \(code)" : "HTTP status \(code): \(bodyPrefix)"
        case .transport(let code, let message): "transport error (curl \(code)): \(message)"
        }
    }
}
