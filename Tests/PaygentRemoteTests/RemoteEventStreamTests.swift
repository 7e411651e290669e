import Foundation
import PaygentCore
import PaygentRemote
import PaygentServer
import Synchronization
import Testing
import TestSupport

/// `subscribe(after:)` over Server-Sent Events: replay, live, and a server restart in the middle.
@Suite("RemotePaygent: the event stream over SSE")
struct RemoteEventStreamTests {
    @Test("the server stops and comes back on the same port and store: every sequence exactly once, in order")
    func reconnectsAcrossRestart() async throws {
        var harness = try await RemoteHarness.start()
        let directory = harness.directory, port = harness.running.port
        let token = harness.tokens[.viewer]!.secret
        let api = try RemotePaygent(server: harness.running.baseURL, token: token,
                                    configuration: .init(connectTimeout: .seconds(1), initialBackoff: .milliseconds(50), maximumBackoff: .milliseconds(400)))
        let base = try await api.overview().latestSeq
        let seen = SeenSeqs()
        let stream = api.subscribe(after: base)
        let reader = Task {
            for try await event in stream {
                let count = seen.seqs.withLock { $0.append(event.seq); return $0.count }
                seen.changed.notify()
                if count == 10 { return }
            }
        }
        for index in 0..<5 { _ = try await harness.paygent.createSession(CreateSessionRequest(name: "before\(index)"), by: "test") }
        let firstFive = await seen.changed.wait(until: .now + .seconds(30)) { seen.seqs.withLock { $0.count } >= 5 }
        try #require(firstFive, "the first five events did not arrive within 30 s")
        await harness.stop(removing: false)
        // Written while the server is down: the reconnection must replay them.
        let offline = try EmbeddedPaygent.open(path: directory + "/db.sqlite")
        for index in 0..<3 { _ = try await offline.createSession(CreateSessionRequest(name: "offline\(index)"), by: "test") }
        try await offline.close()
        harness = try await RemoteHarness.start(directory: directory, port: port)
        for index in 0..<2 { _ = try await harness.paygent.createSession(CreateSessionRequest(name: "after\(index)"), by: "test") }
        try await withDeadline(30, "ten events across the restart") { try await reader.value }
        #expect(seen.seqs.withLock { $0 } == Array(base + 1...base + 10))
        await harness.stop()
    }

    @Test("without reconnection the stream fails with the transport error when the server goes")
    func failsWithoutReconnection() async throws {
        let harness = try await RemoteHarness.start()
        let api = try harness.client(.viewer, configuration: .init(reconnects: false))
        let stream = api.subscribe(after: 0)
        let reader = Task { () -> PaygentError? in
            do {
                for try await _ in stream {}
                return nil
            } catch {
                return error as? PaygentError
            }
        }
        _ = try await harness.paygent.createSession(CreateSessionRequest(name: "x"), by: "test")
        await harness.stop()
        let error = try await withDeadline(30, "the stream to end") { await reader.value }
        #expect(error?.code == .transport, "\(String(describing: error))")
    }

    @Test("a wrong token ends the stream at once with unauthorized (no reconnection storm)")
    func badTokenEndsStream() async throws {
        try await RemoteHarness.with { harness in
            let api = try RemotePaygent(server: harness.running.baseURL, token: "pgt_wrong")
            let stream = api.subscribe(after: 0)
            let error = try await withDeadline(30, "the refusal") { () -> PaygentError? in
                do {
                    for try await _ in stream {}
                    return nil
                } catch {
                    return error as? PaygentError
                }
            }
            #expect(error?.code == .unauthorized)
        }
    }
}

/// Sequences a reader has seen.
final class SeenSeqs: Sendable {
    let seqs = Mutex<[Int64]>([])
    let changed = ChangeSignal()
}
