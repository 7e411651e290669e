import Foundation
import Synchronization
import PaygentFoundation

/// A self-contained ``ConsoleBackend`` holding its data in memory: used by the snapshot tests and
/// the benchmarks (deterministic, no store), and handy for trying the console without a core.
/// Commands change its state the way the core would (approve removes the request, kill rejects the
/// session's requests, …) and append events.
public final class InMemoryConsoleBackend: ConsoleBackend, @unchecked Sendable {
    private let lock = Mutex(())
    private var overview: OverviewRecord
    private var sessions: [SessionRecord]
    private var approvals: [ApprovalRecord]
    private var payments: [PaymentRecord]
    private var budgets: [BudgetRecord]
    private var events: [EventRecord]
    private var subscribers: [UUID: AsyncThrowingStream<EventRecord, any Error>.Continuation] = [:]
    private let clock: any WallClock
    /// What `:policy` shows; `setPolicy` changes its two main limits.
    public var policyRecord = PolicyRecord(lines: [], dailyLimitUSD: "20.00", approvalThresholdUSD: "0.25")

    /// Commands received, in order.
    public private(set) var commands: [ConsoleCommand] = []
    /// When set, snapshots fail with this message (error states of the panes).
    public var snapshotFailure: String? {
        get { lock.withLock { _ in _snapshotFailure } }
        set { lock.withLock { _ in _snapshotFailure = newValue } }
    }
    private var _snapshotFailure: String?
    public let modeLabel: String

    public init(overview: OverviewRecord = .empty, sessions: [SessionRecord] = [], approvals: [ApprovalRecord] = [],
                payments: [PaymentRecord] = [], budgets: [BudgetRecord] = [], events: [EventRecord] = [],
                clock: any WallClock = SystemClock(), modeLabel: String = "embedded") {
        self.overview = overview
        self.sessions = sessions
        self.approvals = approvals
        self.payments = payments
        self.budgets = budgets
        self.events = events.sorted { $0.seq < $1.seq }
        self.clock = clock
        self.modeLabel = modeLabel
    }

    // MARK: ConsoleBackend

    public func policy() async throws -> PolicyRecord {
        lock.withLock { _ in
            var record = policyRecord
            if record.lines.isEmpty {
                record.lines = [DetailLine("Daily limit", UntrustedText("\(record.dailyLimitUSD.map { "\($0) USD per wallet per 24 h" } ?? "none") · used \(overview.spentToday.text)")),
                                DetailLine("Approval >", UntrustedText("\(record.approvalThresholdUSD) USD asks an operator"))]
            }
            return record
        }
    }

    public func snapshot(sessionLimit: Int, paymentLimit: Int) async throws -> DataSnapshot {
        try lock.withLock { _ in
            if let failure = _snapshotFailure { throw BackendError(failure) }
            return DataSnapshot(overview: overview, sessions: Array(sessions.prefix(sessionLimit)), approvals: approvals,
                         payments: Array(payments.sorted { $0.time > $1.time }.prefix(paymentLimit)), budgets: budgets)
        }
    }

    public func events(before: Int64?, limit: Int) async throws -> [EventRecord] {
        lock.withLock { _ in
            let end = before.map { b in events.firstIndex { $0.seq >= b } ?? events.count } ?? events.count
            return Array(events[max(0, end - limit)..<end])
        }
    }

    public func events(after: Int64, limit: Int) async throws -> [EventRecord] {
        lock.withLock { _ in
            let start = events.firstIndex { $0.seq > after } ?? events.count
            return Array(events[start..<min(events.count, start + limit)])
        }
    }

    public func subscribe(after: Int64) -> AsyncThrowingStream<EventRecord, any Error> {
        AsyncThrowingStream { continuation in
            let id = UUID()
            lock.withLock { _ in
                for event in events where event.seq > after { continuation.yield(event) }
                subscribers[id] = continuation
            }
            continuation.onTermination = { [weak self] _ in
                guard let self else { return }
                self.lock.withLock { _ in self.subscribers[id] = nil }
            }
        }
    }

