import Foundation
import Http
import PaygentCore
import PaygentFoundation
import PaygentWire

/// What went wrong talking to a `paygent serve`, before it becomes the ``PaygentError`` every
/// ``PaygentAPI`` method throws. Each case says what failed and names the server, so a one-line
/// error is enough for an operator to act on.
public enum RemoteFailure: Error, Sendable, Hashable {
    /// Nothing listens there, or the host is unreachable (TCP connect failed).
    case connectionRefused(server: String, detail: String)
    /// The host name did not resolve.
    case dns(server: String, detail: String)
    /// The TLS handshake or certificate check failed.
    case tls(server: String, detail: String)
    /// A connect, total or idle timeout elapsed.
    case timeout(server: String, detail: String)
    /// The connection broke mid-answer, or the answer was too large.
    case transport(server: String, detail: String)
    /// 401: no token, or the server does not know it (revoked, mistyped).
    case badToken(server: String, message: String)
    /// 403: the token's role may not do this (a viewer approving, an agent reading another's session).
    case forbidden(server: String, message: String)
    /// 429: the token's rate limit; retry after `retryAfterSeconds`.
    case rateLimited(server: String, retryAfterSeconds: Int?)
    /// Any other error answer: the server's own error (404, 409 with who decided, 422 naming the field, 5xx).
    case answered(PaygentError)
    /// A 2xx answer that is not what the API sends (a proxy's page, another program on that port).
    case unreadable(server: String, detail: String)

    /// The failure of a transfer that got no answer.
    public init(_ error: HTTPError, server: String) {
        switch error {
        case .connect(let detail): self = .connectionRefused(server: server, detail: detail)
        case .dns(let detail): self = .dns(server: server, detail: detail)
        case .tls(let detail): self = .tls(server: server, detail: detail)
        case .timeout(let detail): self = .timeout(server: server, detail: detail)
        default: self = .transport(server: server, detail: error.description)
        }
    }

    /// The failure an error answer stands for (`status` ≥ 400).
    public init(status: Int, headers: HTTPHeaders, body: [UInt8], server: String) {
        let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: Data(body))
        let message = envelope.map { UntrustedText($0.error.message, maxWidth: 300).value } ?? "HTTP status \(status)"
        switch status {
        case 401: self = .badToken(server: server, message: message)
        case 403: self = .forbidden(server: server, message: message)
        case 429:
            let wait = headers["retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            self = .rateLimited(server: server, retryAfterSeconds: wait)
        default:
            if var error = envelope?.paygentError {
                error.message = message
                self = .answered(error)
            } else {
                self = .answered(PaygentError(status >= 500 ? .internal : .invalidInput,
                                              "server \(server) answered HTTP \(status) without an error body"))
            }
        }
    }

    /// Whether trying again later may succeed (the server down or slow; not a bad token or bad input).
    public var isTransient: Bool {
        switch self {
        case .connectionRefused, .dns, .tls, .timeout, .transport, .rateLimited: true
        case .answered(let error): error.code == .internal || error.code == .storage || error.code == .transport
        case .badToken, .forbidden, .unreadable: false
        }
    }

    /// The error the API throws: transport failures are ``PaygentError/Code/transport`` (field
    /// `server`), the rest keep the server's code; every message names the server.
    public var paygentError: PaygentError {
        switch self {
        case .connectionRefused(let server, let detail):
            PaygentError(.transport, "cannot connect to paygent server \(server) (is `paygent serve` running there?): \(detail)", field: "server")
        case .dns(let server, let detail):
            PaygentError(.transport, "cannot resolve paygent server \(server): \(detail)", field: "server")
        case .tls(let server, let detail):
            PaygentError(.transport, "TLS to paygent server \(server) failed: \(detail)", field: "server")
        case .timeout(let server, let detail):
            PaygentError(.transport, "paygent server \(server) did not answer in time: \(detail)", field: "server")
        case .transport(let server, let detail):
            PaygentError(.transport, "connection to paygent server \(server) failed: \(detail)", field: "server")
        case .badToken(let server, let message):
            PaygentError(.unauthorized, "paygent server \(server) refused the token (401: \(message)); check --token, PAYGENT_TOKEN or the config's token")
        case .forbidden(let server, let message):
            PaygentError(.forbidden, "paygent server \(server): this token's role may not do that (403: \(message))")
        case .rateLimited(let server, let wait):
            PaygentError(.rateLimited, "paygent server \(server) rate-limited this token (429); retry in \(wait.map { "\($0) s" } ?? "a moment")")
        case .answered(let error):
            error
        case .unreadable(let server, let detail):
            PaygentError(.transport, "paygent server \(server) sent an answer that is not Paygent's API: \(detail)", field: "server")
        }
    }
}
