/// A failure to read or encode an EIP-712 typed-data document. Paths such as
/// `message.from.wallet` or `message.items[2]` locate the offending value.
public enum TypedDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is not well-formed JSON (with the byte offset of the problem).
    case invalidJSON(String, offset: Int)
    /// A required top-level member (`types`, `primaryType`, `domain`, `message`) is missing or has the wrong JSON type.
    case invalidDocument(String)
    /// A type definition is malformed.
    case invalidTypeDefinition(String)
    /// A field refers to a type that is neither an EIP-712 atomic type nor defined in `types`.
    case unknownType(String)
    /// The primary type is missing from `types` or cannot be determined.
    case invalidPrimaryType(String)
    /// A value has the wrong JSON shape for its declared type.
    case invalidValue(path: String, type: String, reason: String)
    /// A required value is missing.
    case missingValue(path: String, type: String)
    /// The domain does not match its declared `EIP712Domain` type or uses unknown fields.
    case invalidDomain(String)

    public var description: String {
        switch self {
        case .invalidJSON(let reason, let offset): "invalid JSON at byte \(offset): \(reason)"
        case .invalidDocument(let reason): "invalid typed-data document: \(reason)"
        case .invalidTypeDefinition(let reason): "invalid type definition: \(reason)"
        case .unknownType(let type): "unknown EIP-712 type \(String(reflecting: type))"
        case .invalidPrimaryType(let reason): "invalid primary type: \(reason)"
        case .invalidValue(let path, let type, let reason): "invalid value for \(path) (\(type)): \(reason)"
        case .missingValue(let path, let type): "missing value for \(path) (\(type))"
        case .invalidDomain(let reason): "invalid domain: \(reason)"
        }
    }
}
