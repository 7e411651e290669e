import Foundation
import PaygentFoundation
import Http
import PaygentCore
import PaygentEVM
import PaygentServer
import PaygentSQLite
import PaygentWire
import X402

/// A real `PaygentAPIServer` on an ephemeral loopback port over a fresh SQLite store, with one
/// token per role, spoken to over the project's libcurl client.
final class APIHarness: Sendable {
    let directory: String
    let paygent: EmbeddedPaygent
    let server: PaygentAPIServer
    let running: RunningHTTPServer
    let tokens: [APITokenRole: String]
    let client = HTTPClient(configuration: .init(timeout: .seconds(30)))

    init(directory: String, paygent: EmbeddedPaygent, server: PaygentAPIServer, running: RunningHTTPServer, tokens: [APITokenRole: String]) {
        self.directory = directory
        self.paygent = paygent
        self.server = server
        self.running = running
        self.tokens = tokens
    }

    /// Starts a server with `options` (a generous rate limit unless given).
    static func start(_ options: APIServerOptions = APIServerOptions(rateLimitPerSecond: 100_000)) async throws -> APIHarness {
        let directory = NSTemporaryDirectory() + "paygent-api-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let paygent = try EmbeddedPaygent.open(path: directory + "/db.sqlite")
        var tokens: [APITokenRole: String] = [:]
        for role in APITokenRole.allCases {
            tokens[role] = try await paygent.issueAPIToken(name: "test-\(role.rawValue)", role: role, by: "test").secret
        }
        let server = PaygentAPIServer(api: paygent, idempotency: paygent, options: options)
        let running = try await server.start()
        return APIHarness(directory: directory, paygent: paygent, server: server, running: running, tokens: tokens)
    }

    /// Runs `body` with a started harness and stops it afterwards, also when `body` throws.
    static func with(_ options: APIServerOptions = APIServerOptions(rateLimitPerSecond: 100_000),
                     _ body: (APIHarness) async throws -> Void) async throws {
        let harness = try await start(options)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    /// Stops the server, closes the store, deletes the files.
    func stop() async {
        await running.stop()
        try? await paygent.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Sends `method path` (path includes any query) with `role`'s token (nil = none).
    func send(_ method: String, _ path: String, as role: APITokenRole? = .admin, body: [UInt8]? = nil,
              headers: [(String, String)] = []) async throws -> HTTPResponse {
        var fields = HTTPHeaders(headers)
        if let role, let token = tokens[role] { fields.add("Authorization", "Bearer \(token)") }
        if body != nil { fields.add("Content-Type", "application/json") }
        return try await client.send(HTTPRequest(method: HTTPMethod(rawValue: method), url: running.baseURL + path, headers: fields, body: body))
    }

    /// Sends with a JSON text body.
    func send(_ method: String, _ path: String, as role: APITokenRole? = .admin, json: String,
              headers: [(String, String)] = []) async throws -> HTTPResponse {
        try await send(method, path, as: role, body: Array(json.utf8), headers: headers)
    }

    // MARK: Fixtures

    /// Objects the route cases act on.
    struct Fixtures: Sendable {
        var session: String
        var pausedSession: String
        var service: String
        var payment: String
        var approval: String
        var log: String
        var wallet: Address
        var spareToken: String
    }

    static let payer = try! Address("0x" + String(repeating: "11", count: 20))
    static let payee = try! Address("0x" + String(repeating: "22", count: 20))

    /// A session, a paused session, a service, a settled payment, a pending approval, a run.
    func seed() async throws -> Fixtures {
        let session = try await paygent.createSession(
            CreateSessionRequest(userID: "alice", name: "research", walletAddress: Self.payer.checksummed, budgetLimitUSD: "100"), by: "test")
        let paused = try await paygent.createSession(CreateSessionRequest(name: "paused"), by: "test")
        _ = try await paygent.pauseSession(id: paused.id, reason: "test", by: "test")
        let service = try await paygent.registerService(
            NewService(name: "Market Data", description: "prices", endpoint: "https://svc.test/market", category: "market-data",
                       priceAmount: "0.01"), by: "test")
        let policy = paygent.paymentPolicy(sessionID: session.id)
        let small = intent("pay-1", amount: "1.00")
        guard case .allow(let hold) = try await policy.authorize(small) else { throw HarnessError("payment not allowed") }
        await policy.record(.settled(transaction: "0x" + String(repeating: "ab", count: 32)), for: small, holdID: hold)
        let big = intent("pay-2", amount: "50.00")
        guard case .askHuman = try await policy.authorize(big), let approval = try await paygent.approval(purchaseID: big.purchaseID) else {
            throw HarnessError("expected an approval request")
        }
        let payment = try await paygent.payments(PaymentQuery(sessionID: session.id)).items.first { $0.purchaseID == "pay-1" }
        guard let payment else { throw HarnessError("payment not recorded") }
        let log = try await paygent.startExecutionLog(sessionID: session.id, command: "fetch prices")
        let spare = try await paygent.issueAPIToken(name: "spare", role: .viewer, by: "test")
        return Fixtures(session: session.id, pausedSession: paused.id, service: service.id, payment: payment.id,
                        approval: approval.id, log: log.id, wallet: Self.payer, spareToken: spare.token.id)
    }

    func intent(_ id: String, amount: String) -> PaymentIntent {
        PaymentIntent(purchaseID: id, resource: "https://svc.test/market", scheme: "exact", network: "cronos-testnet", chainID: 338,
                      asset: KnownTokens.devUSDCe, payTo: Self.payee, amount: try! TokenAmount.parse(amount, decimals: 6),
                      payer: Self.payer, validBefore: 4_000_000_000, description: "")
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPResponse {
    /// The body as a JSON object (X402's exact parser), or nil.
    var json: JSONObject? { (try? JSONParser.parse(body))?.objectValue }

    /// The error envelope's code.
    var errorCode: String? { json?["error"]?.objectValue?["code"]?.stringValue }

    /// The error envelope's field.
    var errorField: String? { json?["error"]?.objectValue?["field"]?.stringValue }
}
