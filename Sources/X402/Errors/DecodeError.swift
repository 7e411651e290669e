import PaygentFoundation
/// Why an x402 header, body or message could not be decoded. Each case maps to the reason code
/// a facilitator or paywall reports for it (``reason``).
public enum DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The header value is longer than the configured limit.
    case headerTooLarge(length: Int, limit: Int)
    /// The header value is empty.
    case emptyHeader
    /// The header is not strict standard base64.
    case invalidBase64(Base64Error)
    /// The (decoded) text is not valid JSON within the limits.
    case invalidJSON(JSONError)
    /// A required field is absent. `path` is a dotted JSON path like `payload.authorization.nonce`.
    case missingField(path: String)
    /// A field has the wrong JSON type.
    case wrongType(path: String, expected: String, found: String)
    /// A field is present with the right type but an unacceptable value.
    case invalidValue(path: String, reason: String)
    /// `x402Version` is not a version this message kind supports.
    case unsupportedVersion(found: String)
    /// The scheme is not `exact`.
    case unsupportedScheme(String)
    /// The network name is neither known nor of the form `eip155:<chain id>`.
    case unknownNetwork(String)
    /// An amount or time is not a decimal integer that fits in 256 bits.
    case invalidAmount(path: String, reason: String)
    /// An address is not 20 bytes of hex, or fails its EIP-55 checksum.
    case invalidAddress(path: String, reason: String)
    /// A hex byte string has the wrong length or characters (signature 65 bytes, nonce 32).
    case invalidHex(path: String, expectedBytes: Int, reason: String)
    /// The signature is malformed (length, recovery id).
    case invalidSignature(path: String, reason: String)
    /// The message is recognisable but belongs to a different field set (for example a v2
    /// payload where a v1 one was required).
    case mismatchedVersion(expected: Int, found: Int)
    /// No x402 payment-required information (header, `accepts` or `paymentRequirements`) was found.
    case noPaymentRequirements

    /// The reason code this failure is reported as.
    public var reason: ReasonCode {
        switch self {
        case .unsupportedVersion, .mismatchedVersion: .invalidX402Version
        case .unsupportedScheme: .unsupportedScheme
        case .unknownNetwork: .invalidNetwork
        case .invalidSignature: .invalidSignature
        case .noPaymentRequirements: .invalidPaymentRequirements
        default: .invalidPayload
        }
    }

    public var description: String {
        switch self {
        case .headerTooLarge(let length, let limit): "header is \(length) bytes, more than the \(limit)-byte limit"
        case .emptyHeader: "header is empty"
        case .invalidBase64(let e): "header is not valid base64: \(e)"
        case .invalidJSON(let e): "invalid JSON: \(e)"
        case .missingField(let path): "missing field \(path)"
        case .wrongType(let path, let expected, let found): "field \(path) must be \(expected), found \(found)"
        case .invalidValue(let path, let reason): "field \(path) is invalid: \(reason)"
        case .unsupportedVersion(let found): "unsupported x402Version \(found)"
        case .unsupportedScheme(let s): "unsupported scheme \(String(reflecting: String(s.prefix(64))))"
        case .unknownNetwork(let n): "unknown network \(String(reflecting: String(n.prefix(64))))"
        case .invalidAmount(let path, let reason): "field \(path) is not a valid amount: \(reason)"
        case .invalidAddress(let path, let reason): "field \(path) is not a valid address: \(reason)"
        case .invalidHex(let path, let expected, let reason): "field \(path) must be \(expected) bytes of hex: \(reason)"
        case .invalidSignature(let path, let reason): "field \(path) is not a valid signature: \(reason)"
        case .mismatchedVersion(let expected, let found): "expected an x402 version \(expected) message, found version \(found)"
        case .noPaymentRequirements: "no x402 payment requirements found in the response"
        }
    }
}

extension DecodeError {
    /// Adjusts the reason for a failure found while decoding payment *requirements* rather than
    /// a payment: malformed requirements are `invalid_payment_requirements`.
    var asRequirementsError: X402Error {
        switch reason {
        case .invalidPayload: .decode(self, reason: .invalidPaymentRequirements)
        default: .decode(self, reason: reason)
        }
    }
}
