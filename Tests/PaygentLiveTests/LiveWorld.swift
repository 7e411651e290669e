import Foundation
import PaygentFoundation
import Http
import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentServer
import PaygentSQLite
import X402

/// `paygent serve` in-process for a test: a control plane on a fresh SQLite file (no demo
/// fleet), the demo's paid services on loopback settled on that store's ledger, a funded server
/// wallet, the agent runtime, and the API server with the live routes on an ephemeral port,
/// plus one token of each role.
final class LiveWorld: @unchecked Sendable {
    let directory: String
    let path: String
    let paygent: EmbeddedPaygent
    let services: DemoServiceServer
    let runtime: AgentRuntime
    let wallet: PrivateKey
    let consumers: StreamConsumers
    let server: RunningHTTPServer
    let tokens: [APITokenRole: String]

    static let funding = "100"

    static func with<T>(streamSettings: EventStreamer.Settings = EventStreamer.Settings(),
                        _ body: (LiveWorld) async throws -> T) async throws -> T {
        let world = try await make(streamSettings: streamSettings)
        do {
            let result = try await body(world)
            await world.stop()
            return result
        } catch {
            await world.stop()
            throw error
        }
    }

    static func make(streamSettings: EventStreamer.Settings) async throws -> LiveWorld {
        let directory = NSTemporaryDirectory() + "paygent-live-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/paygent.sqlite"
        let paygent = EmbeddedPaygent(store: try SQLiteStore(path: path))
        let services = try await DemoServiceServer.start(ledger: paygent.ledger)
        _ = try await DemoCatalog.register(baseURL: services.baseURL, in: paygent)
        let wallet = DevnetAccounts.key(111)
        try await paygent.ledger.mint(try DemoCatalog.token.amount(funding), to: wallet.address, token: DemoCatalog.token.address)
        var settings = try await paygent.policy()
        settings.defaultWallet = wallet.address
        _ = try await paygent.updatePolicy(settings, by: "test")
        let runtime = AgentRuntime(paygent: paygent, wallets: KeyRing([wallet]), facilitator: services.facilitator)
        var tokens: [APITokenRole: String] = [:]
        for role in APITokenRole.allCases {
            tokens[role] = try await paygent.issueAPIToken(name: "test \(role.rawValue)", role: role, by: "test").secret
        }
        let consumers = StreamConsumers()
        let streamer = EventStreamer(source: paygent, consumers: consumers, settings: streamSettings)
        let gateway = AgentGateway(paygent: paygent, runtime: runtime, wallet: wallet.address)
        let api = PaygentAPIServer(api: paygent, idempotency: paygent,
                                   groups: [EventRoutes(streamer: streamer), AgentRoutes(gateway: gateway, streamer: streamer)])
        let server = try await api.start(host: "127.0.0.1", port: 0,
                                         webSocket: LiveWebSocket(paygent: paygent, streamer: streamer, agents: gateway))
        return LiveWorld(directory: directory, path: path, paygent: paygent, services: services, runtime: runtime, wallet: wallet,
                         consumers: consumers, server: server, tokens: tokens)
    }

    private init(directory: String, path: String, paygent: EmbeddedPaygent, services: DemoServiceServer, runtime: AgentRuntime,
                 wallet: PrivateKey, consumers: StreamConsumers, server: RunningHTTPServer, tokens: [APITokenRole: String]) {
        self.directory = directory
        self.path = path
        self.paygent = paygent
        self.services = services
        self.runtime = runtime
        self.wallet = wallet
        self.consumers = consumers
        self.server = server
        self.tokens = tokens
    }

    func stop() async {
        consumers.closeAll()
        await server.stop()
        await runtime.shutdown()
        await services.stop()
        try? await paygent.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func url(_ path: String) -> String { server.baseURL + path }

    func headers(_ role: APITokenRole, _ extra: [String: String] = [:]) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(tokens[role]!)", "Content-Type": "application/json"]
        for (name, value) in extra { headers[name] = value }
        return headers
    }

    /// POSTs `json` as `role`.
    func post(_ path: String, as role: APITokenRole, json: String, headers extra: [String: String] = [:]) async throws -> Http.HTTPResponse {
        try await HTTPClient().send(Http.HTTPRequest(method: .post, url: url(path), headers: headers(role, extra), body: Array(json.utf8),
                                                timeout: .seconds(60)))
    }

    /// The JSON object of a response body.
    static func object(_ response: Http.HTTPResponse) throws -> JSONValue {
        try JSONValue.parse(String(decoding: response.body, as: UTF8.self))
    }

    /// Appends a marker event (as another component of this process would).
    @discardableResult
    func append(_ n: Int = 1, type: EventType = "test.marker") async throws -> [PaygentEvent] {
        var events: [PaygentEvent] = []
        for index in 0..<n {
            events.append(try await paygent.appendEvent(NewEvent(type, actor: "test", data: ["n": .integer(index)])))
        }
        return events
    }

    func latestSeq() async throws -> Int64 { try await paygent.latestEventSeq() }

    func balance(_ address: Address) async throws -> UInt256 {
        try await paygent.ledger.balance(of: address, token: DemoCatalog.token.address)
    }
}
