import Foundation
import PaygentFoundation
import Http
import PaygentCore
import PaygentServer
import PaygentWire
import Testing

/// `GET /api/v1/events` over a real server on an ephemeral port, read with the libcurl client.
@Suite("SSE event stream")
struct EventStreamTests {
    @Test("a consumer that disconnects and reconnects with Last-Event-ID sees every event exactly once")
    func resumeWithLastEventID() async throws {
        try await LiveWorld.with { world in
            let start = try await world.latestSeq()
            let first = SSEClient(url: world.url("/api/v1/events?after=\(start)"), headers: world.headers(.viewer))
            let batch1 = try await world.append(25)
            #expect(await first.wait { $0.seqs.last == batch1.last!.seq }, "first connection got \(first.seqs)")
            await first.disconnect()
            // Written while nobody listens.
            let batch2 = try await world.append(30)
            let lastSeen = try #require(first.seqs.last)
            let second = SSEClient(url: world.url("/api/v1/events"), headers: world.headers(.viewer, ["Last-Event-ID": String(lastSeen)]))
            let batch3Task = Task { try await world.append(20) }
            let batch3 = try await batch3Task.value
            #expect(await second.wait { $0.seqs.last == batch3.last!.seq }, "second connection got \(second.seqs)")
            await second.disconnect()
            let all = first.seqs + second.seqs
            let expected = (batch1 + batch2 + batch3).map(\.seq)
            #expect(all == Array((start + 1)...expected.last!), "a gap or a duplicate: \(all)")
            #expect(Set(all).count == all.count)
            // Each message carries the event's type and JSON, id = seq.
            let message = try #require(second.messages.first { $0.id != nil })
            #expect(message.event == "test.marker")
            let json = try JSONValue.parse(message.data)
            #expect(json["seq"]?.intValue == Int64(message.id!))
            #expect(json["type"]?.stringValue == "test.marker")
        }
    }

    @Test("?after= wins over Last-Event-ID; bad cursors are 422 naming the field; viewer may read, agent may not")
    func cursorsAndRoles() async throws {
        try await LiveWorld.with { world in
            let events = try await world.append(3)
            let client = SSEClient(url: world.url("/api/v1/events?after=\(events[0].seq)"),
                                   headers: world.headers(.operator, ["Last-Event-ID": String(events[2].seq)]))
            #expect(await client.wait { $0.seqs.count >= 2 })
            #expect(client.seqs.prefix(2) == [events[1].seq, events[2].seq])
            await client.disconnect()
            for (query, header, field) in [("?after=-1", nil, "after"), ("?after=1.5", nil, "after"),
                                           ("?after=99999999999999999999999", nil, "after"), ("", "abc", "Last-Event-ID")] {
                var headers = world.headers(.viewer)
                if let header { headers["Last-Event-ID"] = header }
                let response = try await HTTPClient().send(HTTPRequest(url: world.url("/api/v1/events" + query), headers: headers, timeout: .seconds(10)))
                #expect(response.status == 422, "\(query) \(header ?? "")")
                let body = try LiveWorld.object(response)
                #expect(body["error"]?["field"]?.stringValue == field)
            }
            let agent = try await HTTPClient().send(HTTPRequest(url: world.url("/api/v1/events"), headers: world.headers(.agent), timeout: .seconds(10)))
            #expect(agent.status == 403)
            let anonymous = try await HTTPClient().send(HTTPRequest(url: world.url("/api/v1/events"), timeout: .seconds(10)))
            #expect(anonymous.status == 401)
        }
    }

    @Test("events another process commits to the same store reach the stream")
    func otherProcessEvents() async throws {
        try await LiveWorld.with { world in
            let start = try await world.latestSeq()
            let client = SSEClient(url: world.url("/api/v1/events?after=\(start)"), headers: world.headers(.viewer))
            #expect(await client.wait { $0.status == 200 })
            // `paygent pause` / `resume` in another process, on the same file.
            let paused = try await LiveBinary.run(["pause", "--database", world.path, "--reason", "from another process"])
            #expect(paused.status == 0, "\(paused.stderr)")
            let resumed = try await LiveBinary.run(["resume", "--database", world.path])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(await client.wait { client in client.messages.contains { $0.event == "control.resumed" } }, "got \(client.messages.map(\.event))")
            let types = client.messages.compactMap(\.event)
            #expect(types.contains("control.paused"))
            let pause = try #require(client.messages.first { $0.event == "control.paused" })
            #expect(pause.data.contains("from another process"))
            // Still exactly once, in order.
            #expect(client.seqs == Array((start + 1)...(client.seqs.last ?? start)))
            await client.disconnect()
        }
    }

