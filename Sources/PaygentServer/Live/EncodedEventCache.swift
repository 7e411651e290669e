import PaygentCore
import PaygentWire
import Synchronization

/// The SSE encoding of the most recent events, shared by every consumer of one server: an event
/// fanned out to 100 subscribers is encoded once, not 100 times. Bounded (the oldest sequence
/// is forgotten first); an event not in the cache (a replay from far back) is encoded and kept.
final class EncodedEventCache: Sendable {
    private struct State {
        var texts: [Int64: String] = [:]
        var order: [Int64] = []
        var next = 0
    }

    private let state = Mutex(State())
    /// Events kept.
    let capacity: Int

    /// A cache of the last `capacity` events' encodings.
    init(capacity: Int = 4096) { self.capacity = max(1, capacity) }

    /// `event` as an SSE message (``ServerSentEvent/init(_:)``), encoded at most once while cached.
    /// Events are immutable once stored, so the sequence identifies the text.
    func encoded(_ event: PaygentEvent) -> String {
        if let text = state.withLock({ $0.texts[event.seq] }) { return text }
        let text = ServerSentEvent(event).encoded
        state.withLock { state in
            guard state.texts[event.seq] == nil else { return }
            if state.order.count < capacity {
                state.order.append(event.seq)
            } else {
                state.texts[state.order[state.next]] = nil
                state.order[state.next] = event.seq
                state.next = (state.next + 1) % capacity
            }
            state.texts[event.seq] = text
        }
        return text
    }
}
