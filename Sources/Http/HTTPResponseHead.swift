/// The status line and headers of a response, without the body (what a stream reports first).
public struct HTTPResponseHead: Sendable, Equatable {
    /// The final response's status code (e.g. 200, 402).
    public var status: Int
    /// The final response's headers (interim 1xx and redirect headers are not included).
    public var headers: HTTPHeaders

    public init(status: Int, headers: HTTPHeaders) {
        self.status = status
        self.headers = headers
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