    @Test("a slow consumer never blocks the writer or a fast consumer; told it lagged, it resumes from its last sequence")
    func slowConsumer() async throws {
        try await LiveWorld.with(streamSettings: EventStreamer.Settings(bufferLimit: 64, stallTimeout: .seconds(1))) { world in
            let start = try await world.latestSeq()
            // The slow consumer reads nothing at all until released: its socket fills at once.
            let slow = try LiveBinary.StalledReader(port: world.server.port, path: "/api/v1/events?after=\(start)",
                                                    headers: ["Authorization": "Bearer \(world.tokens[.viewer]!)"])
            let fast = SSEClient(url: world.url("/api/v1/events?after=\(start)"), headers: world.headers(.viewer))
            #expect(await fast.wait { $0.status == 200 })
            #expect(await waitFor { world.consumers.count(kind: "sse") == 2 })
            // Big events, so the slow consumer's socket buffers cannot hold them all.
            let padding = String(repeating: "x", count: 4000)
            var last: Int64 = start
            for _ in 0..<60 {
                var batch: [NewEvent] = []
                for index in 0..<25 { batch.append(NewEvent("test.big", actor: "test", data: ["n": .integer(index), "pad": .string(padding)])) }
                for event in batch { last = try await world.paygent.appendEvent(event).seq }
            }
            let newest = last
            // The fast consumer has everything, in order, while the slow one is still far behind.
            #expect(await fast.wait(timeout: .seconds(60)) { $0.seqs.last == newest }, "fast got \(fast.seqs.count) of \(last - start)")
            #expect(fast.seqs == Array((start + 1)...last), "fast: \(fast.seqs.count) events, first \(fast.seqs.first ?? 0), last \(fast.seqs.last ?? 0)")
            #expect(!fast.messages.contains { $0.event == "lagged" })
            // The slow consumer was told it lagged (and disconnected): its stream ends with the notice.
            #expect(await waitFor { world.consumers.laggedTotal >= 1 })
            let output = await slow.release()
            var parser = ServerSentEventParser()
            let messages = parser.feed(output)
            let received = messages.compactMap { $0.id.flatMap(Int64.init) }
            let notice = try #require(messages.last, "no messages: \(String(decoding: output.prefix(300), as: UTF8.self))")
            #expect(notice.event == "lagged")
            let noticeJSON = try JSONValue.parse(notice.data)
            let lastSeq = try #require(noticeJSON["last_seq"]?.intValue)
            #expect(lastSeq == (received.last ?? start))
            #expect(received == Array((start + 1)..<(start + 1 + Int64(received.count))), "the slow consumer's events have a gap")
            #expect(lastSeq < last)
            // It resumes from its last sequence and gets the rest exactly once.
            let resumed = SSEClient(url: world.url("/api/v1/events"), headers: world.headers(.viewer, ["Last-Event-ID": String(lastSeq)]))
            #expect(await resumed.wait(timeout: .seconds(60)) { $0.seqs.last == newest })
            #expect(received + resumed.seqs == Array((start + 1)...last), "\(received.count) + \(resumed.seqs.count) of \(last - start)")
            await resumed.disconnect()
            await fast.disconnect()
        }
    }

    @Test("an idle stream gets heartbeat comments")
    func heartbeat() async throws {
        try await LiveWorld.with(streamSettings: EventStreamer.Settings(heartbeat: .milliseconds(100))) { world in
            let client = SSEClient(url: world.url("/api/v1/events"), headers: world.headers(.viewer))
            #expect(await client.wait { $0.comments >= 2 })
            #expect(client.seqs.isEmpty)
            await client.disconnect()
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func waitFor(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
