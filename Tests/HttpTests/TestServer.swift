import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request context that remembers the client's TCP port, so tests can count connections.
struct PortContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remotePort: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remotePort = source.channel.remoteAddress?.port ?? -1
    }
}

/// A one-shot signal: the test opens it, a handler waits for it (with a deadline).
final class Gate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func open() {
        continuation.yield()
        continuation.finish()
    }

    /// True when opened before `timeout` elapsed. Call at most once.
    func wait(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in self.stream { return true }
                return !Task.isCancelled
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

/// What the server's handlers saw, for tests to wait on instead of sleeping.
struct ServerSignals: Sendable {
    /// Opened when `/hold` has received its request.
    let arrived = Gate()
    /// Opened when `/forever` could not write because the client went away.
    let clientGone = Gate()
    /// `/hold` answers once the test opens it (or after 60 s).
    let release = Gate()
}

/// A real Hummingbird server on 127.0.0.1 (random free port) for the duration of `body`.
struct TestServer: Sendable {
    let port: Int

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    static func with<T>(gate: Gate = Gate(), signals: ServerSignals = ServerSignals(), _ body: (TestServer) async throws -> T) async throws -> T {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "http-test-server")
        logger.logLevel = .error
        let app = Application(
            router: makeRouter(gate: gate, signals: signals),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // Stopped by graceful shutdown, never by cancelling the serving task: cancelling it can
        // drop a connection that was accepted but not yet served, which NIO traps on
        // ("Deinited NIOAsyncWriter without calling finish()", apple/swift-nio#2637).
        let services = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            do {
                let value = try await body(TestServer(port: port))
                await stop(services, group: &group)
                return value
            } catch {
                await stop(services, group: &group)
                throw error
            }
        }
    }

    /// Graceful shutdown; a handler still running after 2 s (a test that left one waiting) is
    /// cancelled outright — the server has stopped accepting by then, so no accepted connection
    /// is left unserved.
    private static func stop(_ services: ServiceGroup, group: inout ThrowingTaskGroup<Void, any Error>) async {
        await services.triggerGracefulShutdown()
        group.addTask { try? await Task.sleep(for: .seconds(2)) }
        _ = try? await group.next()
        group.cancelAll()
    }

    /// A TCP port on 127.0.0.1 that nothing listens on (bound, read, released).
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                _ = bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func makeRouter(gate: Gate, signals: ServerSignals) -> Router<PortContext> {
        let router = Router(context: PortContext.self)
        let methods: [HTTPRequest.Method] = [.get, .post, .put, .delete, .patch, .head, .options]
        for method in methods {
            // Echoes the body and reports what arrived in x-* headers.
            router.on("echo", method: method) { request, _ -> Response in
                var request = request
                let body = try await request.collectBody(upTo: 8 << 20)
                var headers = HTTPFields()
                headers[HTTPField.Name("x-method")!] = request.method.rawValue
                headers[HTTPField.Name("x-echo-test")!] = request.headers[values: HTTPField.Name("x-test")!].joined(separator: ",")
                headers[HTTPField.Name("x-content-type")!] = request.headers[.contentType] ?? "none"
                headers[HTTPField.Name("x-content-length")!] = request.headers[.contentLength] ?? "none"
                headers[HTTPField.Name("x-expect")!] = request.headers[HTTPField.Name("expect")!] ?? "none"
                headers[HTTPField.Name("x-user-agent")!] = request.headers[.userAgent] ?? "none"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
            }
        }
        router.get("paid") { _, _ -> Response in
            var headers = HTTPFields()
            headers[HTTPField.Name("PAYMENT-REQUIRED")!] = "eyJ4NDAyVmVyc2lvbiI6Mn0="
            headers.append(HTTPField(name: HTTPField.Name("x-multi")!, value: "one"))
            headers.append(HTTPField(name: HTTPField.Name("x-multi")!, value: "two"))
            headers[.contentType] = "application/json"
            return Response(status: .init(code: 402, reasonPhrase: "Payment Required"), headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"error":"payment required"}"#)))
        }
        router.get("conn") { _, context -> String in
            String(context.remotePort)
        }
        router.get("sleep/:ms") { _, context -> String in
            try await Task.sleep(for: .milliseconds(context.parameters.get("ms", as: Int.self) ?? 0))
            return String(context.remotePort)
        }
        router.get("bytes/:n") { _, context -> Response in
            let count = context.parameters.get("n", as: Int.self) ?? 0
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "a"), count: count)))
        }
        router.get("chunked/:n") { _, context -> Response in
            let count = context.parameters.get("n", as: Int.self) ?? 0
            return Response(status: .ok, body: ResponseBody { writer in
                var remaining = count
                while remaining > 0 {
                    let piece = min(1024, remaining)
                    try await writer.write(ByteBuffer(repeating: UInt8(ascii: "b"), count: piece))
                    remaining -= piece
                }
                try await writer.finish(nil)
            })
        }
        // Sends "first", then holds the rest until the test opens the gate (or 5 s pass).
        router.get("gated") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "first"))
                let opened = await gate.wait(timeout: .seconds(5))
                try await writer.write(ByteBuffer(string: opened ? "+last" : "+timeout"))
                try await writer.finish(nil)
            })
        }
        // A body that keeps coming for 30 s; a failed write (the client went away) opens `clientGone`.
        router.get("forever") { _, _ -> Response in
            Response(status: .ok, body: ResponseBody { writer in
                do {
                    for _ in 0..<1500 {
                        try await writer.write(ByteBuffer(string: "tick\n"))
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    try await writer.finish(nil)
                } catch {
                    signals.clientGone.open()
                    throw error
                }
            })
        }
        // Says it has the request (`arrived`), then answers once the test releases it.
        router.get("hold") { _, _ -> String in
            signals.arrived.open()
            _ = await signals.release.wait(timeout: .seconds(60))
            return "late"
        }
        return router
    }
}
