import HTTPTypes
import PaygentFoundation
import Hummingbird
import NIOCore
import PaygentCore
import PaygentWire
import ServiceLifecycle
import Synchronization
import X402

/// `GET /api/v1/events`: the event log as Server-Sent Events.
///
/// Each event is one message with `id:` its sequence, so a client that reconnects with
/// `Last-Event-ID` (or `?after=`) is replayed from the store exactly from where it stopped: no
/// gap, no duplicate, also across a server restart (the sequence is the store's). Events other
/// processes commit to the same store are included (the source watches for them). A comment is
/// sent every ``Settings/heartbeat`` so proxies keep the connection and dead clients are noticed.
///
/// A slow consumer never holds up anyone else: its events pass through its own buffer of
/// ``Settings/bufferLimit`` events, filled by its own task from its own subscription (which, when
/// it falls behind, reads on from the store instead of holding events in memory). While the buffer
/// is full the task waits; a consumer that takes nothing for ``Settings/stallTimeout`` with a full
/// buffer is too far behind: it is sent what was buffered, then `event: lagged` with
/// `{"last_seq": N, "latest_seq": M}`, and its stream ends; it reconnects with
/// `Last-Event-ID: N` and is replayed from the store. The writer and the other consumers never
/// wait for it.
public struct EventStreamer: Sendable {
    /// Stream tuning.
    public struct Settings: Sendable, Hashable {
        /// Idle interval between heartbeat comments.
        public var heartbeat: Duration
        /// Events a consumer's buffer holds; when it is full, the consumer's replay waits (in the store).
        public var bufferLimit: Int
        /// How long a consumer with a full buffer may take nothing before it is told it lagged.
        public var stallTimeout: Duration
        /// The `retry:` hint sent first (reconnect delay for EventSource clients), ms.
        public var retryMilliseconds: Int

        /// Creates settings (defaults: 15 s heartbeat, 1024 events, 10 s stall, 1 s retry).
        public init(heartbeat: Duration = .seconds(15), bufferLimit: Int = 1024, stallTimeout: Duration = .seconds(10),
                    retryMilliseconds: Int = 1000) {
            self.heartbeat = heartbeat
            self.bufferLimit = max(1, bufferLimit)
            self.stallTimeout = stallTimeout
            self.retryMilliseconds = retryMilliseconds
        }
    }

    /// The event log.
    public let source: any LiveEventSource
    /// The server's consumers (lag metrics, shutdown).
    public let consumers: StreamConsumers
    /// Tuning.
    public let settings: Settings
    /// The SSE text of recent events, shared by this server's consumers (each event encoded once).
    let encodedEvents = EncodedEventCache()

    /// Creates a streamer.
    public init(source: any LiveEventSource, consumers: StreamConsumers, settings: Settings = Settings()) {
        self.source = source
        self.consumers = consumers
        self.settings = settings
    }

    /// What one consumer's task hands its writer.
    enum Item: Sendable {
        case event(PaygentEvent)
        case heartbeat
        /// The buffer overflowed: tell the consumer and end.
        case lagged
        /// The source failed.
        case failed(String)
    }

    /// The `text/event-stream` response for a client resuming after `after` (nil: from now on).
    /// `filter` keeps only the events the caller may see.
    public func response(after: Int64?, filter: @escaping @Sendable (PaygentEvent) -> Bool = { _ in true }) async throws -> Response {
        let start: Int64
        if let after { start = after } else { start = try await source.latestEventSeq() }
        let subscription = source.subscribe(after: start)
        return Self.eventStreamResponse { [self] writer in
            try await stream(subscription, after: start, filter: filter, format: .sse(encode: { [encodedEvents] in encodedEvents.encoded($0) }, retryMilliseconds: settings.retryMilliseconds),
                             send: { try await writer.write(ByteBuffer(string: $0)) })
        }
    }

