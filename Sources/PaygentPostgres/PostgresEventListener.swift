import Logging
import NIOCore
import NIOPosix
import PaygentCore
import PostgresNIO
import Synchronization

/// Wakes this instance's event subscribers when another instance commits events: `LISTEN` on a
/// dedicated connection; every notification (sent by the writer at commit, carrying the newest
/// seq) triggers a read of the events past what was published, by sequence, from the store.
/// Notifications carry no event data, so a lost or coalesced one loses nothing: the read starts
/// from the last published seq, and a reconnect reads whatever was committed meanwhile.
final class PostgresEventListener: Sendable {
    /// The notification channel of `schema`.
    static func channel(schema: String) -> String { "paygent_events_" + schema }

    private let tasks = Mutex<[Task<Void, Never>]>([])
    private struct Connection {
        var current: PostgresConnection?
        var stopped = false
    }

    private final class ConnectionBox: Sendable {
        let state = Mutex(Connection())
    }

    private let box = ConnectionBox()
    private let wake: AsyncStream<Void>.Continuation

    /// Events read per look; more are read in the next look straight away.
    static let pageSize = 500

    /// `latest` gives the newest committed seq (the baseline: older events are in the store for a
    /// subscriber's own replay); `readAfter` a page of events after a seq.
    init(url: PostgresDatabaseURL, hub: EventHub, logger: Logger,
         latest: @escaping @Sendable () async throws -> Int64,
         readAfter: @escaping @Sendable (Int64) async throws -> EventPage) {
        let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let channel = Self.channel(schema: url.schema)
        let reader = Task {
            var baseline = (try? await latest()) ?? 0
            for await _ in wakeups {
                // Nobody listens: nothing to do (subscriptions replay from the store when they start).
                guard hub.subscriberCount > 0 else { continue }
                var more = true
                while more, !Task.isCancelled {
                    do {
                        let page = try await readAfter(max(baseline, hub.lastPublishedSeq))
                        hub.publish(page.events)
                        baseline = max(baseline, page.events.last?.seq ?? baseline)
                        more = page.hasMore && !page.events.isEmpty
                    } catch {
                        logger.debug("event catch-up failed: \(error)")
                        more = false
                    }
                }
            }
        }
        let listen = Task { [box] in
            var backoff: Duration = .milliseconds(100)
            while !Task.isCancelled {
                do {
                    let fresh = try await PostgresConnection.connect(
                        configuration: url.connectionConfiguration, id: Int.random(in: 1..<Int(Int32.max)), logger: logger)
                    let stopped = box.state.withLock { state -> Bool in
                        if !state.stopped { state.current = fresh }
                        return state.stopped
                    }
                    if stopped {
                        try? await fresh.close()
                        break
                    }
                    fresh.addListener(channel: channel) { _, _ in wake.yield() }
                    _ = try await fresh.query(PostgresQuery(unsafeSQL: "LISTEN \(channel)"), logger: logger)
                    backoff = .milliseconds(100)
                    // Whatever was committed before LISTEN took effect.
                    wake.yield()
                    try? await fresh.closeFuture.get()
                } catch {
                    logger.debug("LISTEN connection failed: \(error)")
                }
                let stopped = box.state.withLock { state -> Bool in
                    state.current = nil
                    return state.stopped
                }
                if stopped || Task.isCancelled { break }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
        tasks.withLock { $0 = [reader, listen] }
    }

    /// Asks for a look now (for instance after a subscriber arrives).
    func poke() { wake.yield() }

    /// Stops listening and closes the connection.
    func stop() async {
        let running = tasks.withLock { tasks in defer { tasks = [] }; return tasks }
        for task in running { task.cancel() }
        wake.finish()
        let current = box.state.withLock { state -> PostgresConnection? in
            state.stopped = true
            return state.current
        }
        if let current { try? await current.close() }
        for task in running { await task.value }  // the caller bounds this wait
    }
}
