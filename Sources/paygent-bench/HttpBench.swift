import Http

/// Http client latency: sequential GETs over one kept-alive loopback connection.
enum HttpBench {
    /// Measures `GET url` (a small, fast local resource, e.g. a Hummingbird route) 2,000 times in
    /// sequence after a warm-up, and prints p50/p99/max latency and connections opened.
    static func run(url: String) async throws {
        let client = HTTPClient()
        for _ in 0..<200 { try await client.get(url).expectSuccess() }

        let count = 2_000
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        var newConnections = 0
        let clock = ContinuousClock()
        for _ in 0..<count {
            let start = clock.now
            let response = try await client.get(url)
            samples.append(clock.now - start)
            try response.expectSuccess()
            newConnections += response.metrics.newConnections
        }
        samples.sort()
        print("http_get_p50: \(microseconds(samples[count / 2])) us")
        print("http_get_p99: \(microseconds(samples[count * 99 / 100])) us")
        print("http_get_max: \(microseconds(samples[count - 1])) us")
        print("http_get_new_connections: \(newConnections) connections")
    }

    private static func microseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = seconds * 10_000_000 + attoseconds / 100_000_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