    public func perform(_ command: ConsoleCommand) async throws -> String {
        try lock.withLock { _ throws -> String in
            commands.append(command)
            switch command {
            case .setPolicy(let daily, let threshold):
                let old = policyRecord
                policyRecord = PolicyRecord(lines: [], dailyLimitUSD: daily, approvalThresholdUSD: threshold)
                appendLocked(type: "policy.updated", session: nil, subject: nil, summary: "changed by console")
                return "policy: daily limit \(old.dailyLimitUSD ?? "none") → \(daily ?? "none")"
            case .approve(let id), .edit(let id, _, _):
                guard let index = approvals.firstIndex(where: { $0.id == id }) else { throw BackendError("approval \(id) is not pending") }
                let approval = approvals.remove(at: index)
                appendLocked(type: "approval.approved", session: approval.sessionID, subject: id, summary: "approved by console")
                setStatusLocked(approval.sessionID, .running, onlyIf: .awaiting)
                return "approved \(id)"
            case .reject(let id, let reason):
                guard let index = approvals.firstIndex(where: { $0.id == id }) else { throw BackendError("approval \(id) is not pending") }
                let approval = approvals.remove(at: index)
                appendLocked(type: "approval.rejected", session: approval.sessionID, subject: id, summary: reason ?? "rejected by console")
                setStatusLocked(approval.sessionID, .running, onlyIf: .awaiting)
                return "rejected \(id)"
            case .kill(let id):
                guard let index = sessions.firstIndex(where: { $0.id == id }) else { throw BackendError("no session \(id)") }
                guard !sessions[index].status.isFinal else { throw BackendError("session \(id) is already \(sessions[index].status.rawValue)") }
                approvals.removeAll { $0.sessionID == id }
                setStatusLocked(id, .killed)
                appendLocked(type: "session.killed", session: id, subject: id, summary: "killed by console")
                return "killed \(id)"
            case .pauseSession(let id):
                setStatusLocked(id, .paused)
                appendLocked(type: "session.paused", session: id, subject: id, summary: "paused by console")
                return "paused \(id)"
            case .resumeSession(let id):
                setStatusLocked(id, .running)
                appendLocked(type: "session.resumed", session: id, subject: id, summary: "resumed by console")
                return "resumed \(id)"
            case .pauseAll:
                overview.globalPause = true
                appendLocked(type: "control.paused", session: nil, subject: nil, summary: "all payments paused by console")
                return "all payments paused"
            case .resumeAll:
                overview.globalPause = false
                appendLocked(type: "control.resumed", session: nil, subject: nil, summary: "payments resumed by console")
                return "payments resumed"
            }
        }
    }

    public func sessionDetails(id: String) async throws -> [DetailLine] {
        [DetailLine("Plan", UntrustedText("(the in-memory backend keeps no plans)"))]
    }

    // MARK: Mutation (tests, benchmarks)

    /// Appends events and delivers them to subscribers.
    public func append(_ newEvents: [EventRecord]) {
        lock.withLock { _ in
            for event in newEvents {
                events.append(event)
                for continuation in subscribers.values { continuation.yield(event) }
            }
        }
    }

    /// The next free seq.
    public var nextSeq: Int64 { lock.withLock { _ in (events.last?.seq ?? 0) + 1 } }

    /// Replaces the non-event data.
    public func replace(overview: OverviewRecord? = nil, sessions: [SessionRecord]? = nil, approvals: [ApprovalRecord]? = nil,
                        payments: [PaymentRecord]? = nil, budgets: [BudgetRecord]? = nil) {
        lock.withLock { _ in
            if let overview { self.overview = overview }
            if let sessions { self.sessions = sessions }
            if let approvals { self.approvals = approvals }
            if let payments { self.payments = payments }
            if let budgets { self.budgets = budgets }
        }
    }

    public var pendingApprovalIDs: [String] { lock.withLock { _ in approvals.map(\.id) } }
    public func sessionStatus(_ id: String) -> SessionState? { lock.withLock { _ in sessions.first { $0.id == id }?.status } }
    public var globalPause: Bool { lock.withLock { _ in overview.globalPause } }

    private func setStatusLocked(_ id: String, _ status: SessionState, onlyIf: SessionState? = nil) {
        guard let index = sessions.firstIndex(where: { $0.id == id }) else { return }
        if let onlyIf, sessions[index].status != onlyIf { return }
        let s = sessions[index]
        sessions[index] = SessionRecord(id: s.id, name: s.name.value, status: status, spent: s.spent, held: s.held, budget: s.budget,
                                        payments: s.payments, createdAt: s.createdAt, lastActive: clock.now().milliseconds,
                                        statusReason: s.statusReason?.value, wallet: s.wallet?.value, details: s.details)
    }

    private func appendLocked(type: String, session: String?, subject: String?, summary: String) {
        let event = EventRecord(seq: (events.last?.seq ?? 0) + 1, time: clock.now().milliseconds, type: type, sessionID: session,
                                subjectID: subject, actor: "console", summary: summary, detail: "{\"by\":\"console\"}")
        events.append(event)
        for continuation in subscribers.values { continuation.yield(event) }
    }
}

/// An error from the in-memory backend.
public struct BackendError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
