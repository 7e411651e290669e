import PaygentEVM
import PaygentFoundation

/// Durable storage of the control plane: sessions, services, payments, holds, approvals,
/// execution logs, subscriptions, API tokens, the event log, the facilitator ledger, settings.
///
/// Stores are deliberately dumb: every rule (policy, approvals, kill) lives in PaygentCore and
/// runs inside ``write(_:)``, which the store must serialize — one write transaction at a time,
/// committed atomically or not at all. That is what makes hold-then-check race-free.
///
/// After each committed write the store publishes the events it appended to ``eventHub``, in
/// sequence order, before the next write starts.
///
/// The transaction body is synchronous on purpose (see the README's "Store transactions under an
/// async PostgreSQL driver"): a store over an async driver runs it on a dedicated thread that
/// blocks on the driver's futures, and serialises writes in the database (SQLite's single writer;
/// PostgreSQL's transaction-level advisory lock), so the rules run unchanged on every store.
public protocol Store: Sendable {
    /// Runs `body` in one serialized read-write transaction. A throw rolls everything back
    /// (rows, events and rolling-window bookkeeping alike).
    ///
    /// `body` may run on a thread that is not a Swift concurrency thread, and may block there. It
    /// may be run more than once (again after a retryable failure such as a serialisation failure
    /// or a deadlock), so it must have no effect outside the transaction: callers make ids and
    /// read the clock before calling `write`. Events it appends are published after the commit.
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T
    /// Runs `body` against a consistent snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T
    /// Where committed events are published.
    var eventHub: EventHub { get }
    /// Closes the store; later calls fail.
    func close() async throws
}

/// Reads available inside ``Store/read(_:)`` and ``Store/write(_:)``.
public protocol StoreReader {
    // Settings
    /// The global policy (defaults when never set).
    func policySettings() throws -> PolicySettings
    /// The global pause switch.
    func controlState() throws -> ControlState

    // Sessions
    func session(id: String) throws -> AgentSession?
    func sessions(_ query: SessionQuery) throws -> Page<AgentSession>
    /// Sessions that are running, paused or awaiting approval.
    func liveSessions() throws -> [AgentSession]
    func sessionCounts() throws -> [SessionStatus: Int]

    // Registry
    func service(id: String) throws -> Service?
    func service(endpoint: String) throws -> Service?
    /// The id of the service whose endpoint is the first of `endpoints` that is registered
    /// (callers list the longest first).
    func serviceID(endpoints: [String]) throws -> String?
    func services(_ query: ServiceQuery) throws -> Page<Service>

    // Payments and holds
    func payment(id: String) throws -> Payment?
    func payments(_ query: PaymentQuery) throws -> Page<Payment>
    func paymentStats(_ query: PaymentQuery) throws -> PaymentStats
    /// (created_at, amount_usd, status) of payments created at or after `since`, oldest first.
    func paymentAmounts(since: Timestamp) throws -> [(Timestamp, USDAmount, PaymentStatus)]
    /// Payments whose outcome is not recorded yet (`pending`, `signed`, `unknown`), ordered by
    /// (validBefore, id), starting after the payment `after` (a page cursor) when given.
    func inFlightPayments(after: Payment?, limit: Int) throws -> [Payment]
    func hold(id: String) throws -> Hold?
    /// The most recent hold of `purchaseID` that is held or captured.
    func liveHold(purchaseID: String) throws -> Hold?
    /// Holds of a session with `status`.
    func holds(sessionID: String, status: HoldStatus) throws -> [Hold]
    /// Sum under `key` of holds (held or captured) created in `(now − 24 h, now]`.
    func rollingTotal(_ key: WindowKey, now: Timestamp) throws -> UInt256
    /// Creation time of the oldest hold counted under `key` now.
    func rollingOldest(_ key: WindowKey, now: Timestamp) throws -> Timestamp?
    /// Every non-zero rolling total now.
    func rollingTotals(now: Timestamp) throws -> [(WindowKey, UInt256)]
    /// Holds taken under `key` in `(now − 60 s, now]`.
    func recentAttempts(_ key: VelocityKey, now: Timestamp) throws -> Int

    // Approvals
    func approval(id: String) throws -> ApprovalRequest?
    /// The most recent approval request for `purchaseID`.
    func approval(purchaseID: String) throws -> ApprovalRequest?
    func approvals(_ query: ApprovalQuery) throws -> Page<ApprovalRequest>
    /// Pending requests whose deadline is at or before `now`, oldest deadline first.
    func overdueApprovals(now: Timestamp, limit: Int) throws -> [ApprovalRequest]
    func pendingApprovalCount(sessionID: String?) throws -> Int

