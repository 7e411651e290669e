import Testing
import Http

/// Streaming bodies and cancellation.
@Suite struct HTTPClientStreamingTests {
    @Test func chunksArriveBeforeTheTransferEnds() async throws {
        let gate = Gate()
        try await TestServer.with(gate: gate) { server in
            let events = Recorder<String>()
            let head = try await HTTPClient().stream(
                HTTPRequest(url: server.url("/gated")),
                onHead: { events.append("head \($0.status)") },
                onChunk: { chunk in
                    let text = String(decoding: chunk, as: UTF8.self)
                    events.append(text)
                    if text.contains("first") { gate.open() } // the server holds the rest until now
                }
            )
            #expect(head.status == 200)
            let all = events.all
            #expect(all.first == "head 200")
            // "+timeout" would mean the client only saw "first" after the server gave up waiting.
            #expect(all.dropFirst().joined() == "first+last")
        }
    }

    @Test func streamHonoursABodyLimit() async throws {
        try await TestServer.with { server in
            let error = await failure {
                try await HTTPClient().stream(HTTPRequest(url: server.url("/chunked/10000"), maxResponseBodySize: 4096), onChunk: { _ in })
            }
            #expect(error == .tooLarge(limit: 4096))
        }
    }

    @Test func cancellingTheTaskAbortsAStreamPromptly() async throws {
        let signals = ServerSignals()
        try await TestServer.with(signals: signals) { (server: TestServer) async throws in
            let client = HTTPClient()
            let started = Gate()
            let chunks = Recorder<Int>()
            let task = Task {
                try await client.stream(HTTPRequest(url: server.url("/forever")), onChunk: { chunk in
                    chunks.append(chunk.count)
                    started.open()
                })
            }
            #expect(await started.wait(timeout: .seconds(5)))
            task.cancel()
            let result = await task.result
            // Cancelled, not finished: the body lasts 30 s, so a transfer that ignored the
            // cancellation would end in success (no wall-clock bound needed).
            #expect(failure(of: result) == .cancelled)
            let countAfterCancel = chunks.all.count
            // The server's next write fails: the connection is gone, and no chunk came after the abort.
            #expect(await signals.clientGone.wait(timeout: .seconds(15)))
            #expect(chunks.all.count == countAfterCancel)
            // The client keeps working.
            #expect(try await client.get(server.url("/conn")).status == 200)
        }
    }

    @Test func cancellingASendWaitingForTheResponseAbortsIt() async throws {
        let signals = ServerSignals()
        try await TestServer.with(signals: signals) { server in
            let client = HTTPClient()
            let task = Task { try await client.get(server.url("/hold")) }
            #expect(await signals.arrived.wait(timeout: .seconds(15)))  // the request is at the server
            task.cancel()
            // The server answers only after the result is in (it is released below), so a send
            // that ignored the cancellation would wait for "late" instead of ending cancelled.
            let result = await task.result
            signals.release.open()
            #expect(failure(of: result) == .cancelled)
        }
    }

    @Test func anAlreadyCancelledTaskSendsNothing() async throws {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await failure { try await HTTPClient.shared.get("http://127.0.0.1:1/") }
        }
        #expect(await task.value == .cancelled)
    }
}

