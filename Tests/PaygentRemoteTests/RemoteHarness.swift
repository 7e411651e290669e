import Foundation
import PaygentCore
import PaygentRemote
import PaygentServer
import PaygentSQLite

/// A real `PaygentAPIServer` (REST routes and the SSE event stream) on an ephemeral loopback port
/// over a fresh SQLite store, with one token per role, and a ``RemotePaygent`` for each.
final class RemoteHarness: Sendable {
    let directory: String
    let paygent: EmbeddedPaygent
    let running: RunningHTTPServer
    let live: LiveEndpoints
    let tokens: [APITokenRole: IssuedAPIToken]

    init(directory: String, paygent: EmbeddedPaygent, running: RunningHTTPServer, live: LiveEndpoints, tokens: [APITokenRole: IssuedAPIToken]) {
        self.directory = directory
        self.paygent = paygent
        self.running = running
        self.live = live
        self.tokens = tokens
    }

    /// Starts a server on `port` (0: ephemeral) over the store in `directory` (nil: a new one).
    static func start(directory given: String? = nil, port: Int = 0, heartbeat: Duration = .seconds(15)) async throws -> RemoteHarness {
        let directory = given ?? NSTemporaryDirectory() + "paygent-remote-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paygent = try EmbeddedPaygent.open(path: directory + "/db.sqlite")
        var tokens: [APITokenRole: IssuedAPIToken] = [:]
        let existing = try await paygent.apiTokens()
        if existing.isEmpty {
            for role in APITokenRole.allCases {
                tokens[role] = try await paygent.issueAPIToken(name: "test-\(role.rawValue)", role: role, by: "test")
            }
        }
        let live = LiveEndpoints(paygent: paygent, agents: nil, settings: EventStreamer.Settings(heartbeat: heartbeat))
        let server = PaygentAPIServer(api: paygent, idempotency: paygent, options: APIServerOptions(rateLimitPerSecond: 100_000),
                                      groups: live.groups)
        let running = try await server.start(port: port)
        return RemoteHarness(directory: directory, paygent: paygent, running: running, live: live, tokens: tokens)
    }

    /// A client with `role`'s token.
    func client(_ role: APITokenRole = .admin, configuration: RemotePaygent.Configuration = .init()) throws -> RemotePaygent {
        try RemotePaygent(server: running.baseURL, token: tokens[role]?.secret, configuration: configuration)
    }

    /// The actor the server records for `role`'s token.
    func actor(_ role: APITokenRole) -> String { "api:\(role.rawValue):\(tokens[role]!.token.id)" }

    /// Stops the server and closes the store (keeping the files unless `removing`).
    func stop(removing: Bool = true) async {
        live.consumers.closeAll()
        await running.stop()
        try? await paygent.close()
        if removing { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Runs `body` with a started harness, stopping it afterwards also when `body` throws.
    static func with(_ body: (RemoteHarness) async throws -> Void) async throws {
        let harness = try await start()
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}


/// The ``PaygentError`` `body` fails with (nil when it succeeds or fails otherwise).
func paygentError<T>(_ body: () async throws -> T) async -> PaygentError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? PaygentError
    }
}
