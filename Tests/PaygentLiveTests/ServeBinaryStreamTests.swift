import Foundation
import Http
import PaygentWire
import Testing

/// The real `paygent serve` binary: SIGKILLed and restarted between two connections of one SSE
/// consumer, with another process writing to the store all along.
@Suite("paygent serve binary: SSE across SIGKILL")
struct ServeBinaryStreamTests {
    @Test("a consumer reconnecting with Last-Event-ID after the server was SIGKILLed and restarted sees every event exactly once")
    func resumeAcrossKill() async throws {
        let directory = NSTemporaryDirectory() + "paygent-live-kill-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/paygent.sqlite"

        let first = try LiveBinary.Running(["serve", "--database", database, "--port", "0"])
        let tokenLine = try #require(await first.line(containing: "pgt_"), "no admin token printed: \(first.output.text)")
        let token = try #require(tokenLine.split(separator: " ").first { $0.hasPrefix("pgt_") }.map(String.init))
        let base = try #require(await Self.baseURL(first), "no listening line: \(first.output.text)")
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]

        let before = SSEClient(url: base + "/api/v1/events?after=0", headers: headers)
        #expect(await before.wait { $0.status == 200 })
        try await Self.pauseAndResume(database, reason: "before the kill")
        #expect(await before.wait { client in client.messages.contains { $0.event == "control.resumed" } }, "got \(before.messages.map(\.event))")

        await first.kill()
        #expect(await before.wait { $0.finished })
        let lastSeen = try #require(before.seqs.last)
        // Written while no server runs.
        try await Self.pauseAndResume(database, reason: "while the server is down")

        let second = try LiveBinary.Running(["serve", "--database", database, "--port", "0"])
        defer { second.stop() }
        let restarted = try #require(await Self.baseURL(second), "no listening line after restart: \(second.output.text)")
        #expect(!second.output.text.contains("pgt_"), "a second admin token was printed")
        let after = SSEClient(url: restarted + "/api/v1/events", headers: ["Authorization": "Bearer \(token)", "Last-Event-ID": String(lastSeen)])
        #expect(await after.wait { $0.status == 200 })
        try await Self.pauseAndResume(database, reason: "after the restart")
        #expect(await after.wait { client in client.messages.contains { $0.data.contains("after the restart") } })
        #expect(await after.wait { client in client.messages.filter { $0.event == "control.resumed" }.count == 2 })
        await after.disconnect()

        let all = before.seqs + after.seqs
        #expect(all == Array(1...(all.last ?? 0)), "a gap or a duplicate across the kill: \(all)")
        let reasons = (before.messages + after.messages).filter { $0.event == "control.paused" }.map(\.data)
        #expect(reasons.count == 3)
        #expect(reasons[1].contains("while the server is down"))
    }

    static func baseURL(_ server: LiveBinary.Running) async -> String? {
        guard let line = await server.line(containing: "listening on http://") else { return nil }
        return line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)
    }

    static func pauseAndResume(_ database: String, reason: String) async throws {
        let paused = try await LiveBinary.run(["pause", "--database", database, "--reason", reason])
        #expect(paused.status == 0, "\(paused.stderr)")
        let resumed = try await LiveBinary.run(["resume", "--database", database])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }
}