    /// A `200 text/event-stream` response whose body `write` produces.
    static func eventStreamResponse(_ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        let body = ResponseBody { writer in
            try await write(&writer)
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// How a stream's messages are written: SSE or WebSocket text frames.
    struct Format: Sendable {
        /// `sse` or `ws` (the consumer kind in metrics).
        var kind: String
        /// Sent first.
        var opening: String?
        /// One event.
        var event: @Sendable (PaygentEvent) -> String
        /// Sent when idle for a heartbeat interval (nil: none).
        var heartbeat: String?
        /// The too-far-behind notice, from the last sequence sent and the latest one.
        var lagged: @Sendable (Int64, Int64) -> String
        /// The source failed: message and last sequence sent.
        var failed: @Sendable (String, Int64) -> String
        /// Ends the stream after this event (the agent stream's `complete`).
        var isLast: @Sendable (PaygentEvent) -> Bool = { _ in false }

        /// Server-Sent Events with `encode` for the events.
        static func sse(encode: @escaping @Sendable (PaygentEvent) -> String, isLast: @escaping @Sendable (PaygentEvent) -> Bool = { _ in false },
                        retryMilliseconds: Int = 1000) -> Format {
            Format(
                kind: "sse", opening: ServerSentEvent.retry(milliseconds: retryMilliseconds), event: encode,
                heartbeat: ServerSentEvent.heartbeat,
                lagged: { ServerSentEvent.lagged(lastSeq: $0, latestSeq: $1).encoded },
                failed: { message, last in
                    ServerSentEvent(event: "error", data: "{\"code\":\"internal\",\"message\":\(JSONWriter.string(.string(message))),\"last_seq\":\(last)}").encoded
                },
                isLast: isLast)
        }
    }

    /// Writes `subscription` (positioned after `start`) until the client goes away, the consumer
    /// lags, the format's `isLast` is true for a written event, or the server shuts down.
    func stream(_ subscription: AsyncThrowingStream<PaygentEvent, any Error>, after start: Int64,
                filter: @escaping @Sendable (PaygentEvent) -> Bool, format: Format,
                send: (String) async throws -> Void) async throws {
        let kind = format.kind
        let (items, feed) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingOldest(settings.bufferLimit + 8))
        guard let id = consumers.register(kind: kind, lastSeq: start, close: { feed.finish() }) else { return }
        defer { consumers.unregister(id) }
        let limit = settings.bufferLimit
        let backlog = Backlog()
        // The consumer's own task: moves events from the log into its bounded buffer.
        let consumers = self.consumers
        let stall = settings.stallTimeout
        let pump = Task {
            var lagged = false
            do {
                for try await event in subscription where !lagged {
                    guard filter(event) else { continue }
                    // A full buffer holds the pump (the log waits in the store, not in memory);
                    // a consumer that takes nothing for `stall` is too far behind.
                    if !(try await backlog.waitForRoom(limit: limit, stall: stall)) {
                        lagged = true
                        consumers.noteLagged()
                        feed.yield(.lagged)
                        // Cancelling this task ends the subscription at once (its live sink is
                        // unregistered), rather than when the writer is done.
                        withUnsafeCurrentTask { $0?.cancel() }
                        continue
                    }
                    backlog.add()
                    if case .dropped = feed.yield(.event(event)) { break }
                }
            } catch is CancellationError {
            } catch {
                feed.yield(.failed(String(describing: error)))
            }
            feed.finish()
        }
        let heartbeat = Task { [interval = settings.heartbeat] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                if backlog.isEmpty { feed.yield(.heartbeat) }
            }
        }
        defer {
            pump.cancel()
            heartbeat.cancel()
            feed.finish()
        }
        var last = start
        if let opening = format.opening { try await send(opening) }
        // A graceful shutdown ends the stream (clients reconnect with Last-Event-ID elsewhere or later).
        try await withGracefulShutdownHandler {
            try await write(items, format: format, id: id, backlog: backlog, last: &last, send: send)
        } onGracefulShutdown: {
            feed.finish()
        }
    }

    /// The writer loop of ``stream(_:after:filter:format:send:)``.
    private func write(_ items: AsyncStream<Item>, format: Format, id: Int, backlog: Backlog, last: inout Int64,
                       send: (String) async throws -> Void) async throws {
        for await item in items {
            switch item {
            case .event(let event):
                try await send(format.event(event))
                last = event.seq
                consumers.delivered(id, through: last)
                backlog.remove()
                if format.isLast(event) { return }
            case .heartbeat:
                if let heartbeat = format.heartbeat { try await send(heartbeat) }
            case .lagged:
                try await send(format.lagged(last, max(last, source.publishedSeq)))
                return
            case .failed(let message):
                try await send(format.failed(message, last))
                return
            }
        }
    }
}

/// Events handed to a consumer's buffer and not yet written to it.
final class Backlog: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one more queued event.
    func add() { count.add(1, ordering: .relaxed) }
    /// Counts one event written.
    func remove() { count.subtract(1, ordering: .relaxed) }
    /// Nothing queued.
    var isEmpty: Bool { count.load(ordering: .relaxed) == 0 }

    /// Waits until fewer than `limit` events are queued (true), or false when the writer took
    /// none for `stall` while the buffer was full.
    func waitForRoom(limit: Int, stall: Duration) async throws -> Bool {
        var current = count.load(ordering: .relaxed)
        guard current >= limit else { return true }
        var deadline = ContinuousClock.now + stall
        while current >= limit {
            try await Task.sleep(for: .milliseconds(2))
            let now = count.load(ordering: .relaxed)
            if now < current { deadline = ContinuousClock.now + stall }  // progress: the consumer reads
            else if ContinuousClock.now >= deadline { return false }
            current = now
        }
        return true
    }
}
