import ArgumentParser
import Foundation
import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentServer
import PaygentSQLite
import X402
#if canImport(Glibc)
import Glibc
#endif

/// `paygent serve`: the HTTP API (`/api/v1/...`) over the embedded control plane.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Paygent HTTP API (/api/v1/...) over a store.",
        discussion: """
            Every route needs `Authorization: Bearer <token>` except GET /health; create tokens with \
            `paygent tokens create --role admin|operator|agent|viewer`. On the first start of a store without \
            tokens an admin token is created and printed once. Listens on loopback unless --public is given. \
            SIGINT/SIGTERM stop it gracefully: no new connections, open requests finish, the store is closed.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Port (0 picks a free one).", valueName: "port"))
    var port = 8402

    @Option(name: .long, help: ArgumentHelp(
        "SQLite database, or postgres://user@host[:port]/db[?schema=NAME] shared by several instances (default: $PAYGENT_DATABASE, else $XDG_DATA_HOME/paygent/paygent.sqlite; with --demo a throwaway one).",
        valueName: "path"))
    var database: String?

    @Option(name: .customLong("key-file"), help: ArgumentHelp(
        "The server's wallet key (agent runs, x402 payments, sign-eip712; with --demo default: the funded devnet CLI wallet).", valueName: "file"))
    var keyFile: String?

    @Flag(name: .long, help: "Add the demo paid services, funded devnet wallets and the demo fleet (as `paygent --demo`).")
    var demo = false

    @Flag(name: .long, help: "Allow listening beyond loopback (plain HTTP: put TLS in front).")
    var `public` = false

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Requests per second per token (bursts of twice that).", valueName: "n"))
    var rateLimit: Double = 100

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body in bytes (413 beyond).", valueName: "bytes"))
    var maxBody = 1 << 20

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard rateLimit.isFinite, rateLimit >= 0.01, rateLimit <= 1_000_000 else { throw ValidationError("--rate-limit must be 0.01…1000000") }
        guard (1_024...(64 << 20)).contains(maxBody) else { throw ValidationError("--max-body must be 1024…67108864") }
        guard !host.isEmpty, host.count <= 253, host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-_[]".contains($0) }) else {
            throw ValidationError("--host must be an IP address or host name")
        }
    }

    /// Whether `host` names only this machine.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    func run() async throws {
        try await runCLI {
            if !Self.isLoopback(host), !self.public {
                throw CLIError("--host \(host) listens beyond loopback over plain HTTP; add --public to allow it (see `paygent serve --help`)")
            }
            if !Self.isLoopback(host) {
                StandardStreams.err("""
                    paygent: WARNING: listening on \(host) beyond loopback over plain HTTP. Bearer tokens and every \
                    answer (payments, wallets, approvals) cross the network unencrypted and anyone who can reach the \
                    port can try tokens. Put a TLS-terminating proxy in front and firewall the port.

                    """)
            }
            let serverKey = try keyFile.map { path throws(CLIError) in try KeyFile.load(path) }
            let host = ServeHost(demo: demo, database: database, serverKey: serverKey)
            let opened = try await host.open()
            do {
                try await serve(opened, serverKey: serverKey)
            } catch {
                await opened.close()
                throw error
            }
            await opened.close()
        }
    }

    func serve(_ opened: ServeHost.Opened, serverKey: PrivateKey?) async throws {
        let paygent = opened.api
        if try await paygent.apiTokens().isEmpty {
            let issued = try await paygent.issueAPIToken(name: "initial-admin", role: .admin, by: "serve")
            print("paygent: no API token existed, so an admin token was created; it is shown only this once:")
            print("    \(issued.secret)")
            print("  use it as: Authorization: Bearer \(issued.secret)")
        }
        let options = APIServerOptions(maxBodyBytes: maxBody, rateLimitPerSecond: rateLimit, version: PaygentVersion.current)
        let live = LiveEndpoints(paygent: paygent, agents: opened.agents)
        let metrics = APIMetrics()
        let server = PaygentAPIServer(api: paygent, idempotency: paygent, options: options, groups: live.groups, metrics: metrics,
                                      signingKey: serverKey ?? (demo ? DemoFleet.cliKey : nil))
        let gauges = live.exportMetrics(to: metrics)
        defer { gauges.cancel() }
        // Runs that waited for approval when the server stopped go on (in this process) once decided.
        if let runtime = opened.agents?.runtime { _ = try? await runtime.resumePendingRuns() }
        let running = try await server.start(host: host, port: port, handleSignals: true, webSocket: live.webSocket)
        print("paygent serve listening on \(running.baseURL) (API under \(running.baseURL)/api/v1, health at /health)")
        if let wallet = opened.agents?.wallet {
            print("  agents and POST /api/v1/payments/x402 pay from \(wallet.checksummed)")
        }
        fflush(nil)
        try await running.waitUntilStopped()
        live.consumers.closeAll()
        StandardStreams.err("paygent serve: stopped; closing the store\n")
    }
}

/// The store `paygent serve` runs on: the demo fleet's, or the embedded one at `--database`.
struct ServeHost {
    var demo: Bool
    var database: String?
    /// The wallet agents run with and `payments/x402` pays from (`--key-file`; the demo's CLI wallet with --demo).
    var serverKey: PrivateKey?

    struct Opened {
        var api: EmbeddedPaygent
        /// The agent runtime and the wallet it pays from (nil without a key).
        var agents: (runtime: AgentRuntime, wallet: Address)?
        var close: @Sendable () async -> Void
    }

    func open() async throws -> Opened {
        if demo {
            let fleet = try await DemoFleet.start(DemoFleetOptions(databasePath: database))
            StandardStreams.err("paygent: demo store at \(fleet.databasePath); demo services at \(fleet.services.baseURL)\n")
            return Opened(api: fleet.paygent, agents: (fleet.runtime, fleet.cliWallet), close: { await fleet.stop() })
        }
        let path = database ?? ProcessInfo.processInfo.environment["PAYGENT_DATABASE"] ?? SQLiteStore.defaultPath()
        let paygent = try await CLIStore.open(path)
        paygent.startMaintenance(settlements: await CLIStore.settlements(for: paygent))
        guard let serverKey else { return Opened(api: paygent, agents: nil, close: { try? await paygent.close() }) }
        // As `paygent agent run`: the set-up's tokens, transfers settled on the store's ledger.
        let tokens = try SetupConfig.load()?.tokens ?? [PaymentToken.cronosTestnetUSDC]
        let facilitator = LocalFacilitator(
            ledger: paygent.ledger,
            configuration: .init(networks: Array(Set(tokens.map(\.network))), tokens: tokens, signers: [DevnetAccounts.facilitatorSigner.address]))
        let runtime = AgentRuntime(paygent: paygent, wallets: KeyRing([serverKey]), facilitator: facilitator,
                                   configuration: AgentRuntimeConfiguration(paymentTokens: tokens))
        return Opened(api: paygent, agents: (runtime, serverKey.address), close: {
            await runtime.shutdown()
            try? await paygent.close()
        })
    }
}
