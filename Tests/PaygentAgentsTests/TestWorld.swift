import Foundation
import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentSQLite
import Synchronization
import Testing
import X402

/// A ledger that forwards to whichever store is open now, so the demo services keep settling on
/// the same database across a simulated restart.
final class SwitchableLedger: LedgerStorage {
    private let current: Mutex<any LedgerStorage>

    init(_ ledger: any LedgerStorage) { current = Mutex(ledger) }

    func use(_ ledger: any LedgerStorage) { current.withLock { $0 = ledger } }

    private var ledger: any LedgerStorage { current.withLock { $0 } }

    func balance(of owner: Address, token: Address) async throws(LedgerError) -> UInt256 {
        try await ledger.balance(of: owner, token: token)
    }

    func isNonceUsed(_ nonce: [UInt8], by authorizer: Address, token: Address) async throws(LedgerError) -> Bool {
        try await ledger.isNonceUsed(nonce, by: authorizer, token: token)
    }

    func allowance(owner: Address, spender: Address, token: Address) async throws(LedgerError) -> UInt256 {
        try await ledger.allowance(owner: owner, spender: spender, token: token)
    }

    func approve(_ amount: UInt256, owner: Address, spender: Address, token: Address) async throws(LedgerError) {
        try await ledger.approve(amount, owner: owner, spender: spender, token: token)
    }

    func applyTransfer(_ transfer: LedgerTransfer) async throws(LedgerError) {
        try await ledger.applyTransfer(transfer)
    }

    func mint(_ amount: UInt256, to owner: Address, token: Address) async throws(LedgerError) {
        try await ledger.mint(amount, to: owner, token: token)
    }
}

/// A control plane on a real SQLite file in a temporary directory, the demo's paid services on
/// loopback HTTP settled on that store's ledger, a funded agent wallet and a runtime.
final class TestWorld: @unchecked Sendable {
    let directory: String
    let path: String
    private(set) var paygent: EmbeddedPaygent
    let ledger: SwitchableLedger
    let services: DemoServiceServer
    private(set) var runtime: AgentRuntime
    let keys: KeyRing
    /// The agent wallet (funded).
    let agent: PrivateKey
    /// A second funded wallet.
    let other: PrivateKey
    let configuration: AgentRuntimeConfiguration
    let token = DemoCatalog.token

    static let funding = "100"

    static func make(configuration: AgentRuntimeConfiguration = AgentRuntimeConfiguration(),
                     policy: (inout PolicySettings) -> Void = { _ in }) async throws -> TestWorld {
        let directory = NSTemporaryDirectory() + "paygent-agents-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/paygent.sqlite"
        let paygent = EmbeddedPaygent(store: try SQLiteStore(path: path))
        let ledger = SwitchableLedger(paygent.ledger)
        let services = try await DemoServiceServer.start(ledger: ledger)
        _ = try await DemoCatalog.register(baseURL: services.baseURL, in: paygent)
        let agent = DevnetAccounts.key(101)
        let other = DevnetAccounts.key(102)
        for key in [agent, other] {
            try await paygent.ledger.mint(try DemoCatalog.token.amount(funding), to: key.address, token: DemoCatalog.token.address)
        }
        var settings = try await paygent.policy()
        settings.defaultWallet = agent.address
        policy(&settings)
        _ = try await paygent.updatePolicy(settings, by: "test")
        let keys = KeyRing([agent, other])
        let runtime = AgentRuntime(paygent: paygent, wallets: keys, facilitator: services.facilitator, configuration: configuration)
        return TestWorld(directory: directory, path: path, paygent: paygent, ledger: ledger, services: services, runtime: runtime,
                         keys: keys, agent: agent, other: other, configuration: configuration)
    }

    private init(directory: String, path: String, paygent: EmbeddedPaygent, ledger: SwitchableLedger, services: DemoServiceServer,
                 runtime: AgentRuntime, keys: KeyRing, agent: PrivateKey, other: PrivateKey, configuration: AgentRuntimeConfiguration) {
        self.directory = directory
        self.path = path
        self.paygent = paygent
        self.ledger = ledger
        self.services = services
        self.runtime = runtime
        self.keys = keys
        self.agent = agent
        self.other = other
        self.configuration = configuration
    }

