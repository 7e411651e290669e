import Synchronization

/// Fan-out of committed events to live subscribers, in sequence order.
///
/// A store calls ``publish(_:)`` after each commit, in commit order. Subscribers register a
/// sink; ``EventSubscription`` combines a sink with a replay from the store so a subscriber
/// misses nothing and sees nothing twice.
public final class EventHub: Sendable {
    private struct State {
        var sinks: [Int: @Sendable ([PaygentEvent]) -> Void] = [:]
        var nextToken = 0
        var lastPublished: Int64 = 0
    }

    private let state = Mutex(State())

    /// Creates a hub.
    public init() {}

    /// Delivers `events` (ascending seq, already committed) to every sink.
    public func publish(_ events: [PaygentEvent]) {
        guard !events.isEmpty else { return }
        // Sinks are called under the lock so that two publishers can never interleave.
        state.withLock { state in
            state.lastPublished = max(state.lastPublished, events.last!.seq)
            for sink in state.sinks.values { sink(events) }
        }
    }

    /// Adds a sink; returns the token to remove it with.
    public func register(_ sink: @escaping @Sendable ([PaygentEvent]) -> Void) -> Int {
        state.withLock { state in
            state.nextToken += 1
            state.sinks[state.nextToken] = sink
            return state.nextToken
        }
    }

    /// Removes a sink.
    public func unregister(_ token: Int) {
        _ = state.withLock { $0.sinks.removeValue(forKey: token) }
    }

    /// The highest seq published so far (0 before the first publish).
    public var lastPublishedSeq: Int64 { state.withLock { $0.lastPublished } }

    /// Number of registered sinks.
    public var subscriberCount: Int { state.withLock { $0.sinks.count } }
}
