import PaygentWire

/// Limits and settings of the API server.
public struct APIServerOptions: Sendable {
    /// The largest request body a route accepts unless it says otherwise (413 beyond).
    public var maxBodyBytes: Int
    /// Requests per second per token, sustained.
    public var rateLimitPerSecond: Double
    /// Requests per token at once.
    public var rateLimitBurst: Double
    /// The version `/health` reports.
    public var version: String

    /// Defaults: 1 MiB bodies, 100 requests/s per token with bursts of 200.
    public init(maxBodyBytes: Int = WireBody.defaultMaximumBytes, rateLimitPerSecond: Double = 100, rateLimitBurst: Double? = nil,
                version: String = "0.1.0") {
        self.maxBodyBytes = maxBodyBytes
        self.rateLimitPerSecond = rateLimitPerSecond
        self.rateLimitBurst = rateLimitBurst ?? rateLimitPerSecond * 2
        self.version = version
    }
}
