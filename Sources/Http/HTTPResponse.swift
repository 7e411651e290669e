/// A complete response. Any status code is a response, not an error (x402 reads 402 bodies and
/// headers); use ``expectSuccess()`` to turn non-2xx statuses into ``HTTPError/status(code:bodyPrefix:)``.
public struct HTTPResponse: Sendable {
    /// The final status code.
    public var status: Int
    /// The final response's headers, case-insensitive.
    public var headers: HTTPHeaders
    /// The body bytes (empty for `HEAD` and bodiless statuses).
    public var body: [UInt8]
    /// How the transfer went (connection reuse, timing).
    public var metrics: HTTPTransferMetrics

    public init(status: Int, headers: HTTPHeaders, body: [UInt8], metrics: HTTPTransferMetrics = .init(newConnections: 0, totalTime: .zero)) {
        self.status = status
        self.headers = headers
        self.body = body
        self.metrics = metrics
    }

    /// The body decoded as UTF-8 (invalid sequences become U+FFFD).
    public var bodyString: String { String(decoding: body, as: UTF8.self) }

    /// Status and headers.
    public var head: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// Returns the response when its status is 2xx; otherwise throws
    /// ``HTTPError/status(code:bodyPrefix:)`` with the first 512 bytes of the body.
    @discardableResult
    public func expectSuccess() throws(HTTPError) -> HTTPResponse {
        guard isSuccess else {
            throw .status(code: status, bodyPrefix: String(decoding: body.prefix(HTTPError.bodyPrefixLength), as: UTF8.self))
        }
        return self
    }
}