    /// A running session paying from the agent wallet.
    func session(budget: String? = "50.00", config: SessionConfig = SessionConfig(), wallet: Address? = nil) async throws -> AgentSession {
        try await paygent.createSession(
            CreateSessionRequest(userID: "test", name: "test agent", walletAddress: (wallet ?? agent.address).checksummed,
                                 budgetLimitUSD: budget, config: config),
            by: "test")
    }

    /// Simulates a process restart: the runtime lets go of its runs, the store is closed, a new
    /// store and control plane are opened on the same file, and a new runtime is made.
    func restart() async throws {
        await runtime.shutdown()
        try await paygent.close()
        paygent = EmbeddedPaygent(store: try SQLiteStore(path: path))
        ledger.use(paygent.ledger)
        runtime = AgentRuntime(paygent: paygent, wallets: keys, facilitator: services.facilitator, configuration: configuration)
    }

    func close() async {
        await runtime.shutdown()
        await services.stop()
        try? await paygent.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Reading back

    /// Every event of `sessionID`, ascending.
    func events(session sessionID: String) async throws -> [PaygentEvent] {
        var all: [PaygentEvent] = []
        var after: Int64 = 0
        while true {
            let page = try await paygent.events(EventQuery(after: after, sessionID: sessionID, limit: 1000))
            all += page.events
            guard let last = page.events.last, page.hasMore else { break }
            after = last.seq
        }
        return all
    }

    /// The agent event types of `sessionID`, in order.
    func agentEventTypes(session sessionID: String) async throws -> [String] {
        let agentTypes = Set(EventType.agentEventTypes)
        return try await events(session: sessionID).filter { agentTypes.contains($0.type) }.map(\.type.rawValue)
    }

    func payments(session sessionID: String) async throws -> [Payment] {
        try await paygent.payments(PaymentQuery(sessionID: sessionID, page: PageRequest(offset: 0, limit: 100))).items
    }

    func balance(_ address: Address) async throws -> UInt256 {
        try await paygent.ledger.balance(of: address, token: token.address)
    }

    func units(_ text: String) throws -> UInt256 { try token.amount(text) }

    var merchant: Address { DemoCatalog.merchant }

    func run(_ id: String) async throws -> ExecutionLog { try await paygent.executionLog(id: id) }
}

/// Runs `body` with a fresh world and always tears it down.
func withWorld<T>(configuration: AgentRuntimeConfiguration = AgentRuntimeConfiguration(),
                  policy: (inout PolicySettings) -> Void = { _ in },
                  _ body: (TestWorld) async throws -> T) async throws -> T {
    let world = try await TestWorld.make(configuration: configuration, policy: policy)
    do {
        let result = try await body(world)
        await world.close()
        return result
    } catch {
        await world.close()
        throw error
    }
}

/// Reads the event log from its start, then live, until `done` says so: true when it did before
/// `timeout`. Tests wait on this signal instead of sleeping and polling.
func awaitEvents(_ api: any PaygentAPI, timeout: Duration = .seconds(60), until done: (PaygentEvent) async throws -> Bool) async throws -> Bool {
    let (events, sink) = AsyncStream<PaygentEvent>.makeStream()
    let source = api.subscribe(after: 0)
    let forward = Task {
        do { for try await event in source { sink.yield(event) } } catch {}
        sink.finish()
    }
    let timer = Task {
        try? await Task.sleep(for: timeout)
        sink.finish()
    }
    defer { forward.cancel(); timer.cancel() }
    for await event in events where try await done(event) { return true }
    return false
}

/// Waits until `count` events of `type` for `sessionID` are in the log (at most `timeout`).
func awaitEvents(_ api: any PaygentAPI, _ type: EventType, session sessionID: String, count: Int, timeout: Duration = .seconds(60)) async throws -> Bool {
    var seen = 0
    return try await awaitEvents(api, timeout: timeout) { event in
        if event.sessionID == sessionID, event.type == type { seen += 1 }
        return seen >= count
    }
}

/// The first value `stream` yields, or nil when `timeout` passes first (the stream is then
/// finished through `sink`). A signal to wait on instead of a sleep.
func firstValue<T: Sendable>(of stream: AsyncStream<T>, finishing sink: AsyncStream<T>.Continuation,
                             within timeout: Duration) async throws -> T? {
    let timer = Task {
        try? await Task.sleep(for: timeout)
        sink.finish()
    }
    defer { timer.cancel() }
    for await value in stream { return value }
    return nil
}
