import Testing
import Http

/// Methods, headers, bodies and statuses against a real loopback server.
@Suite struct HTTPClientRequestTests {
    @Test(arguments: [HTTPMethod.get, .post, .put, .delete, .patch, .options])
    func methodEchoesHeadersAndBody(method: HTTPMethod) async throws {
        try await TestServer.with { server in
            let client = HTTPClient()
            let body: [UInt8]? = method == .get ? nil : Array("payload for \(method)".utf8)
            var headers: HTTPHeaders = ["X-Test": "a", "Content-Type": "text/plain"]
            headers.add("x-test", "b")
            let response = try await client.send(HTTPRequest(method: method, url: server.url("/echo"), headers: headers, body: body))
            #expect(response.status == 200)
            #expect(response.headers["X-Method"] == method.rawValue)
            #expect(response.headers["x-echo-test"] == "a,b")
            #expect(response.body == (body ?? []))
            #expect(response.headers["x-expect"] == "none")
            #expect(response.headers["x-user-agent"] == "paygent")
            try response.expectSuccess()
        }
    }

    @Test func postWithoutContentTypeSendsNoFormDefaultAndNoExpect() async throws {
        try await TestServer.with { server in
            let client = HTTPClient()
            let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
            let response = try await client.post(server.url("/echo"), body: big)
            #expect(response.body == big)
            #expect(response.headers["x-content-type"] == "none")
            #expect(response.headers["x-expect"] == "none")
            #expect(response.headers["x-content-length"] == "300000")
        }
    }

    @Test func bodylessPostAndPutSendContentLengthZero() async throws {
        try await TestServer.with { server in
            let client = HTTPClient()
            for method in [HTTPMethod.post, .put, .patch] {
                let response = try await client.send(HTTPRequest(method: method, url: server.url("/echo")))
                #expect(response.headers["x-method"] == method.rawValue)
                #expect(response.headers["x-content-length"] == "0")
                #expect(response.body.isEmpty)
            }
        }
    }

    @Test func headReturnsHeadersWithoutBody() async throws {
        try await TestServer.with { server in
            let response = try await HTTPClient().send(HTTPRequest(method: .head, url: server.url("/echo")))
            #expect(response.status == 200)
            #expect(response.headers["x-method"] == "HEAD")
            #expect(response.body.isEmpty)
        }
    }

    @Test func paymentRequiredIsAResponseWithReadableHeadersAndBody() async throws {
        try await TestServer.with { server in
            let response = try await HTTPClient().get(server.url("/paid"))
            #expect(response.status == 402)
            #expect(!response.isSuccess)
            #expect(response.headers["payment-required"] == "eyJ4NDAyVmVyc2lvbiI6Mn0=")
            #expect(response.headers.values(for: "X-Multi") == ["one", "two"])
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.bodyString == #"{"error":"payment required"}"#)
            #expect(throws: HTTPError.status(code: 402, bodyPrefix: #"{"error":"payment required"}"#)) {
                try response.expectSuccess()
            }
        }
    }

    @Test func emptyHeaderValueAndCustomUserAgentAreSent() async throws {
        try await TestServer.with { server in
            let client = HTTPClient(configuration: .init(userAgent: nil))
            let response = try await client.send(HTTPRequest(url: server.url("/echo"), headers: ["X-Test": "", "User-Agent": "agent/7"]))
            #expect(response.headers["x-user-agent"] == "agent/7")
            #expect(response.headers.contains("x-echo-test"))
            let bare = try await client.get(server.url("/echo"))
            #expect(bare.headers["x-user-agent"] == "none")
        }
    }

    @Test func malformedRequestsAreRejectedBeforeSending() async {
        let client = HTTPClient()
        for url in ["", "not a url", "ftp://example.com/file", "http://exa mple.com/", "file:///etc/passwd", "http://a\r\nb"] {
            let error = await failure { try await client.get(url) }
            guard case .invalidURL = error else {
                Issue.record("\(url.debugDescription): expected invalidURL, got \(String(describing: error))")
                continue
            }
        }
        let injected = await failure { try await client.get("http://127.0.0.1:1/", headers: ["X-A": "1\r\nX-Injected: 2"]) }
        guard case .invalidRequest = injected else { Issue.record("got \(String(describing: injected))"); return }
        let badName = await failure { try await client.get("http://127.0.0.1:1/", headers: ["Bad Name": "1"]) }
        guard case .invalidRequest = badName else { Issue.record("got \(String(describing: badName))"); return }
        let badMethod = await failure { try await client.send(HTTPRequest(method: HTTPMethod(rawValue: "GE T"), url: "http://127.0.0.1:1/")) }
        guard case .invalidRequest = badMethod else { Issue.record("got \(String(describing: badMethod))"); return }
    }
}
