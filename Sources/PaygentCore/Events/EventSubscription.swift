import Synchronization

/// Replay-then-live event streams over a ``Store``, with bounded memory per subscriber.
///
/// The live sink is registered *before* the replay starts, and live events are buffered until
/// the replay has caught up; every event is delivered only if its seq is above the last one
/// delivered. An event committed before registration is found by the replay; one committed
/// after is in the buffer; one in both is delivered once.
///
/// A subscriber that reads slower than events arrive never makes memory grow: the stream holds
/// at most `bufferLimit` undelivered events. When it is full the subscription stops taking live
/// events, lets the reader drain, and catches up from the store (where every event already is)
/// before going live again — the reader still sees every event once, in order.
///
/// Sequence numbers are dense, so a live event whose seq is not the next one shows that another
/// process (another connection on the same file) committed events this process never published:
/// the subscription drops back to catching up from the store, delivers the missing ones in order,
/// and goes live again. Stores that watch for other connections' commits (``SQLiteStore`` does,
/// by `PRAGMA data_version`) publish those events too, so an idle subscriber sees them without
/// waiting for a local write.
public enum EventSubscription {
    /// Events with seq > `after` (nil = from the current end of the log), then live ones.
    public static func stream(store: any Store, after: Int64?, pageSize: Int = 500, bufferLimit: Int = 10_000)
        -> AsyncThrowingStream<PaygentEvent, any Error>
    {
        AsyncThrowingStream(bufferingPolicy: .bufferingOldest(max(1, bufferLimit))) { continuation in
            let (lagged, lag) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            let relay = Relay(continuation, liveLimit: max(1, bufferLimit), lag: lag)
            let token = store.eventHub.register { events in relay.live(events) }
            let task = Task {
                do {
                    if let after {
                        relay.skip(through: after)
                    } else {
                        relay.skip(through: try await store.read { try $0.latestEventSeq() })
                    }
                    var signals = lagged.makeAsyncIterator()
                    while !Task.isCancelled {
                        try await catchUp(store: store, relay: relay, pageSize: pageSize)
                        if relay.goLive() {
                            // Live until the reader falls behind (or the stream ends).
                            guard await signals.next() != nil else { return }
                        }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                store.eventHub.unregister(token)
                lag.finish()
                task.cancel()
            }
        }
    }

    /// Delivers stored events after the last delivered one until the store has no more, waiting
    /// for the reader whenever its buffer is full.
    static func catchUp(store: any Store, relay: Relay, pageSize: Int) async throws {
        while true {
            try Task.checkCancellation()
            let from = relay.delivered
            let page = try await store.read { reader in
                try reader.events(EventQuery(after: from, limit: pageSize))
            }
            if !relay.replay(page.events) {
                try await Task.sleep(for: .milliseconds(20))  // the reader is behind: let it drain
                continue
            }
            if !page.hasMore { return }
        }
    }

    final class Relay: Sendable {
        struct State {
            var delivered: Int64 = 0
            var isLive = false
            var buffer: [PaygentEvent] = []
            /// Live events were dropped while catching up: catch up again before going live.
            var overflowed = false
        }

        let continuation: AsyncThrowingStream<PaygentEvent, any Error>.Continuation
        let liveLimit: Int
        let lag: AsyncStream<Void>.Continuation
        let state = Mutex(State())

        init(_ continuation: AsyncThrowingStream<PaygentEvent, any Error>.Continuation, liveLimit: Int,
             lag: AsyncStream<Void>.Continuation) {
            self.continuation = continuation
            self.liveLimit = liveLimit
            self.lag = lag
        }

        var delivered: Int64 { state.withLock { $0.delivered } }

        func skip(through seq: Int64) {
            state.withLock { $0.delivered = max($0.delivered, seq) }
        }

        /// Yields `events` above the last delivered one; false when the reader's buffer filled up
        /// (what was not taken is read from the store again later).
        func replay(_ events: [PaygentEvent]) -> Bool {
            state.withLock { state in yieldAll(events, &state, contiguous: false) }
        }

        func live(_ events: [PaygentEvent]) {
            state.withLock { state in
                if state.isLive {
                    // Full buffer or a gap (events committed elsewhere): catch up from the store.
                    if !yieldAll(events, &state, contiguous: true) {
                        state.isLive = false
                        lag.yield()
                    }
                } else if !state.overflowed {
                    if state.buffer.count + events.count > liveLimit {
                        state.buffer = []
                        state.overflowed = true
                    } else {
                        state.buffer.append(contentsOf: events)
                    }
                }
            }
        }

        /// Delivers what arrived live during the catch-up and turns live; false (stay catching up)
        /// when live events were dropped, the reader's buffer filled, or the buffered events do
        /// not follow on from the last delivered one (another process committed in between).
        func goLive() -> Bool {
            state.withLock { state in
                let buffered = state.buffer
                state.buffer = []
                if state.overflowed {
                    state.overflowed = false
                    return false
                }
                guard yieldAll(buffered, &state, contiguous: true) else { return false }
                state.isLive = true
                return true
            }
        }

        /// Yields the events above the last delivered one; false when the reader's buffer is full
        /// or, with `contiguous`, when an event does not directly follow the last delivered one.
        private func yieldAll(_ events: [PaygentEvent], _ state: inout State, contiguous: Bool) -> Bool {
            for event in events where event.seq > state.delivered {
                if contiguous, event.seq != state.delivered + 1 { return false }
                switch continuation.yield(event) {
                case .enqueued: state.delivered = event.seq
                case .dropped: return false
                case .terminated: return true
                @unknown default: return false
                }
            }
            return true
        }
    }
}
