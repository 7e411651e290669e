import PaygentEVM
import PaygentFoundation
import X402

/// What an agent runtime needs from a control plane, beside what every front end reads through
/// ``PaygentAPI``: payments authorised and recorded under policy, events appended, approvals
/// requested and awaited, execution logs and run leases written, subscriptions kept.
///
/// Two implementations, as for ``PaygentAPI``: ``EmbeddedPaygent`` (the core in-process on a local
/// ``Store``) and a remote client over HTTP to `paygent serve`. Every method is shaped so that a
/// remote one can implement it: value types in and out, every failure a ``PaygentError``, async.
/// Each command is one store transaction on the host's side — a remote call never leaves half a
/// change behind, and the checks a write depends on (a session's status, a run's lease) are made in
/// the same transaction as the write.
///
/// The payment calls follow the payment state machine: ``authorizePayment(_:context:)`` takes a
/// hold and writes a `pending` payment (or denies, or asks a human); ``recordSigned(_:holdID:nonce:actor:)``
/// makes it `signed` durably before the authorisation may leave the process;
/// ``recordPaymentOutcome(_:intent:holdID:actor:)`` captures (`confirmed`), releases (`failed`) or keeps
/// the hold (`unknown`). ``paymentPolicy(sessionID:serviceID:toolName:toolArgs:)`` wraps them for the
/// x402 payer.
public protocol AgentHost: PaygentAPI {
    // MARK: Identity, time, ids

    /// The owner id (``StoreOwner/id``) under which this host's runs are leased. A lease whose
    /// owner is a process on the store's machine also ends when that process is gone; a remote
    /// host's owner is not, so only the lease's expiry ends it.
    var runOwner: String { get }
    /// The clock runs are timed with.
    var clock: any WallClock { get }
    /// A new unique id starting with `prefix` and an underscore (`log_…`).
    func makeID(_ prefix: String) -> String

    // MARK: Payments

    /// Decides about `intent` under the policy; an allow has taken its hold (and written a
    /// `pending` payment) when this returns. Idempotent per ``PaymentIntent/purchaseID``.
    func authorizePayment(_ intent: PaymentIntent, context: PaymentContext) async throws(PaygentError) -> PolicyDecision
    /// Makes the allowed payment `signed` with `nonce`, durably; only then may the authorisation
    /// be sent. Refused (`conflict`) when the payment is no longer `pending` or its session may no
    /// longer pay — the unsigned hold is then released.
    func recordSigned(_ intent: PaymentIntent, holdID: String?, nonce: [UInt8], actor: String?) async throws(PaygentError)
    /// Applies the outcome of an allowed payment: capture (`confirmed`), release (`failed`), or keep
    /// the hold (`unknown`).
    func recordPaymentOutcome(_ outcome: PaymentOutcome, intent: PaymentIntent, holdID: String?, actor: String?) async throws(PaygentError)
    /// Releases the hold of `intent`'s payment while it is unsigned; a signed one is left alone.
    func cancelUnsignedPayment(_ intent: PaymentIntent, holdID: String?, reason: String, actor: String?) async throws(PaygentError)
    /// Resolves a payment whose outcome was pending or unknown (an operator's `payments resolve`).
    func resolvePayment(id: String, outcome: PaymentResolution, by actor: String) async throws(PaygentError) -> Payment
    /// The most recent hold of `purchaseID` that is held or captured (a step that paid before a
    /// restart must not pay again).
    func liveHold(purchaseID: String) async throws(PaygentError) -> Hold?

    // MARK: Events

    /// Appends an event (the runtime's `agent.*` types) in its own transaction.
    @discardableResult
    func appendEvent(_ event: NewEvent) async throws(PaygentError) -> PaygentEvent

    // MARK: Approvals

    /// Records an approval request for a step that is not an x402 payment.
    func requestApproval(sessionID: String, toolName: String, toolArgs: JSONValue, amount: UInt256?, token: Address?,
                         payee: Address?, reason: String, by actor: String) async throws(PaygentError) -> ApprovalRequest
    /// The most recent approval request gating `purchaseID`.
    func approval(purchaseID: String) async throws(PaygentError) -> ApprovalRequest?
    /// Waits until approval `id` is decided (or expires and its timeout action is applied).
    /// Cancelling the task stops the wait; the request stays as it is.
    func waitForDecision(approvalID id: String) async throws(PaygentError) -> ApprovalRequest
    /// Applies the timeout action of every overdue approval request; returns how many.
    @discardableResult
    func expireOverdueApprovals() async throws(PaygentError) -> Int

    // MARK: Sessions

    /// Ends a session as completed or failed.
    func finishSession(id: String, status: SessionStatus, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession

    // MARK: Execution logs and run leases

    /// Starts an execution log in `running`.
    func startExecutionLog(sessionID: String, command: String, plan: JSONValue) async throws(PaygentError) -> ExecutionLog
    /// Saves a changed execution log.
    func updateExecutionLog(_ log: ExecutionLog) async throws(PaygentError) -> ExecutionLog
    /// Inserts a new run's execution log with `lease` and `events`, in one transaction that first
    /// checks its session exists and has not ended (else ``RunWrite/refused(_:)``, nothing written).
    func createRun(_ log: ExecutionLog, lease: RunLease, events: [NewEvent]) async throws(PaygentError) -> RunWrite
    /// Saves a run's execution log with `events`, in one transaction that first checks and extends
    /// `lease` (refused with ``RunRefusal/leased(_:)`` when another live owner holds the run) and
    /// drops it when the run has finished. With `gated`, also checks that the session may go on
    /// (running or awaiting approval) and returns it. A refusal writes nothing.
    func saveRun(_ log: ExecutionLog, lease: RunLease, events: [NewEvent], gated: Bool) async throws(PaygentError) -> RunWrite
    /// Claims `lease` on run `logID`; returns nil when claimed, else the live lease of its driver.
    func claimRun(logID: String, lease: RunLease) async throws(PaygentError) -> RunLease?
    /// Sets to `expiresAt` every lease `owner` holds on an unfinished run (renewal, or release
    /// with `expiresAt` = now); returns how many.
    @discardableResult
    func renewRunLeases(owner: String, until expiresAt: Timestamp) async throws(PaygentError) -> Int
    /// Ids of runs that are `running` or `awaiting_approval`, in id order, after `after`.
    func unfinishedRunIDs(after: String?, limit: Int) async throws(PaygentError) -> [String]

    // MARK: Subscriptions and registry

    /// Records a subscription to a service for `periodSeconds`.
    func createSubscription(sessionID: String, serviceID: String, periodSeconds: Int64, autoRenew: Bool,
                            by actor: String) async throws(PaygentError) -> ServiceSubscription
    /// Renews (`active`), expires or cancels a subscription.
    func changeSubscription(id: String, to status: String, by actor: String) async throws(PaygentError) -> ServiceSubscription
    /// Subscriptions of a session (or all).
    func subscriptions(sessionID: String?) async throws(PaygentError) -> [ServiceSubscription]
    /// The service registered at exactly `endpoint`, if any.
    func service(endpoint: String) async throws(PaygentError) -> Service?
}

extension AgentHost {
    /// The x402 payer's policy callback for a session (or none), over this host.
    public func paymentPolicy(sessionID: String?, serviceID: String? = nil, toolName: String = "x402_fetch",
                              toolArgs: JSONValue? = nil) -> SessionPaymentPolicy {
        SessionPaymentPolicy(host: self, context: PaymentContext(sessionID: sessionID, serviceID: serviceID, toolName: toolName, toolArgs: toolArgs))
    }
}
