import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Testing

@Suite("Group commit: writes that share a transaction stay independent (real SQLite file)")
struct WriteBatchTests {
    struct Planned: Error {}

    @Test("Concurrent writes to one session, every fifth failing after its change: exactly the others count, before and after reopening")
    func failingWritesRollBackAlone() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        let clock = ManualClock()
        var paygent = try await Fixture.open(db, clock: clock)
        let session = try await paygent.createSession(CreateSessionRequest(name: "batch"), by: "test")
        let store = paygent.store
        let total = 400
        let succeeded = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<total {
                group.addTask {
                    do {
                        try await store.write { tx in
                            guard var s = try tx.session(id: session.id) else { throw Planned() }
                            s.paymentCount += 1
                            try tx.updateSession(s)
                            _ = try tx.appendEvent(NewEvent("test.tick", sessionID: s.id, actor: "test"), at: clock.now())
                            if index % 5 == 4 { throw Planned() }  // after changing the session
                        }
                        return true
                    } catch is Planned {
                        return false
                    }
                }
            }
            var count = 0
            for try await ok in group where ok { count += 1 }
            return count
        }
        #expect(succeeded == total - total / 5)
        #expect(try await paygent.session(id: session.id).paymentCount == succeeded)
        let ticks = try await paygent.events(EventQuery(sessionID: session.id, types: [EventType("test.tick")], limit: 1000)).events
        #expect(ticks.count == succeeded)
        // A session list (SQL, not the writer's memory) agrees, and so does a fresh process.
        #expect(try await paygent.sessions(SessionQuery()).items.first { $0.id == session.id }?.paymentCount == succeeded)
        try await paygent.close()
        paygent = try await Fixture.open(db, clock: clock)
        #expect(try await paygent.session(id: session.id).paymentCount == succeeded)
        try await paygent.close()
    }
}
