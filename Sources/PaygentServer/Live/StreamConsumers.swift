import Synchronization

/// The live stream consumers of one server (SSE and WebSocket): how far behind each one is, for
/// `GET /metrics`, and a way to end them all when the server shuts down.
public final class StreamConsumers: Sendable {
    /// A registered consumer's state.
    struct Consumer {
        var kind: String
        var lastSeq: Int64
        var close: @Sendable () -> Void
    }

    private struct State {
        var consumers: [Int: Consumer] = [:]
        var next = 0
        var closed = false
        /// Consumers told they lagged and disconnected, since start.
        var lagged = 0
    }

    private let state = Mutex(State())

    /// Creates an empty registry.
    public init() {}

    /// Registers a consumer positioned after `lastSeq`; `close` ends its stream. Returns nil once
    /// the registry is closed (the server is shutting down).
    func register(kind: String, lastSeq: Int64, close: @escaping @Sendable () -> Void) -> Int? {
        state.withLock { state in
            guard !state.closed else { return nil }
            state.next += 1
            state.consumers[state.next] = Consumer(kind: kind, lastSeq: lastSeq, close: close)
            return state.next
        }
    }

    /// Records that consumer `id` was sent every event up to `seq`.
    func delivered(_ id: Int, through seq: Int64) {
        state.withLock { $0.consumers[id]?.lastSeq = seq }
    }

    /// Counts a consumer that was told it lagged.
    func noteLagged() { state.withLock { $0.lagged += 1 } }

    /// Removes consumer `id`.
    func unregister(_ id: Int) {
        _ = state.withLock { $0.consumers.removeValue(forKey: id) }
    }

    /// Ends every stream and refuses new ones (graceful shutdown).
    public func closeAll() {
        let closers = state.withLock { state in
            state.closed = true
            return state.consumers.values.map(\.close)
        }
        for close in closers { close() }
    }

    /// Connected consumers of `kind` (`sse`, `ws`; nil: all).
    public func count(kind: String? = nil) -> Int {
        state.withLock { $0.consumers.values.filter { kind == nil || $0.kind == kind }.count }
    }

    /// Each connected consumer's lag behind `latest`, in events (for the `paygent_sse_consumer_lag`
    /// metric: its maximum and sum).
    public func lags(behind latest: Int64, kind: String? = nil) -> [Int64] {
        state.withLock { state in
            state.consumers.values.filter { kind == nil || $0.kind == kind }.map { max(0, latest - $0.lastSeq) }
        }
    }

    /// Consumers told they lagged (and disconnected) since the server started.
    public var laggedTotal: Int { state.withLock { $0.lagged } }
}
