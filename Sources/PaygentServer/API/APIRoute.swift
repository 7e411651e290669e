import HTTPTypes
import Hummingbird
import PaygentCore

/// One route of the HTTP API: method, path, who may call it, its OpenAPI description and its
/// handler. The router, the OpenAPI document and the route tests are all built from the same
/// table (``APIRouteGroup``), so a route cannot exist without being described and guarded.
public struct APIRoute: Sendable {
    /// Method and path, identifying a route (the path in OpenAPI form, `/api/v1/services/{id}`).
    public struct Key: Sendable, Hashable, CustomStringConvertible {
        /// `GET`, `POST`, …
        public var method: String
        /// The templated path.
        public var path: String

        /// Creates a key.
        public init(method: String, path: String) {
            self.method = method
            self.path = path
        }

        public var description: String { "\(method) \(path)" }
    }

    /// The method.
    public var method: HTTPRequest.Method
    /// The templated path (`{name}` segments are parameters).
    public var path: String
    /// Who may call it; nil = anyone, without a token (only `/health`).
    public var access: APIAccess?
    /// OpenAPI `operationId`.
    public var operationID: String
    /// One line for the OpenAPI document.
    public var summary: String
    /// The route group (OpenAPI tag).
    public var tag: String
    /// The status of a successful answer.
    public var status: Int
    /// Query parameters (for the OpenAPI document; the handler reads them with ``QueryItems``).
    public var query: [APIParameter]
    /// The request body's schema (a component name), nil when it takes none.
    public var requestSchema: String?
    /// Whether the body may be omitted (all its fields are optional).
    public var requestOptional: Bool
    /// The success response's JSON schema (a component name), nil for a non-JSON answer.
    public var responseSchema: String?
    /// The content type of a non-JSON answer (`text/plain; version=0.0.4`, `text/event-stream`);
    /// with ``responseSchema`` too, the route answers either (e.g. `/metrics?format=json`).
    public var responseContentType: String?
    /// Whether it changes state: `Idempotency-Key` is honoured (a retry with the same key
    /// returns the first answer).
    public var changesState: Bool
    /// The most bytes of body it accepts (nil = the server's default).
    public var maxBodyBytes: Int?
    /// Error statuses it may answer besides those its shape implies (documented in OpenAPI).
    public var extraStatuses: [Int]
    /// Statuses besides ``status`` answered with the success schema for an outcome that is not a
    /// success (202 waiting for approval, 409 denied, 502 failed); OpenAPI documents them as
    /// either that schema or the error envelope.
    public var outcomeStatuses: [Int]
    /// Answers the call.
    public var handler: @Sendable (APICall) async throws -> APIReply

    /// Creates a route.
    public init(
        _ method: HTTPRequest.Method, _ path: String, access: APIAccess?, operationID: String, summary: String, tag: String,
        status: Int = 200, query: [APIParameter] = [], request: String? = nil, requestOptional: Bool = false,
        response: String?, responseContentType: String? = nil, changesState: Bool? = nil, maxBodyBytes: Int? = nil,
        extraStatuses: [Int] = [], outcomeStatuses: [Int] = [], handler: @escaping @Sendable (APICall) async throws -> APIReply
    ) {
        self.method = method
        self.path = path
        self.access = access
        self.operationID = operationID
        self.summary = summary
        self.tag = tag
        self.status = status
        self.query = query
        self.requestSchema = request
        self.requestOptional = requestOptional
        self.responseSchema = response
        self.responseContentType = responseContentType
        self.changesState = changesState ?? (method == .post || method == .put || method == .delete)
        self.maxBodyBytes = maxBodyBytes
        self.outcomeStatuses = outcomeStatuses
        self.extraStatuses = extraStatuses
        self.handler = handler
    }

    /// Method and path.
    public var key: Key { Key(method: method.rawValue, path: path) }

    /// The path's parameter names, in order.
    public var pathParameters: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }
}

/// A query parameter of a route, for the OpenAPI document.
public struct APIParameter: Sendable, Hashable {
    /// Its name.
    public var name: String
    /// Its JSON schema (an OpenAPI schema object as JSON text).
    public var schema: String
    /// What it does.
    public var description: String
    /// Whether it must be given.
    public var required: Bool

    /// Creates a parameter.
    public init(_ name: String, _ schema: String, _ description: String, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.description = description
        self.required = required
    }

    /// `offset` and `limit`.
    public static let paging: [APIParameter] = [
        APIParameter("offset", #"{"type":"integer","minimum":0,"maximum":10000000}"#, "Index of the first item."),
        APIParameter("limit", #"{"type":"integer","minimum":1,"maximum":100}"#, "Page size (default 20)."),
    ]

    /// A string parameter.
    public static func string(_ name: String, _ description: String, maxLength: Int = 200) -> APIParameter {
        APIParameter(name, #"{"type":"string","maxLength":\#(maxLength)}"#, description)
    }

    /// A date-time parameter.
    public static func dateTime(_ name: String, _ description: String, required: Bool = false) -> APIParameter {
        APIParameter(name, #"{"type":"string","format":"date-time"}"#, description, required: required)
    }

    /// An id parameter (1…128 characters without whitespace).
    public static func id(_ name: String, _ description: String) -> APIParameter {
        APIParameter(name, #"{"type":"string","minLength":1,"maxLength":128,"pattern":"^[^\\s]+$"}"#, description)
    }

    /// An EVM address parameter.
    public static func address(_ name: String, _ description: String) -> APIParameter {
        APIParameter(name, #"{"type":"string","pattern":"^0x[0-9a-fA-F]{40}$"}"#, description + " EIP-55 checksummed when mixed case.")
    }

    /// A parameter taking one of `values`.
    public static func choice(_ name: String, _ values: [String], _ description: String) -> APIParameter {
        APIParameter(name, #"{"type":"string","enum":[\#(values.map { "\"\($0)\"" }.joined(separator: ","))]}"#, description)
    }
}

/// A set of routes that belong together (services, payments, agent, events, …). The server is
/// assembled from groups; another module adds routes by adding a group.
public protocol APIRouteGroup: Sendable {
    /// The group's routes.
    var routes: [APIRoute] { get }
}
