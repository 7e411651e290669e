import Foundation
import PaygentAgents
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Synchronization
import X402

/// How to start a demo fleet.
public struct DemoFleetOptions: Sendable {
    /// SQLite file to use; nil = a throwaway file in a new temporary directory (deleted by stop).
    public var databasePath: String?
    /// Seed for every random choice (intervals, bursts, auto-approval decisions).
    public var seed: UInt64
    /// Number of agents (the first five have the distinct behaviours; more are mixed).
    public var agents: Int
    /// Speed: runs per agent scale with it (1 = the demo pace, 10 = ten times faster).
    public var rate: Double
    /// Approve (and sometimes reject) approval requests automatically after `delay` — for headless
    /// runs; nil leaves them to the operator.
    public var autoApprove: AutoApprove?
    /// Devnet USDC minted to each agent wallet.
    public var fundingPerWallet: String
    /// Whether agents start running at once (false: only services, wallets and sessions).
    public var startAgents: Bool
    /// Agent planner (default: the rule planner).
    public var planner: (any Planner)?

    /// Automatic decisions on approval requests.
    public struct AutoApprove: Sendable, Hashable {
        /// How long after the request the decision is made.
        public var delay: Duration
        /// Every n-th request is rejected instead (0 = never).
        public var rejectEvery: Int

        public init(delay: Duration = .seconds(2), rejectEvery: Int = 3) {
            self.delay = delay
            self.rejectEvery = rejectEvery
        }
    }

    /// Creates options.
    public init(databasePath: String? = nil, seed: UInt64 = 42, agents: Int = 5, rate: Double = 1, autoApprove: AutoApprove? = nil,
                fundingPerWallet: String = "1000", startAgents: Bool = true, planner: (any Planner)? = nil) {
        self.databasePath = databasePath
        self.seed = seed
        self.agents = agents
        self.rate = rate
        self.autoApprove = autoApprove
        self.fundingPerWallet = fundingPerWallet
        self.startAgents = startAgents
        self.planner = planner
    }
}

/// One agent of the fleet.
public struct DemoAgentInfo: Sendable, Hashable {
    /// Display name (the session name).
    public var name: String
    /// Behaviour.
    public var kind: DemoAgentKind
    /// Its session.
    public var sessionID: String
    /// Its wallet.
    public var wallet: Address
}

/// Counters of a running fleet.
public struct DemoFleetStats: Sendable, Hashable {
    /// Runs started / completed / failed / cancelled, and runs waiting for approval now.
    public var runsStarted = 0
    public var runsCompleted = 0
    public var runsFailed = 0
    public var runsCancelled = 0
    public var awaitingApproval = 0
    /// USD the finished runs paid.
    public var spentUSD: USDAmount = .zero
    /// Failures by error type.
    public var failuresByType: [String: Int] = [:]
}

/// The live demo: a control plane on SQLite, paid services on loopback HTTP settled by the local
/// facilitator on the store's ledger, funded devnet wallets, and agents with distinct behaviours.
public enum DemoFleet {
    /// The user id of the demo fleet's sessions (how a store the demo seeded is recognised).
    public static let userID = "demo"

    /// Whether the demo fleet seeded `paygent`'s store: its services settle in-process on the
    /// store's ledger, which is then final about unused nonces too.
    public static func seeded(_ paygent: some PaygentAPI) async -> Bool {
        let page = try? await paygent.sessions(SessionQuery(userID: userID, page: PageRequest(offset: 0, limit: 1)))
        return !(page?.items.isEmpty ?? true)
    }

    /// Starts everything and returns the handle (``DemoFleetHandle/api`` is what the console shows).
    public static func start(_ options: DemoFleetOptions = DemoFleetOptions()) async throws -> DemoFleetHandle {
        var temporaryDirectory: String?
        let path: String
        if let given = options.databasePath {
            path = given
        } else {
            let directory = NSTemporaryDirectory() + "paygent-demo-\(UInt64.random(in: 0...UInt64.max))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            temporaryDirectory = directory
            path = directory + "/paygent.sqlite"
        }
        let store = try SQLiteStore(path: path)
        let paygent = EmbeddedPaygent(store: store)
        do {
            return try await assemble(paygent: paygent, path: path, temporaryDirectory: temporaryDirectory, options: options)
        } catch {
            try? await paygent.close()
            if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
            throw error
        }
    }

    /// The CLI's wallet in a demo environment (devnet account 0).
    public static let cliKey = DevnetAccounts.key(0)

    /// The key of agent `index`'s wallet (devnet account index + 1).
    public static func agentKey(_ index: Int) -> PrivateKey { DevnetAccounts.key(index + 1) }

