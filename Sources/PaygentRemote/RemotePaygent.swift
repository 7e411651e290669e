import Foundation
import Http
import PaygentCore
import PaygentFoundation
import PaygentWire

/// ``PaygentAPI`` over HTTP to a `paygent serve`: the REST routes of `/api/v1` for reads and
/// commands, `GET /api/v1/events` (Server-Sent Events) for ``subscribe(after:)``, in the wire forms
/// of PaygentWire. The console and every control-plane CLI command run on it unchanged with
/// `--server URL --token T`.
///
/// One libcurl client per instance keeps its connections alive across calls. Every call has a
/// total timeout; the event stream has an idle timeout (the server sends a heartbeat every 15 s).
/// Every failure is a ``PaygentError`` whose message names the server and what failed
/// (see ``RemoteFailure``): connection refused, TLS, 401 bad token, 403 role, 409 with who decided,
/// 429 with the wait.
///
/// The server records the authenticated token as the actor of every command (`api:operator:tok_…`):
/// the `by` arguments are the embedded core's, not trusted over the wire.
public final class RemotePaygent: PaygentAPI, Sendable {
    /// Timeouts and the event stream's reconnection.
    public struct Configuration: Sendable, Hashable {
        /// Time allowed to connect (TCP and TLS).
        public var connectTimeout: Duration
        /// Total time allowed per call.
        public var requestTimeout: Duration
        /// The event stream fails when nothing (not even a heartbeat) arrives for this long.
        public var streamIdleTimeout: Duration
        /// Whether ``subscribe(after:)`` reconnects by itself (with `Last-Event-ID`) when the
        /// connection drops, so its stream only ends on a refusal (bad token, role) or cancellation.
        /// Off, the stream fails at the first disconnect and the caller reconnects (the console does,
        /// to show its connection state).
        public var reconnects: Bool
        /// First wait before a reconnection; doubled per failed attempt up to ``maximumBackoff``.
        public var initialBackoff: Duration
        /// Longest wait between reconnection attempts.
        public var maximumBackoff: Duration

        /// Creates a configuration (defaults: connect 5 s, call 30 s, stream idle 45 s, reconnecting
        /// with 250 ms … 5 s backoff).
        public init(connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30),
                    streamIdleTimeout: Duration = .seconds(45), reconnects: Bool = true,
                    initialBackoff: Duration = .milliseconds(250), maximumBackoff: Duration = .seconds(5)) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.streamIdleTimeout = streamIdleTimeout
            self.reconnects = reconnects
            self.initialBackoff = initialBackoff
            self.maximumBackoff = maximumBackoff
        }
    }

    /// The server.
    public let endpoint: RemoteEndpoint
    /// Timeouts and reconnection.
    public let configuration: Configuration
    let token: String?
    let client: HTTPClient

    /// A client of the server at `server` (`http://127.0.0.1:8402`) with bearer `token`.
    /// Throws `invalid_input` (field `server` or `token`) for a URL or token that cannot be sent.
    public init(server: String, token: String?, configuration: Configuration = Configuration()) throws(PaygentError) {
        endpoint = try RemoteEndpoint(server)
        if let token {
            guard !token.isEmpty, token.utf8.count <= 512, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw PaygentError.invalid("token", "must be 1…512 printable ASCII characters without spaces")
            }
        }
        self.token = token
        self.configuration = configuration
        client = HTTPClient(configuration: HTTPClient.Configuration(
            connectTimeout: configuration.connectTimeout, timeout: configuration.requestTimeout, maxConnections: 16,
            userAgent: "paygent-remote"))
    }

    /// `host:port` of the server, for headers and messages.
    public var hostLabel: String { endpoint.hostLabel }

    // MARK: Transport

    /// The request headers: the bearer token, JSON in and out.
    func headers(json: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        headers.add("Accept", "application/json")
        if json { headers.add("Content-Type", "application/json") }
        return headers
    }

    /// Sends `method path?query` with `body` and returns the answer's body, or throws what failed.
    func send(_ method: HTTPMethod, _ path: String, query: QueryItems = QueryItems(), body: [UInt8]? = nil,
              extraHeaders: [(String, String)] = []) async throws(PaygentError) -> [UInt8] {
        var headers = headers(json: body != nil)
        for (name, value) in extraHeaders { headers.add(name, value) }
        let request = HTTPRequest(method: method, url: endpoint.url(path, query: query.encoded), headers: headers, body: body)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            if error == .cancelled { throw PaygentError(.transport, "request to paygent server \(endpoint.hostLabel) cancelled", field: "server") }
            throw RemoteFailure(error, server: endpoint.hostLabel).paygentError
        }
        guard response.isSuccess else {
            throw RemoteFailure(status: response.status, headers: response.headers, body: response.body, server: endpoint.hostLabel).paygentError
        }
        return response.body
    }

    /// Calls the route and decodes its JSON answer as `T`.
    func call<T: Decodable>(_ type: T.Type, _ method: HTTPMethod, _ path: String, query: QueryItems = QueryItems(),
                            body: [UInt8]? = nil) async throws(PaygentError) -> T {
        let bytes = try await send(method, path, query: query, body: body)
        return try decode(type, bytes)
    }

    /// `T` from an answer's JSON.
    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws(PaygentError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            let start = String(decoding: bytes.prefix(80), as: UTF8.self)
            throw RemoteFailure.unreadable(server: endpoint.hostLabel,
                                           detail: "expected \(T.self) (\(String(describing: error).prefix(160))); got \(UntrustedText(start, maxWidth: 80).value)").paygentError
        }
    }

    /// `value`'s JSON, as a request body.
    func body<T: Encodable>(_ value: T) throws(PaygentError) -> [UInt8] {
        do {
            return Array(try WireJSON.encode(value))
        } catch {
            throw PaygentError(.invalidInput, "cannot encode the request: \(error)", field: "body")
        }
    }

    /// A path segment with everything but unreserved characters percent-escaped (ids are checked
    /// by the server; an id must never change the path).
    func segment(_ id: String) -> String { QueryItems.encode(id) }
}
