import Synchronization

/// Replay-then-live event streams over a ``Store``.
///
/// The live sink is registered *before* the replay starts, and live events are buffered until
/// the replay has caught up; every event is delivered only if its seq is above the last one
/// delivered. An event committed before registration is found by the replay; one committed
/// after is in the buffer; one in both is delivered once.
public enum EventSubscription {
    /// Events with seq > `after` (nil = from the current end of the log), then live ones.
    public static func stream(store: any Store, after: Int64?, pageSize: Int = 500)
        -> AsyncThrowingStream<PaygentEvent, any Error>
    {
        AsyncThrowingStream(bufferingPolicy: .unbounded) { continuation in
            let relay = Relay(continuation)
            let token = store.eventHub.register { events in relay.live(events) }
            let task = Task {
                do {
                    var cursor: Int64
                    if let after {
                        cursor = after
                    } else {
                        cursor = try await store.read { try $0.latestEventSeq() }
                        relay.skip(through: cursor)
                    }
                    while !Task.isCancelled {
                        let from = cursor
                        let page = try await store.read { reader in
                            try reader.events(EventQuery(after: from, limit: pageSize))
                        }
                        relay.replay(page.events)
                        guard let last = page.events.last else { break }
                        cursor = last.seq
                        if !page.hasMore { break }
                    }
                    relay.goLive()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                store.eventHub.unregister(token)
                task.cancel()
            }
        }
    }

    final class Relay: Sendable {
        struct State {
            var delivered: Int64 = 0
            var isLive = false
            var buffer: [PaygentEvent] = []
        }

        let continuation: AsyncThrowingStream<PaygentEvent, any Error>.Continuation
        let state = Mutex(State())

        init(_ continuation: AsyncThrowingStream<PaygentEvent, any Error>.Continuation) {
            self.continuation = continuation
        }

        func skip(through seq: Int64) {
            state.withLock { $0.delivered = max($0.delivered, seq) }
        }

        func replay(_ events: [PaygentEvent]) {
            state.withLock { state in
                for event in events where event.seq > state.delivered {
                    continuation.yield(event)
                    state.delivered = event.seq
                }
            }
        }

        func live(_ events: [PaygentEvent]) {
            state.withLock { state in
                if state.isLive {
                    for event in events where event.seq > state.delivered {
                        continuation.yield(event)
                        state.delivered = event.seq
                    }
                } else {
                    state.buffer.append(contentsOf: events)
                }
            }
        }

        func goLive() {
            state.withLock { state in
                for event in state.buffer where event.seq > state.delivered {
                    continuation.yield(event)
                    state.delivered = event.seq
                }
                state.buffer = []
                state.isLive = true
            }
        }
    }
}
