import PaygentCore

/// A ``PaygentError`` with headers for its answer (`Retry-After` on 429, `WWW-Authenticate` on 401).
public struct APIFailure: Error, Sendable {
    /// The error.
    public var error: PaygentError
    /// Extra response headers.
    public var headers: [(String, String)]
    /// A status other than the code's (412 for a failed `If-Match`).
    public var status: Int?

    /// Creates a failure.
    public init(_ error: PaygentError, headers: [(String, String)] = [], status: Int? = nil) {
        self.error = error
        self.headers = headers
        self.status = status
    }
}
