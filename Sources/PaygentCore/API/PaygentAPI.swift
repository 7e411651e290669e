import PaygentEVM
import PaygentFoundation

/// The one protocol every front end uses: the console, the CLI, the HTTP server's handlers.
///
/// Two implementations: ``EmbeddedPaygent`` (the core in-process, on a local store) and
/// `RemotePaygent` (HTTP to `paygent serve`). One contract test suite runs against both.
///
/// Conventions:
/// - Every method throws only ``PaygentError``; ``PaygentError/code`` tells bad input
///   (`invalid_input`, nothing written) from a missing id (`not_found`), a lost race
///   (`conflict`), an expired approval (`expired`), and infrastructure failures.
/// - Commands take `by`: who is acting (`operator:alice`, `cli`, `console`), recorded in the
///   event each command appends. A server replaces it with the authenticated caller.
/// - Lists page with offset + limit (limit 1…100) and report `total`.
/// - Amounts are exact: base units as ``UInt256``, USD as ``USDAmount``; text inputs
///   (`"0.10"`) are parsed exactly by the core and rejected when over-precise or negative.
public protocol PaygentAPI: Sendable {
    // MARK: Overview and global control

    /// Header data: global pause, default wallet, spend today, session counts, pending approvals, latest seq.
    func overview() async throws(PaygentError) -> Overview
    /// The global pause switch.
    func controlState() async throws(PaygentError) -> ControlState
    /// Freezes every payment (panic stop) until ``resumeAll(by:)``. Conflict when already paused.
    func pauseAll(reason: String?, by actor: String) async throws(PaygentError) -> ControlState
    /// Lifts the global pause. Conflict when not paused.
    func resumeAll(by actor: String) async throws(PaygentError) -> ControlState
    /// The global policy (limits, thresholds, price table).
    func policy() async throws(PaygentError) -> PolicySettings
    /// Replaces the global policy.
    func updatePolicy(_ settings: PolicySettings, by actor: String) async throws(PaygentError) -> PolicySettings

    // MARK: Sessions

    /// Sessions, newest first.
    func sessions(_ query: SessionQuery) async throws(PaygentError) -> Page<AgentSession>
    /// One session.
    func session(id: String) async throws(PaygentError) -> AgentSession
    /// Starts a session in `running`.
    func createSession(_ request: CreateSessionRequest, by actor: String) async throws(PaygentError) -> AgentSession
    /// Kills a session: releases its holds, rejects its pending approvals, cancels its unsigned
    /// in-flight payments, and refuses every new one. Conflict when already finished.
    func killSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession
    /// Pauses a running (or awaiting) session: its payments are refused until resumed.
    func pauseSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession
    /// Resumes a paused session.
    func resumeSession(id: String, by actor: String) async throws(PaygentError) -> AgentSession

    // MARK: Approvals

    /// Approval requests (pending by default, oldest first).
    func approvals(_ query: ApprovalQuery) async throws(PaygentError) -> Page<ApprovalRequest>
    /// One request.
    func approval(id: String) async throws(PaygentError) -> ApprovalRequest
    /// Approves as asked. Conflict when already decided, `expired` after the deadline.
    func approve(id: String, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult
    /// Rejects; the payment fails with `reason`. Conflict/expired as for approve.
    func reject(id: String, reason: String?, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult
    /// Approves with edited arguments and/or a lower (or equal) amount.
    func editApproval(id: String, _ edit: ApprovalEdit, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult

    // MARK: Payments

    /// Payment history, newest first.
    func payments(_ query: PaymentQuery) async throws(PaygentError) -> Page<Payment>
    /// One payment.
    func payment(id: String) async throws(PaygentError) -> Payment
    /// Counts and confirmed USD for the payments matching `query` (its page is ignored).
    func paymentStats(_ query: PaymentQuery) async throws(PaygentError) -> PaymentStats

    // MARK: Registry

    /// Services matching the filters, highest reputation first.
    func discoverServices(_ query: ServiceQuery) async throws(PaygentError) -> Page<Service>
    /// One service.
    func service(id: String) async throws(PaygentError) -> Service
    /// A service's price.
    func pricing(serviceID: String) async throws(PaygentError) -> ServicePricing
    /// Registers a service. Conflict when its endpoint is already registered.
    func registerService(_ service: NewService, by actor: String) async throws(PaygentError) -> Service
    /// Changes the given fields of a service.
    func updateService(id: String, _ update: ServiceUpdate, by actor: String) async throws(PaygentError) -> Service

    // MARK: Execution logs

    /// Agent runs, newest first.
    func executionLogs(_ query: LogQuery) async throws(PaygentError) -> Page<ExecutionLog>
    /// One run.
    func executionLog(id: String) async throws(PaygentError) -> ExecutionLog
    /// Totals of a session's runs.
    func executionLogSummary(sessionID: String) async throws(PaygentError) -> ExecutionLogSummary

    // MARK: Wallet and budgets

    /// Balances of `wallet` (nil = the policy's default wallet) in every priced token.
    func walletBalance(wallet: Address?) async throws(PaygentError) -> WalletBalance
    /// Rolling 24 h allowance of `wallet` (nil = the default wallet).
    func walletAllowance(wallet: Address?) async throws(PaygentError) -> WalletAllowance
    /// Ledger movements in or out of `wallet` (nil = all), newest first.
    func walletTransactions(wallet: Address?, page: PageRequest) async throws(PaygentError) -> Page<WalletTransaction>
    /// Budget gauges: live sessions, per wallet/token usage, per wallet allowance.
    func budgets() async throws(PaygentError) -> BudgetOverview
    /// USD spent per bucket from `since` to now (`bucketSeconds` 1…86,400, at most 1,440 buckets).
    func spendSeries(since: Timestamp, bucketSeconds: Int) async throws(PaygentError) -> [SpendPoint]

    // MARK: Events

    /// A window of the event log.
    func events(_ query: EventQuery) async throws(PaygentError) -> EventPage
    /// Every event with seq > `after` (nil = only new ones), then live events as they are
    /// appended, in order, without gaps or duplicates. Cancelling the consuming task ends it.
    func subscribe(after: Int64?) -> AsyncThrowingStream<PaygentEvent, any Error>

    // MARK: API tokens (the HTTP server's bearer tokens)

    /// Every token (without secrets), oldest first.
    func apiTokens() async throws(PaygentError) -> [APIToken]
    /// Issues a token; the secret is in the result only, the store keeps a hash.
    func issueAPIToken(name: String, role: APITokenRole, by actor: String) async throws(PaygentError) -> IssuedAPIToken
    /// Revokes a token. Conflict when already revoked.
    func revokeAPIToken(id: String, by actor: String) async throws(PaygentError) -> APIToken
    /// The live (not revoked) token with this secret, or nil.
    func authenticate(secret: String) async throws(PaygentError) -> APIToken?
}
