import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird server running in the current process (see ``PaygentHTTPServer``).
public struct RunningHTTPServer: Sendable {
    /// The address it listens on.
    public let host: String
    /// The bound port (the real one when 0 was asked for).
    public let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    init(host: String, port: Int, task: Task<Void, any Error>, group: ServiceGroup) {
        self.host = host
        self.port = port
        self.task = task
        self.group = group
    }

    /// `http://host:port`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// Stops the server gracefully (open requests finish, idle connections close) and waits until
    /// it has shut down; after 5 seconds it is cancelled outright.
    public func stop() async {
        await group.triggerGracefulShutdown()
        let task = self.task
        let watchdog = Task {
            try await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        _ = await task.result
        watchdog.cancel()
    }

    /// Waits until the server stops (cancellation of the caller stops it too).
    public func waitUntilStopped() async throws {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }
}

/// Why a server could not start.
public struct ServerStartError: Error, CustomStringConvertible {
    public let description: String
}

/// Starts Hummingbird servers in-process and reports the bound port, so the CLI, tests and
/// benchmarks can all use port 0.
public enum PaygentHTTPServer {
    /// A logger that only reports warnings and errors (request logging is off).
    public static func quietLogger(label: String = "paygent.server") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }

    /// Starts `router` on `host:port` (0 = an ephemeral port) and returns once it accepts connections.
    /// With `handleSignals`, SIGINT and SIGTERM shut it down gracefully (for command-line servers).
    /// With `webSocket`, HTTP/1 connections may upgrade to a WebSocket where it says so.
    public static func start<Context: RequestContext>(
        router: Router<Context>, host: String = "127.0.0.1", port: Int = 0, logger: Logger? = nil,
        handleSignals: Bool = false, webSocket: (any WebSocketUpgrading)? = nil
    ) async throws -> RunningHTTPServer where Context.Source == ApplicationRequestContextSource {
        let logger = logger ?? quietLogger()
        let (stream, continuation) = AsyncStream<Int?>.makeStream()
        let server: HTTPServerBuilder = webSocket.map { upgrading in
            .http1WebSocketUpgrade { request, _, _ in await upgrading.shouldUpgrade(request) }
        } ?? .http1()
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port)
                continuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger)
        let task = Task<Void, any Error> {
            do {
                try await group.run()
                continuation.finish()
            } catch {
                continuation.finish()
                throw error
            }
        }
        var iterator = stream.makeAsyncIterator()
        guard let reported = await iterator.next(), let bound = reported else {
            let failure: String
            switch await task.result {
            case .failure(let error): failure = "\(error)"
            case .success: failure = "server stopped before it started listening"
            }
            throw ServerStartError(description: "could not start server on \(host):\(port): \(failure)")
        }
        return RunningHTTPServer(host: host, port: bound, task: task, group: group)
    }
}
