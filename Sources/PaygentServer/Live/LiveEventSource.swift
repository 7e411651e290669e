import PaygentCore

/// Where the live streams (`GET /api/v1/events`, `/api/v1/ws`) read the event log from: a replay
/// from any sequence followed by live events, including those other processes commit to the same
/// store (``EventSubscription`` with the SQLite store's commit watcher).
public protocol LiveEventSource: Sendable {
    /// Events with seq > `after` in order, then live ones; each exactly once.
    func subscribe(after: Int64?) -> AsyncThrowingStream<PaygentEvent, any Error>
    /// The last sequence in the log now.
    func latestEventSeq() async throws -> Int64
    /// The highest sequence this process has seen published (cheap; for lag metrics).
    var publishedSeq: Int64 { get }
}

extension EmbeddedPaygent: LiveEventSource {
    public func latestEventSeq() async throws -> Int64 {
        try await store.read { try $0.latestEventSeq() }
    }

    public var publishedSeq: Int64 { store.eventHub.lastPublishedSeq }
}
