import PaygentCore
import PaygentFoundation
import PaygentEVM
import Synchronization
import X402

/// An ``AgentHost`` that is not ``EmbeddedPaygent``: it forwards every call to the real embedded
/// control plane (SQLite on a temporary file) and notes which protocol methods were called. A
/// runtime that works over it reaches the control plane through the protocol alone — nothing it
/// does could depend on the embedded type's internals — as it will over a remote host.
final class ForwardingHost: AgentHost {
    let inner: any AgentHost
    private let calls = Mutex<[String: Int]>([:])

    init(_ inner: any AgentHost) { self.inner = inner }

    /// How often `method` was called.
    func count(_ method: String) -> Int { calls.withLock { $0[method] ?? 0 } }

    private func note(_ method: String) { calls.withLock { $0[method, default: 0] += 1 } }

    var runOwner: String { inner.runOwner }
    var clock: any WallClock { inner.clock }
    func requestApproval(sessionID: String, toolName: String, toolArgs: JSONValue, amount: UInt256?, token: Address?,
                         payee: Address?, reason: String, by actor: String) async throws(PaygentError) -> ApprovalRequest {
        note("requestApproval")
        return try await inner.requestApproval(sessionID: sessionID, toolName: toolName, toolArgs: toolArgs, amount: amount, token: token,
                                               payee: payee, reason: reason, by: actor)
    }
    func createSubscription(sessionID: String, serviceID: String, periodSeconds: Int64, autoRenew: Bool,
                            by actor: String) async throws(PaygentError) -> ServiceSubscription {
        note("createSubscription")
        return try await inner.createSubscription(sessionID: sessionID, serviceID: serviceID, periodSeconds: periodSeconds, autoRenew: autoRenew, by: actor)
    }
    func overview() async throws(PaygentError) -> Overview { note("overview"); return try await inner.overview() }
    func controlState() async throws(PaygentError) -> ControlState { note("controlState"); return try await inner.controlState() }
    func pauseAll(reason: String?, by actor: String) async throws(PaygentError) -> ControlState { note("pauseAll"); return try await inner.pauseAll(reason: reason, by: actor) }
    func resumeAll(by actor: String) async throws(PaygentError) -> ControlState { note("resumeAll"); return try await inner.resumeAll(by: actor) }
    func policy() async throws(PaygentError) -> PolicySettings { note("policy"); return try await inner.policy() }
    func updatePolicy(_ settings: PolicySettings, by actor: String) async throws(PaygentError) -> PolicySettings { note("updatePolicy"); return try await inner.updatePolicy(settings, by: actor) }
    func sessions(_ query: SessionQuery) async throws(PaygentError) -> Page<AgentSession> { note("sessions"); return try await inner.sessions(query) }
    func session(id: String) async throws(PaygentError) -> AgentSession { note("session"); return try await inner.session(id: id) }
    func createSession(_ request: CreateSessionRequest, by actor: String) async throws(PaygentError) -> AgentSession { note("createSession"); return try await inner.createSession(request, by: actor) }
    func killSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession { note("killSession"); return try await inner.killSession(id: id, reason: reason, by: actor) }
    func pauseSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession { note("pauseSession"); return try await inner.pauseSession(id: id, reason: reason, by: actor) }
    func resumeSession(id: String, by actor: String) async throws(PaygentError) -> AgentSession { note("resumeSession"); return try await inner.resumeSession(id: id, by: actor) }
    func approvals(_ query: ApprovalQuery) async throws(PaygentError) -> Page<ApprovalRequest> { note("approvals"); return try await inner.approvals(query) }
    func approval(id: String) async throws(PaygentError) -> ApprovalRequest { note("approval"); return try await inner.approval(id: id) }
    func approve(id: String, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult { note("approve"); return try await inner.approve(id: id, by: actor) }
    func reject(id: String, reason: String?, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult { note("reject"); return try await inner.reject(id: id, reason: reason, by: actor) }
    func editApproval(id: String, _ edit: ApprovalEdit, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult { note("editApproval"); return try await inner.editApproval(id: id, edit, by: actor) }
    func payments(_ query: PaymentQuery) async throws(PaygentError) -> Page<Payment> { note("payments"); return try await inner.payments(query) }
    func payment(id: String) async throws(PaygentError) -> Payment { note("payment"); return try await inner.payment(id: id) }
    func paymentStats(_ query: PaymentQuery) async throws(PaygentError) -> PaymentStats { note("paymentStats"); return try await inner.paymentStats(query) }
    func discoverServices(_ query: ServiceQuery) async throws(PaygentError) -> Page<Service> { note("discoverServices"); return try await inner.discoverServices(query) }
    func service(id: String) async throws(PaygentError) -> Service { note("service"); return try await inner.service(id: id) }
    func pricing(serviceID: String) async throws(PaygentError) -> ServicePricing { note("pricing"); return try await inner.pricing(serviceID: serviceID) }
    func registerService(_ service: NewService, by actor: String) async throws(PaygentError) -> Service { note("registerService"); return try await inner.registerService(service, by: actor) }
    func updateService(id: String, _ update: ServiceUpdate, by actor: String) async throws(PaygentError) -> Service { note("updateService"); return try await inner.updateService(id: id, update, by: actor) }
    func executionLogs(_ query: LogQuery) async throws(PaygentError) -> Page<ExecutionLog> { note("executionLogs"); return try await inner.executionLogs(query) }
    func executionLog(id: String) async throws(PaygentError) -> ExecutionLog { note("executionLog"); return try await inner.executionLog(id: id) }
    func executionLogSummary(sessionID: String) async throws(PaygentError) -> ExecutionLogSummary { note("executionLogSummary"); return try await inner.executionLogSummary(sessionID: sessionID) }
    func walletBalance(wallet: Address?) async throws(PaygentError) -> WalletBalance { note("walletBalance"); return try await inner.walletBalance(wallet: wallet) }
    func walletAllowance(wallet: Address?) async throws(PaygentError) -> WalletAllowance { note("walletAllowance"); return try await inner.walletAllowance(wallet: wallet) }
    func walletTransactions(wallet: Address?, page: PageRequest) async throws(PaygentError) -> Page<WalletTransaction> { note("walletTransactions"); return try await inner.walletTransactions(wallet: wallet, page: page) }
    func budgets() async throws(PaygentError) -> BudgetOverview { note("budgets"); return try await inner.budgets() }
    func spendSeries(since: Timestamp, bucketSeconds: Int) async throws(PaygentError) -> [SpendPoint] { note("spendSeries"); return try await inner.spendSeries(since: since, bucketSeconds: bucketSeconds) }
    func events(_ query: EventQuery) async throws(PaygentError) -> EventPage { note("events"); return try await inner.events(query) }
    func subscribe(after: Int64?) -> AsyncThrowingStream<PaygentEvent, any Error> { note("subscribe"); return inner.subscribe(after: after) }
    func makeID(_ prefix: String) -> String { note("makeID"); return inner.makeID(prefix) }
    func authorizePayment(_ intent: PaymentIntent, context: PaymentContext) async throws(PaygentError) -> PolicyDecision { note("authorizePayment"); return try await inner.authorizePayment(intent, context: context) }
    func recordSigned(_ intent: PaymentIntent, holdID: String?, nonce: [UInt8], actor: String?) async throws(PaygentError) { note("recordSigned"); return try await inner.recordSigned(intent, holdID: holdID, nonce: nonce, actor: actor) }
    func recordPaymentOutcome(_ outcome: PaymentOutcome, intent: PaymentIntent, holdID: String?, actor: String?) async throws(PaygentError) { note("recordPaymentOutcome"); return try await inner.recordPaymentOutcome(outcome, intent: intent, holdID: holdID, actor: actor) }
    func cancelUnsignedPayment(_ intent: PaymentIntent, holdID: String?, reason: String, actor: String?) async throws(PaygentError) { note("cancelUnsignedPayment"); return try await inner.cancelUnsignedPayment(intent, holdID: holdID, reason: reason, actor: actor) }
    func resolvePayment(id: String, outcome: PaymentResolution, by actor: String) async throws(PaygentError) -> Payment { note("resolvePayment"); return try await inner.resolvePayment(id: id, outcome: outcome, by: actor) }
    func liveHold(purchaseID: String) async throws(PaygentError) -> Hold? { note("liveHold"); return try await inner.liveHold(purchaseID: purchaseID) }
    func appendEvent(_ event: NewEvent) async throws(PaygentError) -> PaygentEvent { note("appendEvent"); return try await inner.appendEvent(event) }
    func approval(purchaseID: String) async throws(PaygentError) -> ApprovalRequest? { note("approval"); return try await inner.approval(purchaseID: purchaseID) }
    func waitForDecision(approvalID id: String) async throws(PaygentError) -> ApprovalRequest { note("waitForDecision"); return try await inner.waitForDecision(approvalID: id) }
    func expireOverdueApprovals() async throws(PaygentError) -> Int { note("expireOverdueApprovals"); return try await inner.expireOverdueApprovals() }
    func finishSession(id: String, status: SessionStatus, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession { note("finishSession"); return try await inner.finishSession(id: id, status: status, reason: reason, by: actor) }
    func startExecutionLog(sessionID: String, command: String, plan: JSONValue) async throws(PaygentError) -> ExecutionLog { note("startExecutionLog"); return try await inner.startExecutionLog(sessionID: sessionID, command: command, plan: plan) }
    func updateExecutionLog(_ log: ExecutionLog) async throws(PaygentError) -> ExecutionLog { note("updateExecutionLog"); return try await inner.updateExecutionLog(log) }
    func createRun(_ log: ExecutionLog, lease: RunLease, events: [NewEvent]) async throws(PaygentError) -> RunWrite { note("createRun"); return try await inner.createRun(log, lease: lease, events: events) }
    func saveRun(_ log: ExecutionLog, lease: RunLease, events: [NewEvent], gated: Bool) async throws(PaygentError) -> RunWrite { note("saveRun"); return try await inner.saveRun(log, lease: lease, events: events, gated: gated) }
    func claimRun(logID: String, lease: RunLease) async throws(PaygentError) -> RunLease? { note("claimRun"); return try await inner.claimRun(logID: logID, lease: lease) }
    func renewRunLeases(owner: String, until expiresAt: Timestamp) async throws(PaygentError) -> Int { note("renewRunLeases"); return try await inner.renewRunLeases(owner: owner, until: expiresAt) }
    func unfinishedRunIDs(after: String?, limit: Int) async throws(PaygentError) -> [String] { note("unfinishedRunIDs"); return try await inner.unfinishedRunIDs(after: after, limit: limit) }
    func changeSubscription(id: String, to status: String, by actor: String) async throws(PaygentError) -> ServiceSubscription { note("changeSubscription"); return try await inner.changeSubscription(id: id, to: status, by: actor) }
    func subscriptions(sessionID: String?) async throws(PaygentError) -> [ServiceSubscription] { note("subscriptions"); return try await inner.subscriptions(sessionID: sessionID) }
    func service(endpoint: String) async throws(PaygentError) -> Service? { note("service"); return try await inner.service(endpoint: endpoint) }
}
