import Foundation
import Http
import PaygentCore
import PaygentFoundation
import PaygentWire
import Synchronization

/// ``PaygentAPI/subscribe(after:)`` over `GET /api/v1/events` (Server-Sent Events).
///
/// Each message's `id:` is the event's sequence. The stream yields every event with a sequence
/// above the cursor exactly once, in order: a reconnection sends `Last-Event-ID: <last seq
/// yielded>` and the server replays from its store, so a dropped connection, a server restart or
/// an `event: lagged` notice loses nothing and repeats nothing (anything at or below the cursor is
/// skipped should it come again).
extension RemotePaygent {
    public func subscribe(after: Int64?) -> AsyncThrowingStream<PaygentEvent, any Error> {
        subscribe(after: after, reconnects: configuration.reconnects)
    }

    /// As ``subscribe(after:)``, choosing whether to reconnect by itself. Without reconnection the
    /// stream fails with the ``PaygentError`` of the first disconnect (the caller resumes from the
    /// last sequence it saw); with it, only a refusal (401, 403, 422) or cancellation ends it.
    public func subscribe(after: Int64?, reconnects: Bool) -> AsyncThrowingStream<PaygentEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<PaygentEvent, any Error>.makeStream(bufferingPolicy: .unbounded)
        let task = Task { [self] in
            var cursor = after
            var backoff = configuration.initialBackoff
            while !Task.isCancelled {
                do {
                    if cursor == nil { cursor = try await overview().latestSeq }
                    let start = cursor ?? 0
                    let last = try await streamOnce(after: start) { event in continuation.yield(event) }
                    cursor = max(start, last)
                    backoff = configuration.initialBackoff
                    // The server ended the stream (shutdown, lag notice): resume after the last seq.
                    if !reconnects {
                        continuation.finish(throwing: PaygentError(.transport, "paygent server \(endpoint.hostLabel) ended the event stream", field: "server"))
                        return
                    }
                } catch let failure as StreamFailure {
                    cursor = failure.lastSeq ?? cursor
                    if Task.isCancelled { break }
                    guard reconnects, failure.transient else {
                        continuation.finish(throwing: failure.error)
                        return
                    }
                } catch {
                    if Task.isCancelled { break }
                    let paygentError = (error as? PaygentError) ?? PaygentError(.transport, "\(error)", field: "server")
                    guard reconnects, paygentError.code == .transport || paygentError.code == .rateLimited || paygentError.code == .internal else {
                        continuation.finish(throwing: paygentError)
                        return
                    }
                }
                do { try await Task.sleep(for: backoff) } catch { break }
                backoff = min(backoff * 2, configuration.maximumBackoff)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Why one connection of the stream ended, with the last sequence it delivered.
    struct StreamFailure: Error {
        var error: PaygentError
        var transient: Bool
        var lastSeq: Int64?
    }

    /// One connection: yields the events with seq > `after` as they arrive; returns the last seq
    /// yielded (or `after`) when the server ends the stream.
    func streamOnce(after: Int64, yield: @escaping @Sendable (PaygentEvent) -> Void) async throws(StreamFailure) -> Int64 {
        let cursor = Mutex(after)
        var headers = headers(json: false)
        headers.add("Last-Event-ID", String(after))
        let request = HTTPRequest(method: .get, url: endpoint.url(Self.api + "/events"), headers: headers,
                                  connectTimeout: configuration.connectTimeout, idleTimeout: configuration.streamIdleTimeout,
                                  maxResponseBodySize: nil)
        do {
            try await serverSentEvents(request) { message in
                guard message.event != "lagged", let id = message.id, let seq = Int64(id) else { return }
                let fresh = cursor.withLock { seq > $0 }
                guard fresh, let event = try? JSONDecoder().decode(PaygentEvent.self, from: Data(message.data.utf8)), event.seq == seq else { return }
                cursor.withLock { $0 = seq }
                yield(event)
            }
        } catch {
            throw StreamFailure(error: error.paygentError, transient: error.isTransient, lastSeq: cursor.withLock { $0 })
        }
        return cursor.withLock { $0 }
    }

    /// Sends `request` (a `text/event-stream` route) and hands each message to `onMessage` as it
    /// arrives, on the transfer thread (it must return quickly), until the server ends the stream.
    /// An error answer or a broken transfer throws what failed.
    func serverSentEvents(_ request: HTTPRequest, onMessage: @escaping @Sendable (ServerSentEvent) -> Void) async throws(RemoteFailure) {
        var request = request
        request.headers.remove("Accept")
        request.headers.add("Accept", WireEvent.contentType)
        let state = Mutex(StreamState())
        let server = endpoint.hostLabel
        let head: HTTPResponseHead
        do {
            head = try await client.stream(request, onHead: { head in
                state.withLock { $0.status = head.status }
            }, onChunk: { chunk in
                let messages = state.withLock { state -> [ServerSentEvent] in
                    guard state.status.map({ (200..<300).contains($0) }) ?? false else {
                        if state.errorBody.count < 64 * 1024 { state.errorBody += chunk }
                        return []
                    }
                    return state.parser.feed(chunk)
                }
                for message in messages { onMessage(message) }
            })
        } catch {
            if error == .cancelled { throw RemoteFailure.transport(server: server, detail: "the event stream was cancelled") }
            throw RemoteFailure(error, server: server)
        }
        guard head.isSuccess else {
            throw RemoteFailure(status: head.status, headers: head.headers, body: state.withLock { $0.errorBody }, server: server)
        }
    }
}

/// What one stream connection has seen so far.
struct StreamState: Sendable {
    var status: Int?
    var parser = ServerSentEventParser()
    var errorBody: [UInt8] = []
}
