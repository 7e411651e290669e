import Foundation
import PaygentCore

/// Decodes request bodies into their `Codable` inputs, turning every failure into a
/// `PaygentError` that names the field at fault (`invalid_input`, a 422 on the wire).
public enum WireBody {
    /// The largest body any route accepts by default (bytes); the server refuses more with 413.
    public static let defaultMaximumBytes = 1 << 20

    /// `T` from a JSON body. An empty body decodes as `{}` (every field absent), so routes whose
    /// fields are all optional accept no body at all.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(PaygentError) -> T {
        let data = bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) ? Data("{}".utf8) : Data(bytes)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw Self.error(error)
        } catch let error as PaygentError {
            throw error
        } catch {
            throw PaygentError(.invalidInput, "body: not valid JSON", field: "body")
        }
    }

    /// The ``PaygentError`` for a decoding failure, naming the field by its snake_case path.
    public static func error(_ error: DecodingError) -> PaygentError {
        func path(_ keys: [any CodingKey]) -> String {
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            var out = ""
            for name in names { out += out.isEmpty || name.hasPrefix("[") ? name : "." + name }
            return out.isEmpty ? "body" : out
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .invalid(field, "is required")
        case .typeMismatch(let type, let context):
            return .invalid(path(context.codingPath), "has the wrong type (expected \(describe(type)))")
        case .valueNotFound(let type, let context):
            return .invalid(path(context.codingPath), "must not be null (expected \(describe(type)))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return PaygentError(.invalidInput, "body: not valid JSON", field: "body")
            }
            return .invalid(path(context.codingPath), firstLine(context.debugDescription))
        @unknown default:
            return PaygentError(.invalidInput, "body: not valid input", field: "body")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is UInt64.Type: "an integer"
        default:
            "\(type)".hasPrefix("Array") ? "an array" : ("\(type)".hasPrefix("Dictionary") ? "an object" : "\(type)")
        }
    }

    static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? "is not valid"
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}

/// `{reason?}`: the body of reject, pause and kill.
public struct ReasonBody: Codable, Sendable, Hashable {
    /// Why, up to 500 characters.
    public var reason: String?

    /// Creates a body.
    public init(reason: String? = nil) { self.reason = reason }

    /// The reason, checked (at most 500 characters, no NUL); blank counts as none.
    public func validated() throws(PaygentError) -> String? {
        guard let reason, !reason.allSatisfy(\.isWhitespace) else { return nil }
        return try Validate.text(reason, field: "reason", max: 500, required: false)
    }
}

/// `POST /tokens` `{role, name}`.
public struct CreateTokenRequest: Codable, Sendable, Hashable {
    /// `admin`, `operator`, `agent` or `viewer`.
    public var role: APITokenRole
    /// A label, 1…200 characters.
    public var name: String

    /// Creates a request.
    public init(role: APITokenRole, name: String) {
        self.role = role
        self.name = name
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let roleText = try c.decode(String.self, forKey: .role)
        guard let role = APITokenRole(rawValue: roleText) else {
            throw DecodingError.dataCorruptedError(
                forKey: .role, in: c,
                debugDescription: "must be one of \(APITokenRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.role = role
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? role.rawValue
    }
}

/// The answer to `POST /tokens`: the stored token and, this once, its secret.
public struct IssuedTokenResponse: Codable, Sendable, Hashable {
    /// The stored description.
    public var token: APIToken
    /// The bearer secret; never shown again.
    public var secret: String

    /// The wire form of an issued token.
    public init(_ issued: IssuedAPIToken) {
        token = issued.token
        secret = issued.secret
    }
}

/// `GET /health`.
public struct HealthResponse: Codable, Sendable, Hashable {
    /// `ok`.
    public var status: String
    /// The server's version.
    public var version: String

    /// Creates a health answer.
    public init(status: String = "ok", version: String) {
        self.status = status
        self.version = version
    }
}

/// `GET /tokens`: `{tokens: [...], total}`.
public struct TokenList: Codable, Sendable, Hashable {
    /// Every token, oldest first.
    public var tokens: [APIToken]
    /// How many.
    public var total: Int

    /// Creates a list.
    public init(tokens: [APIToken]) {
        self.tokens = tokens
        total = tokens.count
    }
}
