extension HTTPClient {
    /// Client-wide defaults; ``HTTPRequest`` fields override them per request.
    public struct Configuration: Sendable {
        /// Time allowed to establish a connection (TCP + TLS).
        public var connectTimeout: Duration
        /// Total time allowed per request by ``HTTPClient/send(_:)``; `nil` for none.
        /// Streams ignore it (they are long-lived); give a stream ``HTTPRequest/timeout`` or
        /// ``HTTPRequest/idleTimeout`` instead.
        public var timeout: Duration?
        /// Most connections open at once (and kept alive) across all hosts; more concurrent
        /// requests wait for a free connection.
        public var maxConnections: Int
        /// Largest response body ``HTTPClient/send(_:)`` accepts, in bytes.
        public var maxResponseBodySize: Int
        /// Largest total size of response header lines accepted, in bytes.
        public var maxResponseHeaderSize: Int
        /// Whether to follow 3xx redirects (off by default: payment headers must not leak to
        /// another host).
        public var followRedirects: Bool
        /// Most redirects followed when ``followRedirects`` is on.
        public var maxRedirects: Int
        /// `User-Agent` sent unless the request sets one; `nil` sends none.
        public var userAgent: String?

        public init(
            connectTimeout: Duration = .seconds(10),
            timeout: Duration? = .seconds(60),
            maxConnections: Int = 64,
            maxResponseBodySize: Int = 16 << 20,
            maxResponseHeaderSize: Int = 256 << 10,
            followRedirects: Bool = false,
            maxRedirects: Int = 5,
            userAgent: String? = "paygent"
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxConnections = maxConnections
            self.maxResponseBodySize = maxResponseBodySize
            self.maxResponseHeaderSize = maxResponseHeaderSize
            self.followRedirects = followRedirects
            self.maxRedirects = maxRedirects
            self.userAgent = userAgent
        }
    }
}
