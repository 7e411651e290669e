import Testing
import Http
import CCurl

// THROWAWAY: measurement only, deleted after use.
@Suite struct ZZThrowawayBench {
    @Test func measure() async throws {
        try await TestServer.with { server in
            let url = server.url("/bytes/2")
            try await BenchCopy.run(url: url)
            // Raw libcurl baseline: one easy handle, blocking curl_easy_perform, same server.
            let raw = rawCurl(url: url, count: 2000)
            print("raw_easy_p50: \(raw.0) us  raw_easy_p99: \(raw.1) us")
            // Throughput with 32 in flight.
            let client = HTTPClient()
            let clock = ContinuousClock()
            let start = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        for _ in 0..<(5000 / 32 + (worker < 5000 % 32 ? 1 : 0)) { try await client.get(url).expectSuccess() }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = clock.now - start
            print("concurrent32_5000_requests: \(elapsed)")
        }
    }

    func rawCurl(url: String, count: Int) -> (Double, Double) {
        let h = curl_easy_init()!
        defer { curl_easy_cleanup(h) }
        _ = url.withCString { paygent_curl_setopt_string(h, CURLOPT_URL, $0) }
        _ = paygent_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = paygent_curl_setopt_write(h) { _, s, n, _ in s * n }
        var samples: [Double] = []
        let clock = ContinuousClock()
        for i in 0..<(count + 200) {
            let start = clock.now
            let rc = curl_easy_perform(h)
            precondition(rc == CURLE_OK)
            let d = clock.now - start
            if i >= 200 { samples.append(Double(d.components.attoseconds) / 1e12 + Double(d.components.seconds) * 1e6) }
        }
        samples.sort()
        return (samples[count / 2], samples[count * 99 / 100])
    }
}

enum BenchCopy {
    static func run(url: String) async throws {
        let client = HTTPClient()
        for _ in 0..<200 { try await client.get(url).expectSuccess() }
        let count = 2_000
        var samples: [Duration] = []
        samples.reserveCapacity(count)
        var newConnections = 0
        var overhead: [Duration] = []
        let clock = ContinuousClock()
        for _ in 0..<count {
            let start = clock.now
            let response = try await client.get(url)
            samples.append(clock.now - start)
            overhead.append(samples.last! - response.metrics.totalTime)
            try response.expectSuccess()
            newConnections += response.metrics.newConnections
        }
        samples.sort()
        print("http_get_p50: \(samples[count / 2])")
        print("http_get_p99: \(samples[count * 99 / 100])")
        print("http_get_max: \(samples[count - 1])")
        print("http_get_new_connections: \(newConnections)")
        overhead.sort()
        print("overhead_outside_curl_p50: \(overhead[count / 2]) p99: \(overhead[count * 99 / 100])")
    }
}