    static func assemble(paygent: EmbeddedPaygent, path: String, temporaryDirectory: String?,
                         options: DemoFleetOptions) async throws -> DemoFleetHandle {
        let services = try await DemoServiceServer.start(ledger: paygent.ledger)
        _ = try await DemoCatalog.register(baseURL: services.baseURL, in: paygent)

        // Wallets: the CLI's and one per agent, funded once (a reused database keeps its balances).
        let token = DemoCatalog.token
        let funding = try token.amount(options.fundingPerWallet)
        let count = max(0, min(options.agents, 1000))
        let keys = [cliKey] + (0..<count).map(agentKey)
        for key in keys where try await paygent.ledger.balance(of: key.address, token: token.address).isZero {
            try await DevnetAccounts.fund(key.address, with: funding, token: token.address, on: paygent.ledger)
        }
        var settings = try await paygent.policy()
        if settings.defaultWallet == nil {
            settings.defaultWallet = keys.count > 1 ? keys[1].address : keys[0].address
            settings = try await paygent.updatePolicy(settings, by: "demo")
        }

        let ring = KeyRing(keys)
        var configuration = AgentRuntimeConfiguration()
        if let planner = options.planner { configuration.planner = planner }
        let runtime = AgentRuntime(paygent: paygent, wallets: ring, facilitator: services.facilitator, configuration: configuration)
        // Start-up recovery before anything resumes: what a crashed process left is resolved first.
        try await paygent.recover(settlements: paygent.devnetSettlements)
        paygent.startMaintenance(settlements: paygent.devnetSettlements)
        let renewals = runtime.startSubscriptionRenewals()
        _ = try? await runtime.resumePendingRuns()

        var agents: [DemoAgentInfo] = []
        for index in 0..<count {
            let profile = DemoAgentProfile.make(index: index)
            let key = agentKey(index)
            var session = try await existingSession(named: profile.name, wallet: key.address, in: paygent)
            if session == nil {
                session = try await paygent.createSession(
                    CreateSessionRequest(userID: Self.userID, name: profile.name, walletAddress: key.address.checksummed,
                                         budgetLimitUSD: profile.budgetUSD, config: profile.config),
                    by: "demo")
            }
            guard let session else { continue }
            agents.append(DemoAgentInfo(name: profile.name, kind: profile.kind, sessionID: session.id, wallet: key.address))
        }
        let handle = DemoFleetHandle(
            paygent: paygent, runtime: runtime, services: services, databasePath: path, temporaryDirectory: temporaryDirectory,
            agents: agents, cliWallet: cliKey.address, options: options, background: [renewals]
        )
        if options.startAgents { handle.startAgents() }
        if let auto = options.autoApprove { handle.startAutoApprover(auto) }
        return handle
    }

    static func existingSession(named name: String, wallet: Address, in paygent: EmbeddedPaygent) async throws -> AgentSession? {
        let page = try await paygent.sessions(SessionQuery(userID: Self.userID, page: PageRequest(offset: 0, limit: 100)))
        return page.items.first { $0.name == name && $0.walletAddress == wallet && !$0.status.isTerminal }
    }
}

/// A running demo fleet.
public final class DemoFleetHandle: Sendable {
    /// The control plane, for the console (``api``) and for commands.
    public let paygent: EmbeddedPaygent
    /// The agent runtime (runs, resumptions, renewals).
    public let runtime: AgentRuntime
    /// The paid services.
    public let services: DemoServiceServer
    /// The SQLite file.
    public let databasePath: String
    /// The agents.
    public let agents: [DemoAgentInfo]
    /// The CLI's funded wallet (devnet account 0).
    public let cliWallet: Address
    let temporaryDirectory: String?
    let options: DemoFleetOptions
    private let tasks: Mutex<[Task<Void, Never>]>
    private let counters = Mutex(DemoFleetStats())
    private let stopped = Mutex(false)

    init(paygent: EmbeddedPaygent, runtime: AgentRuntime, services: DemoServiceServer, databasePath: String,
         temporaryDirectory: String?, agents: [DemoAgentInfo], cliWallet: Address, options: DemoFleetOptions,
         background: [Task<Void, Never>]) {
        self.paygent = paygent
        self.runtime = runtime
        self.services = services
        self.databasePath = databasePath
        self.temporaryDirectory = temporaryDirectory
        self.agents = agents
        self.cliWallet = cliWallet
        self.options = options
        self.tasks = Mutex(background)
    }