    // Events
    func events(_ query: EventQuery) throws -> EventPage
    func latestEventSeq() throws -> Int64

    // Execution logs
    func executionLog(id: String) throws -> ExecutionLog?
    func executionLogs(_ query: LogQuery) throws -> Page<ExecutionLog>
    func executionLogSummary(sessionID: String) throws -> ExecutionLogSummary
    /// Ids of runs (execution logs) that are `running` or `awaiting_approval`, in id order, after
    /// `after` (a page cursor: the order does not change when a resumed run changes status).
    func unfinishedRunIDs(after: String?, limit: Int) throws -> [String]
    /// The lease on run `logID`, if one was ever claimed.
    func runLease(logID: String) throws -> RunLease?

    // Ledger
    func ledgerBalance(owner: Address, token: Address) throws -> UInt256
    func ledgerBalances(owner: Address) throws -> [(token: Address, balance: UInt256)]
    func isNonceUsed(_ nonce: [UInt8], authorizer: Address, token: Address) throws -> Bool
    /// The devnet ERC-20 allowance `owner` granted `spender` in `token` (zero when none).
    func ledgerAllowance(owner: Address, spender: Address, token: Address) throws -> UInt256
    /// The ledger transaction that used `nonce`, if it was used.
    func nonceTransaction(_ nonce: [UInt8], authorizer: Address, token: Address) throws -> String?
    func walletTransactions(wallet: Address?, page: PageRequest) throws -> Page<WalletTransaction>

    // Subscriptions and API tokens
    func subscription(id: String) throws -> ServiceSubscription?
    func subscriptions(sessionID: String?) throws -> [ServiceSubscription]
    func apiToken(id: String) throws -> APIToken?
    /// The token whose secret hashes to `secretHash` (hex).
    func apiToken(secretHash: String) throws -> APIToken?
    func apiTokens() throws -> [APIToken]

    // Idempotency keys (the HTTP server's `Idempotency-Key`)
    /// The record of `key` used by `scope`, if any.
    func idempotencyRecord(scope: String, key: String) throws -> IdempotencyRecord?
}

/// Writes available inside ``Store/write(_:)``.
public protocol StoreTransaction: StoreReader {
    func setPolicySettings(_ settings: PolicySettings) throws
    func setControlState(_ state: ControlState) throws

    func insertSession(_ session: AgentSession) throws
    func updateSession(_ session: AgentSession) throws

    func insertService(_ service: Service) throws
    func updateService(_ service: Service) throws

    /// Inserts an allowed payment (status pending) with its hold (status held), and counts the
    /// hold in the rolling windows. The two are written together because they live and change
    /// together: a store may keep them in one row.
    func insertPayment(_ payment: Payment, hold: Hold) throws
    /// Saves a payment's new status and its hold's; released holds leave the rolling windows,
    /// re-captured ones return.
    func updatePayment(_ payment: Payment, hold: Hold) throws

    func insertApproval(_ approval: ApprovalRequest) throws
    func updateApproval(_ approval: ApprovalRequest) throws

    /// Appends an event with the next sequence number.
    func appendEvent(_ event: NewEvent, at time: Timestamp) throws -> PaygentEvent

    func insertExecutionLog(_ log: ExecutionLog) throws
    func updateExecutionLog(_ log: ExecutionLog) throws
    /// Claims (or, with nil, gives up) the lease on run `logID`.
    func setRunLease(_ lease: RunLease?, logID: String) throws
    /// Extends to `expiresAt` every lease `owner` holds on an unfinished run; returns how many.
    func renewRunLeases(owner: String, until expiresAt: Timestamp) throws -> Int

    func setLedgerBalance(_ balance: UInt256, owner: Address, token: Address) throws
    func setLedgerAllowance(_ amount: UInt256, owner: Address, spender: Address, token: Address) throws
    func markNonceUsed(_ nonce: [UInt8], authorizer: Address, token: Address, transactionHash: String, at time: Timestamp) throws
    func insertWalletTransaction(_ transaction: WalletTransaction) throws

    func insertSubscription(_ subscription: ServiceSubscription) throws
    func updateSubscription(_ subscription: ServiceSubscription) throws
    func insertAPIToken(_ token: APIToken, secretHash: String) throws
    func updateAPIToken(_ token: APIToken) throws

    /// Inserts or replaces the record of (`scope`, `key`).
    func putIdempotencyRecord(_ record: IdempotencyRecord) throws
    func deleteIdempotencyRecord(scope: String, key: String) throws
}
