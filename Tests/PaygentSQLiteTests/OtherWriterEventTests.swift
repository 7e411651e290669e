import Foundation
import PaygentCore
import PaygentSQLite
import Synchronization
import Testing
import TestSupport

/// Collects a subscription's events in the background; tests wait for a condition with a deadline.
final class EventCollector: Sendable {
    private final class Received: Sendable {
        let events = Mutex<[PaygentEvent]>([])
        let changed = ChangeSignal()
    }

    private let received = Received()
    private let task: Task<Void, Never>

    init(_ stream: AsyncThrowingStream<PaygentEvent, any Error>) {
        let received = self.received
        task = Task {
            do {
                for try await event in stream {
                    received.events.withLock { $0.append(event) }
                    received.changed.notify()
                }
            } catch {}
        }
    }

    var all: [PaygentEvent] { received.events.withLock { $0 } }

    /// Waits (woken by each arrival, at most `seconds`) until `condition` holds for what has arrived.
    func wait(seconds: Double = 10, until condition: ([PaygentEvent]) -> Bool) async -> Bool {
        await received.changed.wait(until: .now + .milliseconds(Int(seconds * 1000))) { condition(all) }
    }

    func cancel() { task.cancel() }
}

@Suite("Events committed by another connection reach this store's subscribers")
struct OtherWriterEventTests {
    @Test("An idle subscriber sees another connection's events, in order, once")
    func idleSubscriberSeesOtherConnection() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let console = try EmbeddedPaygent.open(path: db.path)
        let start = try await console.events(EventQuery(limit: 1)).latestSeq
        let collector = EventCollector(console.subscribe(after: start))
        defer { collector.cancel() }

        // Another process (here: a second store on the file) writes; this store writes nothing.
        let cli = try EmbeddedPaygent.open(path: db.path)
        let session = try await cli.createSession(CreateSessionRequest(name: "elsewhere"), by: "cli:bob")
        _ = try await cli.pauseAll(reason: "look", by: "cli:bob")
        let end = try await cli.events(EventQuery(limit: 1)).latestSeq
        try await cli.close()

        let arrived = await collector.wait { $0.last?.seq == end }
        #expect(arrived, "events \(start + 1)…\(end) from the other connection never arrived: \(collector.all.map(\.seq))")
        let seen = collector.all
        #expect(seen.map(\.seq) == Array((start + 1)...end))
        #expect(seen.contains { $0.type == .sessionCreated && $0.sessionID == session.id })
        #expect(seen.contains { $0.actor == "cli:bob" && $0.type.rawValue.contains("pause") })
        try await console.close()
    }

    @Test("A local event after events committed elsewhere is delivered after them, never before, never twice")
    func gapIsFilledBeforeLocalEvent() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let console = try EmbeddedPaygent.open(path: db.path)
        let cli = try EmbeddedPaygent.open(path: db.path)
        let start = try await console.events(EventQuery(limit: 1)).latestSeq
        let collector = EventCollector(console.subscribe(after: start))
        defer { collector.cancel() }
        var expected = 0
        for round in 0..<20 {
            // The other connection commits, then this one at once: this store publishes its own
            // event possibly before it has noticed the others, leaving a gap the subscription fills.
            for index in 0..<3 {
                try await cli.appendEvent(NewEvent("test.other", actor: "cli", data: ["i": .integer(round * 3 + index)]))
            }
            try await console.appendEvent(NewEvent("test.local", actor: "console", data: ["i": .integer(round)]))
            expected += 4
        }
        let end = try await console.events(EventQuery(limit: 1)).latestSeq
        #expect(end == start + Int64(expected))
        let arrived = await collector.wait { $0.count >= expected }
        #expect(arrived)
        let seen = collector.all
        #expect(seen.map(\.seq) == Array((start + 1)...end))
        #expect(seen.filter { $0.type.rawValue == "test.other" }.count == 60)
        try await cli.close()
        try await console.close()
    }
}
