import PaygentFoundation
/// The one error type of ``PaygentAPI``: a machine-readable code, the field at fault when there is
/// one, and a one-line message an operator can read.
///
/// The HTTP server maps ``Code`` to a status (``httpStatus``) and sends
/// `{"error":{"code":…,"message":…,"field":…}}`; the remote client maps it back.
public struct PaygentError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The input was malformed or out of range (422). Nothing was written.
        case invalidInput = "invalid_input"
        /// No such session, approval, payment, service, log or token (404).
        case notFound = "not_found"
        /// The state changed first: an approval already decided, a session already killed (409).
        case conflict
        /// An approval whose deadline has passed (409).
        case expired
        /// Not allowed for this caller (403).
        case forbidden
        /// Missing or bad credentials (401).
        case unauthorized
        /// Too many requests (429).
        case rateLimited = "rate_limited"
        /// The store failed (500).
        case storage
        /// The remote server could not be reached (502).
        case transport
        /// A bug or an unexpected state (500).
        case `internal`
    }

    /// The kind of failure.
    public var code: Code
    /// One line, safe to show (never contains secrets).
    public var message: String
    /// The input field at fault, snake_case as in the HTTP API, when there is one.
    public var field: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { message }

    /// The HTTP status the server answers with.
    public var httpStatus: Int {
        switch code {
        case .invalidInput: 422
        case .notFound: 404
        case .conflict, .expired: 409
        case .forbidden: 403
        case .unauthorized: 401
        case .rateLimited: 429
        case .storage, .internal: 500
        case .transport: 502
        }
    }

    /// Bad input in `field`.
    public static func invalid(_ field: String, _ message: String) -> PaygentError {
        PaygentError(.invalidInput, "\(field): \(message)", field: field)
    }

    /// No `kind` with `id`.
    public static func notFound(_ kind: String, _ id: String) -> PaygentError {
        PaygentError(.notFound, "no \(kind) with id \(UntrustedText.identifier(id))")
    }

    /// A state conflict.
    public static func conflict(_ message: String) -> PaygentError { PaygentError(.conflict, message) }

    /// A storage failure.
    public static func storage(_ error: any Error) -> PaygentError {
        PaygentError(.storage, "storage failed: \(String(describing: error).split(separator: "\n").first ?? "")")
    }
}
