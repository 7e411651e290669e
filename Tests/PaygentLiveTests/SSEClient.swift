import Foundation
import Http
import PaygentWire
import Synchronization
import TestSupport

/// A Server-Sent Events client over the project's libcurl client: connects, records every
/// message, and lets a test wait (with a time limit) until it has seen what it expects.
final class SSEClient: Sendable {
    private struct State {
        var parser = ServerSentEventParser()
        var messages: [ServerSentEvent] = []
        var status: Int?
        var finished = false
    }

    private final class Box: Sendable {
        let state = Mutex(State())
        /// Notified on the head, every chunk and the end.
        let changed = ChangeSignal()
    }

    private let box = Box()
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Connects to `url` with `headers` (Authorization, Last-Event-ID) and streams in the background.
    init(url: String, headers: HTTPHeaders, method: HTTPMethod = .get, body: [UInt8]? = nil) {
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body, connectTimeout: .seconds(5))
        let box = self.box
        let task = Task {
            _ = try? await HTTPClient().stream(
                request,
                onHead: { head in
                    box.state.withLock { $0.status = head.status }
                    box.changed.notify()
                },
                onChunk: { chunk in
                    box.state.withLock { state in
                        let messages = state.parser.feed(chunk)
                        state.messages.append(contentsOf: messages)
                    }
                    box.changed.notify()
                })
            box.state.withLock { $0.finished = true }
            box.changed.notify()
        }
        self.task.withLock { $0 = task }
    }

    /// Every message so far.
    var messages: [ServerSentEvent] { box.state.withLock { $0.messages } }
    /// The sequences (`id:`) of the event messages so far, in arrival order.
    var seqs: [Int64] { messages.compactMap { $0.id.flatMap(Int64.init) } }
    /// Heartbeat comments seen.
    var comments: Int { box.state.withLock { $0.parser.comments } }
    /// The response status once the head arrived.
    var status: Int? { box.state.withLock { $0.status } }
    /// Whether the server ended the stream (or it failed).
    var finished: Bool { box.state.withLock { $0.finished } }

    /// Waits until `condition` holds (true) or `timeout` passes (false).
    func wait(timeout: Duration = .seconds(20), until condition: @Sendable (SSEClient) -> Bool) async -> Bool {
        await box.changed.wait(until: .now + timeout) { condition(self) }
    }

    /// Drops the connection.
    func disconnect() async {
        let task = self.task.withLock { $0 }
        task?.cancel()
        _ = await task?.value
    }
}
