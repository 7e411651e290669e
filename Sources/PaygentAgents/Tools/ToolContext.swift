import PaygentCore
import PaygentEVM

/// Starts a nested run for `spawn_subagent`: command, budget slice (USD), the invocation (for its
/// purchase id and a child run to resume). Provided by the runtime.
public typealias SubagentLauncher = @Sendable (_ command: String, _ budgetUSD: USDAmount?, _ invocation: ToolInvocation) async -> ToolOutcome

/// Everything a tool may use while it runs.
public struct ToolContext: Sendable {
    /// The control plane.
    public let paygent: any AgentHost
    /// The session the run belongs to (as read when the step started).
    public let session: AgentSession
    /// The run.
    public let runID: String
    /// Nesting depth: 0 for a top-level run, 1 for its subagents, …
    public let depth: Int
    /// What is left of the run's budget slice (subagents), USD; nil = only the session budget applies.
    public let sliceRemainingUSD: USDAmount?
    /// The global policy as read when the run started (price table).
    public let settings: PolicySettings
    /// Payments.
    public let payments: PaymentGateway
    /// Runtime settings.
    public let configuration: AgentRuntimeConfiguration
    /// Starts subagents.
    public let spawn: SubagentLauncher

    /// The USD value of `amount` of `token`, zero when the token is not priced.
    public func usdValue(_ amount: UInt256, token: Address) -> USDAmount {
        settings.priceTable.token(token)?.usdValue(of: amount) ?? .zero
    }

    /// `amount` of `token` as `"0.10 USDC"`.
    public func format(_ amount: UInt256, token: Address) -> String {
        guard let info = settings.priceTable.token(token) else { return "\(amount) base units of \(token.checksummed)" }
        return "\(info.format(amount)) \(info.symbol)"
    }
}
