/// The HTTP client every Paygent module uses: libcurl underneath, one dedicated transfer thread
/// per client running all its requests concurrently (`curl_multi`), kept-alive connections
/// reused across requests, never blocking Swift's cooperative thread pool.
///
/// ```swift
/// let response = try await HTTPClient.shared.send(HTTPRequest(url: "http://127.0.0.1:8080/quote"))
/// if response.status == 402 { let required = response.headers["payment-required"] }
/// ```
///
/// Cancelling the calling task aborts the transfer at once with ``HTTPError/cancelled``.
/// Create few clients and share them (each owns a thread and a connection cache); the thread and
/// connections are released when the client is deinitialised.
public final class HTTPClient: Sendable {
    /// The client's defaults.
    public let configuration: Configuration
    private let engine: CurlEngine
    private let pool: CurlHandlePool

    /// A process-wide client with the default configuration.
    public static let shared = HTTPClient()

    /// Creates a client and starts its transfer thread.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        pool = CurlHandlePool(capacity: configuration.maxConnections)
        engine = CurlEngine(maxConnections: configuration.maxConnections)
    }

    deinit {
        engine.shutdown()
    }

    /// Sends a request and collects the whole response. Every status code is a response
    /// (see ``HTTPResponse/expectSuccess()``); failures to get one are ``HTTPError``s.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        try await run(CurlTransfer(request: request, configuration: configuration, pool: pool, mode: .buffered))
    }

    /// Sends a request and delivers the response body as it arrives (Server-Sent Events, long
    /// downloads), returning the head once the server ends the body.
    ///
    /// `onHead` is called once, before the first chunk; `onChunk` with each piece of the body in
    /// order. Both run on the client's transfer thread and must return quickly (hand the data
    /// off, e.g. to an `AsyncStream` continuation) — a slow callback stalls every transfer of
    /// this client. No total timeout applies unless ``HTTPRequest/timeout`` is set, and no body
    /// limit unless ``HTTPRequest/maxResponseBodySize`` is; cancel the task to stop the stream.
    @discardableResult
    public func stream(
        _ request: HTTPRequest,
        onHead: @escaping @Sendable (HTTPResponseHead) -> Void = { _ in },
        onChunk: @escaping @Sendable ([UInt8]) -> Void
    ) async throws(HTTPError) -> HTTPResponseHead {
        let transfer = try CurlTransfer(
            request: request, configuration: configuration, pool: pool,
            mode: .streaming(onHead: onHead, onChunk: onChunk)
        )
        return try await run(transfer).head
    }

    /// `GET url`.
    public func get(_ url: String, headers: HTTPHeaders = [:]) async throws(HTTPError) -> HTTPResponse {
        try await send(HTTPRequest(method: .get, url: url, headers: headers))
    }

    /// `POST url` with `body`.
    public func post(_ url: String, headers: HTTPHeaders = [:], body: [UInt8]) async throws(HTTPError) -> HTTPResponse {
        try await send(HTTPRequest(method: .post, url: url, headers: headers, body: body))
    }

    private func run(_ transfer: CurlTransfer) async throws(HTTPError) -> HTTPResponse {
        if Task.isCancelled { throw .cancelled }
        let engine = self.engine
        let result = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Result<HTTPResponse, HTTPError>, Never>) in
                transfer.continuation = continuation
                engine.submit(transfer)
            }
        } onCancel: {
            engine.cancel(transfer)
        }
        return try result.get()
    }
}
