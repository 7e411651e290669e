import Hummingbird
import PaygentCore
import PaygentWire

/// What a route handler gets: the authenticated caller, the path parameters, the parsed query,
/// the collected body, and the raw request for what the rest does not cover.
public struct APICall: Sendable {
    /// The raw request (its body already collected into ``body``).
    public let request: Request
    /// The request context.
    public let context: APIRequestContext
    /// The caller (a synthetic anonymous viewer on routes without access control).
    public let principal: APIPrincipal
    /// The query string, decoded.
    public let query: QueryItems
    /// The request body (empty for GET).
    public let body: [UInt8]

    /// Creates a call.
    public init(request: Request, context: APIRequestContext, principal: APIPrincipal, query: QueryItems, body: [UInt8]) {
        self.request = request
        self.context = context
        self.principal = principal
        self.query = query
        self.body = body
    }

    /// The path parameter `name`, checked as an id (1…128 characters, no whitespace or control
    /// characters); the error names `field` (default: `name`).
    public func id(_ name: String, field: String? = nil) throws(PaygentError) -> String {
        guard let raw = context.parameters.get(name) else { throw PaygentError.invalid(field ?? name, "is required") }
        guard let value = QueryItems.decodePathSegment(raw) else {
            throw PaygentError.invalid(field ?? name, "is not valid percent-encoded UTF-8 text without NUL")
        }
        return try Validate.id(value, field: field ?? name)
    }

    /// The body decoded as `T`, errors naming the field.
    public func decode<T: Decodable>(_ type: T.Type) throws(PaygentError) -> T {
        try WireBody.decode(type, from: body)
    }

    /// The query decoded as `Q`.
    public func query<Q: WireQuery>(_ type: Q.Type) throws(PaygentError) -> Q {
        try Q(query: query)
    }

    /// The caller's name as recorded in events.
    public var actor: String { principal.actor }
}

/// A handler's answer: a complete body (which an idempotent retry can replay) or a streamed
/// response (SSE), which is never stored.
public enum APIReply: Sendable {
    /// A complete answer.
    case body(status: Int, contentType: String, bytes: [UInt8], headers: [(String, String)])
    /// A streamed answer.
    case stream(Response)

    /// `value` as JSON with `status`.
    public static func json<T: Encodable>(_ value: T, status: Int = 200, headers: [(String, String)] = []) throws -> APIReply {
        .body(status: status, contentType: "application/json", bytes: Array(try WireJSON.encode(value)), headers: headers)
    }

    /// A page in the wire envelope.
    public static func page<T: WireListItem>(_ page: Page<T>) throws -> APIReply {
        try json(WirePage(page))
    }

    /// Plain text.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> APIReply {
        .body(status: status, contentType: contentType, bytes: Array(text.utf8), headers: [])
    }
}
