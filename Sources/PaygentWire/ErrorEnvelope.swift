import PaygentCore

/// The error body of every failed API call: `{"error": {"code": "…", "message": "…", "field": "…"}}`
/// (`field` only when one input field is at fault). The status is ``PaygentError/httpStatus``,
/// except for the transport-level codes below, which have no ``PaygentError/Code`` of their own.
public struct ErrorEnvelope: Codable, Sendable, Hashable {
    /// What went wrong.
    public var error: Body

    /// The envelope's body.
    public struct Body: Codable, Sendable, Hashable {
        /// Machine-readable code: a ``PaygentError/Code`` raw value, or `payload_too_large`,
        /// `method_not_allowed`, `bad_request`.
        public var code: String
        /// One line an operator can read.
        public var message: String
        /// The input field at fault.
        public var field: String?

        /// Creates a body.
        public init(code: String, message: String, field: String? = nil) {
            self.code = code
            self.message = message
            self.field = field
        }
    }

    /// Creates an envelope.
    public init(code: String, message: String, field: String? = nil) {
        error = Body(code: code, message: message, field: field)
    }

    /// The envelope of a core error.
    public init(_ error: PaygentError) {
        self.init(code: error.code.rawValue, message: error.message, field: error.field)
    }

    /// The core error it stands for (codes the core does not know become `internal`, except
    /// `payload_too_large`, which is bad input).
    public var paygentError: PaygentError {
        if let code = PaygentError.Code(rawValue: error.code) { return PaygentError(code, error.message, field: error.field) }
        if error.code == Self.payloadTooLarge || error.code == Self.badRequest { return PaygentError(.invalidInput, error.message, field: error.field) }
        return PaygentError(.internal, error.message, field: error.field)
    }

    /// The code of a 413 answer.
    public static let payloadTooLarge = "payload_too_large"
    /// The code of a 405 answer.
    public static let methodNotAllowed = "method_not_allowed"
    /// The code of a 400 answer (a body that is not JSON at all).
    public static let badRequest = "bad_request"
}
