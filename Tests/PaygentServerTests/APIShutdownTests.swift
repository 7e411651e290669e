import Foundation
import Http
import PaygentCore
import PaygentServer
import PaygentWire
import Synchronization
import Testing

/// Graceful shutdown: a request in flight when the server is told to stop still gets its answer,
/// and the server stops accepting new connections afterwards.
@Suite("API graceful shutdown (live server)")
struct APIShutdownTests {
    /// A route that answers only once the test opens its gate, and reports when it was entered.
    struct GatedRoutes: APIRouteGroup {
        let entered: AsyncStream<Void>.Continuation
        let gate: AsyncStream<Void>

        var routes: [APIRoute] {
            let entered = self.entered, gate = self.gate
            return [APIRoute(.get, "/api/v1/test/slow", access: .read, operationID: "slow", summary: "Test only.", tag: "test",
                             response: "Health") { _ in
                entered.yield()
                for await _ in gate { break }
                return try .json(HealthResponse(status: "finished", version: "test"))
            }]
        }
    }

    @Test func inFlightRequestsFinish() async throws {
        try await APIHarness.with { harness in
            let (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
            let (gate, gateContinuation) = AsyncStream<Void>.makeStream()
            let server = PaygentAPIServer(api: harness.paygent, idempotency: harness.paygent,
                                          groups: [GatedRoutes(entered: enteredContinuation, gate: gate)])
            let running = try await server.start()
            var headers = HTTPHeaders()
            headers.add("Authorization", "Bearer \(harness.tokens[.viewer]!)")
            let request = HTTPRequest(url: running.baseURL + "/api/v1/test/slow", headers: headers, timeout: .seconds(30))
            let inFlight = Task { try await harness.client.send(request) }
            var iterator = entered.makeAsyncIterator()
            _ = await iterator.next()  // the handler is running
            let stopped = Task { await running.stop() }
            // Wait (bounded) until the server refuses new connections: shutdown has begun.
            let probe = HTTPClient(configuration: .init(connectTimeout: .seconds(1), timeout: .seconds(2)))
            var refused = false
            for _ in 0..<250 where !refused {
                if (try? await probe.send(HTTPRequest(url: running.baseURL + "/health"))) == nil { refused = true } else {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(refused, "the stopping server kept accepting connections")
            gateContinuation.yield()
            gateContinuation.finish()
            let response = try await inFlight.value
            await stopped.value
            #expect(response.status == 200, "the request in flight was cut off")
            #expect(response.json?["status"]?.stringValue == "finished")
        }
    }
}
