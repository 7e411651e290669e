import Testing
import Http

/// Every failure is typed by what failed.
@Suite struct HTTPClientFailureTests {
    @Test func slowServerTimesOut() async throws {
        try await TestServer.with { server in
            let client = HTTPClient()
            let error = await failure { try await client.send(HTTPRequest(url: server.url("/sleep/3000"), timeout: .milliseconds(200))) }
            guard case .timeout = error else { Issue.record("expected timeout, got \(String(describing: error))"); return }
            #expect(error?.isDefinitelyNotDelivered == false)

            let configured = HTTPClient(configuration: .init(timeout: .milliseconds(200)))
            let viaConfiguration = await failure { try await configured.get(server.url("/sleep/3000")) }
            guard case .timeout = viaConfiguration else { Issue.record("got \(String(describing: viaConfiguration))"); return }
        }
    }

    @Test func idleStreamTimesOut() async throws {
        let gate = Gate() // never opened: the server stalls after "first" for 5 s
        try await TestServer.with(gate: gate) { server in
            let error = await failure {
                try await HTTPClient().stream(HTTPRequest(url: server.url("/gated"), idleTimeout: .seconds(1)), onChunk: { _ in })
            }
            guard case .timeout = error else { Issue.record("expected timeout, got \(String(describing: error))"); return }
        }
    }

    @Test func closedPortIsAConnectError() async {
        let error = await failure { try await HTTPClient().get("http://127.0.0.1:\(TestServer.closedPort())/") }
        guard case .connect(let message) = error else { Issue.record("expected connect, got \(String(describing: error))"); return }
        #expect(!message.isEmpty)
        #expect(error?.isDefinitelyNotDelivered == true)
    }

    @Test func unknownHostIsADNSError() async {
        let error = await failure { try await HTTPClient().get("http://paygent-does-not-exist.invalid/") }
        guard case .dns(let message) = error else { Issue.record("expected dns, got \(String(describing: error))"); return }
        #expect(message.contains("paygent-does-not-exist.invalid"))
    }

    @Test func tlsToAPlainHTTPServerIsATLSError() async throws {
        try await TestServer.with { server in
            let error = await failure { try await HTTPClient().get("https://127.0.0.1:\(server.port)/conn") }
            guard case .tls = error else { Issue.record("expected tls, got \(String(describing: error))"); return }
        }
    }

    @Test func bodiesOverTheLimitAreRejected() async throws {
        try await TestServer.with { server in
            let client = HTTPClient(configuration: .init(maxResponseBodySize: 1000))
            // Announced by Content-Length.
            #expect(await failure { try await client.get(server.url("/bytes/5000")) } == .tooLarge(limit: 1000))
            // Chunked, discovered while reading.
            #expect(await failure { try await client.get(server.url("/chunked/5000")) } == .tooLarge(limit: 1000))
            // Exactly at the limit is fine; a per-request limit overrides the client's.
            #expect(try await client.get(server.url("/bytes/1000")).body.count == 1000)
            #expect(try await client.get(server.url("/chunked/1000")).body.count == 1000)
            let raised = try await client.send(HTTPRequest(url: server.url("/chunked/5000"), maxResponseBodySize: 5000))
            #expect(raised.body == Array(repeating: UInt8(ascii: "b"), count: 5000))
        }
    }

    @Test func oversizedHeadersAreRejected() async throws {
        try await TestServer.with { server in
            let client = HTTPClient(configuration: .init(maxResponseHeaderSize: 64))
            #expect(await failure { try await client.get(server.url("/paid")) } == .headersTooLarge(limit: 64))
        }
    }

    @Test func errorsDescribeWhatFailed() {
        #expect(HTTPError.dns("x").description.contains("DNS"))
        #expect(HTTPError.tooLarge(limit: 10).description == "response body larger than 10 bytes")
        #expect(HTTPError.status(code: 500, bodyPrefix: "oops").description == "HTTP status 500: oops")
    }
}
