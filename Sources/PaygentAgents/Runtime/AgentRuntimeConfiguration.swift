import Http
import X402Client
import PaygentCore
import X402

/// How an ``AgentRuntime`` plans, calls services and pays.
public struct AgentRuntimeConfiguration: Sendable {
    /// The default planner (a run may bring its own).
    public var planner: any Planner
    /// The tools agents can use (each session's allow-list narrows them).
    public var tools: [any AgentTool]
    /// HTTP for x402 purchases.
    public var transport: any X402Transport
    /// Retries of service calls (429, 5xx, transport errors).
    public var retry: X402RetryPolicy
    /// Time, sleeping and nonces of the payer.
    public var environment: X402PayerEnvironment
    /// Devnet tokens `transfer` can move (EIP-712 domains).
    public var paymentTokens: [PaymentToken]
    /// How deep subagents may nest.
    public var maxSubagentDepth: Int
    /// Largest service response kept in a step result, bytes.
    public var responsePreviewBytes: Int
    /// How often a run on a paused session checks whether it was resumed.
    public var pausePollInterval: Duration
    /// How often a run waiting for approval re-reads the request, for decisions made by another
    /// process on the same database (decisions made in this process wake it at once).
    public var approvalPollInterval: Duration
    /// How long a run's lease lasts unless renewed: the runtime renews its leases every third of
    /// it; another process may take over a run only after its lease lapsed (or its process exited).
    public var runLeaseDuration: Duration = .seconds(15)

    /// The seven standard tools.
    public static var standardTools: [any AgentTool] {
        [DiscoverServicesTool(), GetPricingTool(), X402FetchTool(), CheckBalanceTool(), TransferTool(), SubscribeTool(), SpawnSubagentTool()]
    }

    /// Retries suited to agents: three attempts, 100 ms doubling, within 15 s.
    public static let agentRetry = X402RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(100), maxBackoff: .seconds(2),
                                                   maxTotalTime: .seconds(15))

    /// Creates a configuration.
    public init(
        planner: any Planner = RulePlanner(), tools: [any AgentTool] = AgentRuntimeConfiguration.standardTools,
        transport: any X402Transport = HTTPClient.shared, retry: X402RetryPolicy = AgentRuntimeConfiguration.agentRetry,
        environment: X402PayerEnvironment = .live, paymentTokens: [PaymentToken] = [.cronosTestnetUSDC],
        maxSubagentDepth: Int = 3, responsePreviewBytes: Int = 4096, pausePollInterval: Duration = .milliseconds(200),
        approvalPollInterval: Duration = .milliseconds(250)
    ) {
        self.planner = planner
        self.tools = tools
        self.transport = transport
        self.retry = retry
        self.environment = environment
        self.paymentTokens = paymentTokens
        self.maxSubagentDepth = maxSubagentDepth
        self.responsePreviewBytes = responsePreviewBytes
        self.pausePollInterval = pausePollInterval
        self.approvalPollInterval = approvalPollInterval
    }
}
