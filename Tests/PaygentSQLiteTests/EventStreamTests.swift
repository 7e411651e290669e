import Foundation
import PaygentFoundation
import PaygentCore
import PaygentSQLite
import StoreTestSupport
import Synchronization
import Testing

@Suite("Event log: monotonic seq, replay then live without gaps or duplicates")
struct EventStreamTests {
    @Test("A subscriber started mid-stream, and one that reconnects, see every event exactly once", arguments: StoreKind.allCases)
    func replayThenLive(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        for index in 0..<200 {
            try await paygent.appendEvent(NewEvent("test.tick", actor: "test", data: ["i": .integer(index)]))
        }
        let total = 1200
        let startSeq = try await paygent.events(EventQuery(limit: 1)).latestSeq
        // Writers keep appending while the subscriber replays.
        let writer = Task {
            for index in 200..<total {
                try await paygent.appendEvent(NewEvent("test.tick", actor: "test", data: ["i": .integer(index)]))
            }
        }
        var seen: [Int64] = []
        for try await event in paygent.subscribe(after: 0) where event.type == "test.tick" {
            seen.append(event.seq)
            if seen.count == total { break }
        }
        try await writer.value
        #expect(seen.count == total)
        #expect(seen == seen.sorted())
        #expect(Set(seen).count == total)
        let first = seen.first!
        #expect(seen == Array(first..<(first + Int64(total))))
        #expect(seen[199] == startSeq)

        // Reconnect from the middle: exactly the rest.
        var rest: [Int64] = []
        for try await event in paygent.subscribe(after: seen[599]) {
            rest.append(event.seq)
            if rest.count == total - 600 { break }
        }
        #expect(rest == Array(seen[600...]))
        try await paygent.close()
    }

    @Test("A reader far slower than the writers holds at most its buffer and still sees every event once, in order", arguments: StoreKind.allCases)
    func slowReaderIsBounded(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        let total = 3000
        let start = try await paygent.events(EventQuery(limit: 1)).latestSeq  // after the fixture's own events
        let stream = EventSubscription.stream(store: paygent.store, after: start, pageSize: 64, bufferLimit: 16)
        var iterator = stream.makeAsyncIterator()
        // Take a few, then stall while the whole flood is written (far more than 16 undelivered).
        var seen: [Int64] = []
        try await paygent.appendEvent(NewEvent("test.tick", actor: "test"))
        if let first = try await iterator.next() { seen.append(first.seq) }
        for index in 1..<total {
            try await paygent.appendEvent(NewEvent("test.tick", actor: "test", data: ["i": .integer(index)]))
        }
        while seen.count < total, let event = try await iterator.next() {
            seen.append(event.seq)
            if seen.count % 500 == 0 { try await Task.sleep(for: .milliseconds(30)) }  // still slow
        }
        #expect(seen.count == total)
        #expect(seen == Array((start + 1)...(start + Int64(total))))
        // Live again afterwards: a new event arrives without a store read being needed.
        try await paygent.appendEvent(NewEvent("test.after", actor: "test"))
        let next = try await iterator.next()
        #expect(next?.type == "test.after")
        #expect(next?.seq == seen.last! + 1)
        try await paygent.close()
    }

    @Test("subscribe(after: nil) only sees new events; paging backwards with `before` works", arguments: StoreKind.allCases)
    func liveOnlyAndPaging(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let paygent = try await Fixture.open(db, clock: ManualClock())
        for index in 0..<50 { try await paygent.appendEvent(NewEvent("old", actor: "t", data: ["i": .integer(index)])) }
        let latest = try await paygent.events(EventQuery(limit: 1)).latestSeq
        let stream = paygent.subscribe(after: nil)
        let received = Mutex(0)
        let reader = Task {
            var got: [PaygentEvent] = []
            for try await event in stream {
                got.append(event)
                received.withLock { $0 = got.count }
                if got.count == 5 { break }
            }
            return got
        }
        // The subscription takes the end of the log as its start asynchronously (a store read):
        // new events are written until five have arrived (at most 20 s), not after a guessed delay.
        var written = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while received.withLock({ $0 }) < 5, ContinuousClock.now < deadline {
            try await paygent.appendEvent(NewEvent("new", actor: "t", data: ["i": .integer(written)]))
            written += 1
            try await Task.sleep(for: .milliseconds(written < 5 ? 1 : 20))
        }
        guard received.withLock({ $0 }) >= 5 else {
            reader.cancel()
            Issue.record("the live subscription received \(received.withLock { $0 }) of 5 new events within 20 s")
            return
        }
        let got = try await reader.value
        #expect(got.map(\.type.rawValue) == Array(repeating: "new", count: 5))
        // Only events after the start, none of the old ones, consecutive.
        let first = try #require(got.first?.seq)
        #expect(first > latest)
        #expect(got.map(\.seq) == Array(first..<(first + 5)))

        let back = try await paygent.events(EventQuery(before: latest + 1, limit: 10))
        #expect(back.events.map(\.seq) == Array((latest - 9)...latest))
        #expect(back.hasMore)
        let filtered = try await paygent.events(EventQuery(types: ["new"], limit: 100))
        #expect(filtered.events.count == written)
        #expect(!filtered.hasMore)
        try await paygent.close()
    }
}
