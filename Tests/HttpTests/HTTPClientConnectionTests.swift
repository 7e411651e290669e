import Testing
import Http

/// Keep-alive reuse and concurrent transfers.
@Suite struct HTTPClientConnectionTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await TestServer.with { server in
            let client = HTTPClient()
            var ports: Set<String> = []
            var reused: [Bool] = []
            for index in 0..<20 {
                let response = index % 2 == 0
                    ? try await client.get(server.url("/conn"))
                    : try await client.send(HTTPRequest(method: .post, url: server.url("/echo"), body: Array("x".utf8)))
                if index % 2 == 0 { ports.insert(response.bodyString) }
                reused.append(response.metrics.reusedConnection)
            }
            #expect(ports.count == 1) // the server saw a single client port
            #expect(reused.first == false)
            #expect(reused.dropFirst().allSatisfy { $0 })
        }
    }

    @Test func hundredConcurrentRequestsSucceedWithinTheConnectionLimit() async throws {
        try await TestServer.with { server in
            let client = HTTPClient(configuration: .init(maxConnections: 16))
            let results = try await withThrowingTaskGroup(of: (Int, String, String).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        if index % 2 == 0 {
                            let body = "request \(index)"
                            let response = try await client.send(HTTPRequest(method: .post, url: server.url("/echo"), body: Array(body.utf8)))
                            return (index, body, response.bodyString)
                        }
                        let response = try await client.get(server.url("/sleep/20"))
                        return (index, "port", response.bodyString)
                    }
                }
                var all: [(Int, String, String)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.count == 100)
            let echoes = results.filter { $0.1 != "port" }
            #expect(echoes.allSatisfy { $0.1 == $0.2 })
            let ports = Set(results.filter { $0.1 == "port" }.map(\.2))
            #expect(ports.count > 1)   // transfers really ran in parallel …
            #expect(ports.count <= 16) // … on at most maxConnections connections
        }
    }

    @Test func sharedClientWorks() async throws {
        try await TestServer.with { server in
            let response = try await HTTPClient.shared.get(server.url("/conn"))
            #expect(response.status == 200)
        }
    }
}
