/// One HTTP request: method, absolute `http`/`https` URL, headers, optional body and per-request
/// limits that override the client's ``HTTPClient/Configuration``.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// Request headers. `Content-Type` is only sent when set here (libcurl's form default is
    /// suppressed), and `Expect: 100-continue` is never sent.
    public var headers: HTTPHeaders
    /// The request body, or `nil` for none. `POST`, `PUT` and `PATCH` without a body send
    /// `Content-Length: 0`.
    public var body: [UInt8]?
    /// Total time allowed for the whole exchange; `nil` uses the client's default
    /// (for ``HTTPClient/stream(_:onHead:onChunk:)``, `nil` means no total limit).
    public var timeout: Duration?
    /// Time allowed to establish the connection (TCP and TLS); `nil` uses the client's default.
    public var connectTimeout: Duration?
    /// Fail with ``HTTPError/timeout(_:)`` when no byte of the response arrives for this long
    /// (from the start of the transfer or the last byte). Meant for long-lived streams such as
    /// Server-Sent Events with heartbeats; `nil` disables it.
    public var idleTimeout: Duration?
    /// The largest response body accepted, in bytes; larger bodies fail with
    /// ``HTTPError/tooLarge(limit:)``. `nil` uses the client's default (for streams: no limit).
    public var maxResponseBodySize: Int?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        timeout: Duration? = nil,
        connectTimeout: Duration? = nil,
        idleTimeout: Duration? = nil,
        maxResponseBodySize: Int? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.maxResponseBodySize = maxResponseBodySize
    }

    /// Creates a request whose body is the UTF-8 bytes of `body`.
    public init(method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: String) {
        self.init(method: method, url: url, headers: headers, body: Array(body.utf8))
    }
}
