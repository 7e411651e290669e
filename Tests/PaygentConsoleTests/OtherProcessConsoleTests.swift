#if canImport(PaygentSQLite)
import Foundation
import PaygentFoundation
import PaygentCore
import PaygentSQLite
import Synchronization
import Testing
import TestSupport
@testable import PaygentConsole

/// The console's live feed, collected in the background; tests wait for what they expect with a deadline.
final class LiveFeed: Sendable {
    private final class Received: Sendable {
        let events = Mutex<[EventRecord]>([])
        let changed = ChangeSignal()
    }

    private let box = Received()
    private let taken = Mutex(0)
    private let task: Task<Void, Never>

    init(_ stream: AsyncThrowingStream<EventRecord, any Error>) {
        let box = self.box
        task = Task {
            do {
                for try await event in stream {
                    box.events.withLock { $0.append(event) }
                    box.changed.notify()
                }
            } catch {}
        }
    }

    var all: [EventRecord] { box.events.withLock { $0 } }

    /// Waits (at most `seconds`, woken by each arrival) for an event of `type`; returns the events not
    /// taken before, for the console to be handed.
    func take(until type: String, seconds: Double = 15) async -> [EventRecord]? {
        await box.changed.wait(until: .now + .milliseconds(Int(seconds * 1000))) { () -> [EventRecord]? in
            let batch: [EventRecord]? = box.events.withLock { events in
                let fresh = Array(events[self.taken.withLock { $0 }...])
                return fresh.contains { $0.type.value == type } ? fresh : nil
            }
            if let batch { self.taken.withLock { $0 += batch.count } }
            return batch
        }
    }

    func cancel() { task.cancel() }
}

/// Another process — the real `paygent` binary — writes to the console's store: the console shows
/// each change within one refresh (the coalescing interval, 200 ms of console time) of the event
/// reaching its subscription.
@Suite(.serialized) struct OtherProcessConsoleTests {
    @Test func sessionsPauseAndAgentRunsFromAnotherProcessAppear() async throws {
        let directory = NSTemporaryDirectory() + "paygent-console-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/paygent.sqlite"
        let api = try EmbeddedPaygent.open(path: path)
        let clock = ManualClock(Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
        let terminal = MemoryTerminal(rows: 40, cols: 140, colorDepth: .mono)
        let backend = PaygentAPIBackend(api: api, clock: clock)
        let driver = ConsoleDriver(terminal: terminal, backend: backend, options: ConsoleOptions(environment: [:], utcOffsetSeconds: 0),
                                   clock: clock, readFile: { _ in nil })
        await driver.start()
        #expect(terminal.contains("Nothing waiting for you"))
        let feed = LiveFeed(backend.subscribe(after: try await api.overview().latestSeq))
        defer { feed.cancel() }
        let env = ["XDG_CONFIG_HOME": directory + "/config", "XDG_DATA_HOME": directory + "/data"]

        /// What the console shows once it is handed the events up to one of `type` and one refresh passes.
        func shows(after type: String) async -> Bool {
            guard let batch = await feed.take(until: type) else { return false }
            await driver.deliver(batch)
            await driver.advance(ms: ConsoleModel.refreshCoalesceMillis)
            return true
        }

        // 1. A session created from another terminal.
        let created = try await PaygentBinary.run(["sessions", "create", "--name", "far-agent", "--database", path], environment: env)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(await shows(after: "session.created"), "the session.created event never reached the console")
        #expect(terminal.contains("far-agent"))
        #expect(terminal.contains("session.created"))

        // 2. A global pause from another terminal: the header follows.
        let paused = try await PaygentBinary.run(["pause", "--reason", "audit", "--database", path], environment: env)
        #expect(paused.status == 0, "\(paused.stderr)")
        #expect(await shows(after: "control.paused"), "the pause event never reached the console: \(feed.all.map(\.type.value))")
        #expect(terminal.line(0).contains("ALL PAYMENTS PAUSED"))

        // 3. A whole agent run in another process.
        let run = try await PaygentBinary.run(["agent", "run", "Check my balance", "--name", "far-runner", "--devnet-account", "7",
                                               "--database", path], environment: env)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(await shows(after: "complete"), "the agent run's events never reached the console: \(feed.all.map(\.type.value))")
        #expect(terminal.contains("far-runner"))
        #expect(driver.model.sessions.contains { $0.name.value == "far-runner" })
        #expect(driver.model.events.rows.contains { $0.type.value == "complete" })
        // Every event once, in order.
        let seqs = feed.all.map(\.seq)
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
        #expect(seqs.last == (try await api.overview().latestSeq))
        try await api.close()
    }
}
#endif