    /// The control plane as the one API every front end uses.
    public var api: any PaygentAPI { paygent }

    /// Base URL of the paid services.
    public var servicesURL: String { services.baseURL }

    /// Counters so far.
    public var stats: DemoFleetStats { counters.withLock { $0 } }

    /// The commands each agent would run in its first `iterations` wake-ups (what the seed decides).
    public func plannedCommands(iterations: Int) -> [String] {
        var all: [String] = []
        for (index, _) in agents.enumerated() {
            let profile = DemoAgentProfile.make(index: index)
            var generator = SeededGenerator(seed: options.seed, stream: UInt64(index + 1))
            _ = generator.jittered(1)  // the start stagger
            for iteration in 0..<iterations {
                all += profile.commands(iteration: iteration, merchant: DemoCatalog.merchant.checksummed, generator: &generator)
                _ = generator.jittered(1)  // the pause
            }
        }
        return all
    }

    /// Starts every agent's loop.
    public func startAgents() {
        for (index, agent) in agents.enumerated() {
            let profile = DemoAgentProfile.make(index: index)
            let task = Task { [self] in await self.loop(agent: agent, profile: profile, index: index) }
            tasks.withLock { $0.append(task) }
        }
    }

    private func loop(agent: DemoAgentInfo, profile: DemoAgentProfile, index: Int) async {
        var generator = SeededGenerator(seed: options.seed, stream: UInt64(index + 1))
        let rate = max(options.rate, 0.01)
        let merchant = DemoCatalog.merchant.checksummed
        var iteration = 0
        var backoff = 1.0
        // Stagger the start so the agents do not all fire at once.
        try? await Task.sleep(for: generator.jittered(Double(index % 5) * 0.3 / rate + 0.05))
        while !Task.isCancelled {
            for command in profile.commands(iteration: iteration, merchant: merchant, generator: &generator) {
                if Task.isCancelled { return }
                counters.withLock { $0.runsStarted += 1 }
                let result: AgentRunResult
                do {
                    result = try await runtime.execute(command, sessionID: agent.sessionID)
                } catch {
                    counters.withLock { $0.runsFailed += 1; $0.failuresByType[error.type.rawValue, default: 0] += 1 }
                    if error.message.contains("killed") || error.message.contains("start a new session") { return }
                    continue
                }
                record(result)
                if result.errorType == .killed { return }
                // A stopped loop backs off; a healthy one keeps its pace.
                backoff = result.errorType == .policyDenied ? min(backoff * 2, 16) : 1
            }
            iteration += 1
            try? await Task.sleep(for: generator.jittered(profile.interval * backoff / rate))
        }
    }

    private func record(_ result: AgentRunResult) {
        counters.withLock { stats in
            switch result.status {
            case .completed: stats.runsCompleted += 1
            case .failed: stats.runsFailed += 1
            case .cancelled: stats.runsCancelled += 1
            case .awaitingApproval, .running: break
            }
            if let type = result.errorType, result.status != .completed { stats.failuresByType[type.rawValue, default: 0] += 1 }
            stats.spentUSD = stats.spentUSD.adding(result.totalCostUSD) ?? stats.spentUSD
            stats.awaitingApproval = runtime.activeRunIDs.count
        }
    }

    /// Decides approval requests automatically (headless demos and load runs).
    func startAutoApprover(_ auto: DemoFleetOptions.AutoApprove) {
        let stream = paygent.subscribe(after: nil)
        let task = Task { [paygent] in
            var seen = 0
            do {
                for try await event in stream where event.type == .approvalRequested {
                    guard let id = event.subjectID else { continue }
                    seen += 1
                    let reject = auto.rejectEvery > 0 && seen % auto.rejectEvery == 0
                    Task {
                        try? await Task.sleep(for: auto.delay)
                        if reject {
                            _ = try? await paygent.reject(id: id, reason: "auto-rejected by the demo", by: "demo:auto-approver")
                        } else {
                            _ = try? await paygent.approve(id: id, by: "demo:auto-approver")
                        }
                    }
                }
            } catch {}
        }
        tasks.withLock { $0.append(task) }
    }

    /// Stops the agents, the runtime, the services and the store; deletes a throwaway database.
    public func stop() async {
        let first = stopped.withLock { value -> Bool in
            defer { value = true }
            return !value
        }
        guard first else { return }
        let running = tasks.withLock { tasks -> [Task<Void, Never>] in
            defer { tasks = [] }
            return tasks
        }
        for task in running { task.cancel() }
        await runtime.shutdown()
        for task in running { _ = await task.value }
        await services.stop()
        try? await paygent.close()
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }
}
