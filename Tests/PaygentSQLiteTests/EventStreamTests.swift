import Foundation
import PaygentFoundation
import PaygentCore
import PaygentSQLite
import StoreTestSupport
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
        let reader = Task {
            var got: [PaygentEvent] = []
            for try await event in stream {
                got.append(event)
                if got.count == 5 { break }
            }
            return got
        }
        try await Task.sleep(for: .milliseconds(50))
        for index in 0..<5 { try await paygent.appendEvent(NewEvent("new", actor: "t", data: ["i": .integer(index)])) }
        let got = try await reader.value
        #expect(got.map(\.type.rawValue) == Array(repeating: "new", count: 5))
        #expect(got.first?.seq == latest + 1)

        let back = try await paygent.events(EventQuery(before: latest + 1, limit: 10))
        #expect(back.events.map(\.seq) == Array((latest - 9)...latest))
        #expect(back.hasMore)
        let filtered = try await paygent.events(EventQuery(types: ["new"], limit: 100))
        #expect(filtered.events.count == 5)
        #expect(!filtered.hasMore)
        try await paygent.close()
    }
}
