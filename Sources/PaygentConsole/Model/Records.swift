import PaygentEVM
import PaygentFoundation
/// Milliseconds since the Unix epoch (UTC).
public typealias EpochMillis = Int64

/// A session's state as the console shows it.
public enum SessionState: String, Hashable, Sendable, CaseIterable {
    case running, paused, awaiting, killed, done, failed

    /// Whether nothing more can happen (no kill/pause offered).
    public var isFinal: Bool { self == .killed || self == .done || self == .failed }
}

/// A payment's state as the console shows it.
public enum PaymentState: String, Hashable, Sendable {
    case pending, confirmed, failed, unknown
}

/// One labelled line of a detail view.
public struct DetailLine: Hashable, Sendable {
    public var label: String
    public var value: UntrustedText
    public init(_ label: String, _ value: UntrustedText) {
        self.label = label
        self.value = value
    }
}

// Every record sanitises its external strings in its initialiser: that is where outside text enters.

/// An agent session row.
public struct SessionRecord: Hashable, Sendable, Identifiable {
    /// The store's id (used in commands; shown via ``label``).
    public var id: String
    public var label: UntrustedText
    public var name: UntrustedText
    public var status: SessionState
    public var spent: TokenAmount
    public var held: TokenAmount
    public var budget: TokenAmount?
    public var payments: Int
    public var createdAt: EpochMillis
    public var lastActive: EpochMillis
    public var statusReason: UntrustedText?
    public var wallet: UntrustedText?
    /// Extra lines for the detail view (plan, steps, costs…).
    public var details: [DetailLine]
    let search: String

    public init(id: String, name: String, status: SessionState, spent: TokenAmount, held: TokenAmount = .zeroUSD, budget: TokenAmount?,
                payments: Int, createdAt: EpochMillis, lastActive: EpochMillis, statusReason: String? = nil,
                wallet: String? = nil, details: [DetailLine] = []) {
        self.id = id
        label = UntrustedText(id, maxWidth: 64)
        self.name = UntrustedText(name, maxWidth: 120)
        self.status = status
        self.spent = spent
        self.held = held
        self.budget = budget
        self.payments = payments
        self.createdAt = createdAt
        self.lastActive = lastActive
        self.statusReason = statusReason.map { UntrustedText($0) }
        self.wallet = wallet.map { UntrustedText($0, maxWidth: 64) }
        self.details = details
        search = [label.value, self.name.value, status.rawValue].joined(separator: " ").lowercased()
    }

    /// Budget left (budget − spent − held), nil without a budget.
    public var remaining: TokenAmount? {
        guard let budget else { return nil }
        let (used, overflow) = spent.units.addingReportingOverflow(held.units)
        return TokenAmount(units: !overflow && budget.units > used ? budget.units - used : .zero, decimals: budget.decimals, symbol: budget.symbol)
    }

    /// Name if set, else id.
    public var displayName: UntrustedText { name.isEmpty ? label : name }
}

/// One event of the log.
public struct EventRecord: Hashable, Sendable, Identifiable {
    public var seq: Int64
    public var time: EpochMillis
    public var type: UntrustedText
    public var sessionID: String?
    public var sessionLabel: UntrustedText?
    public var subjectID: UntrustedText?
    public var actor: UntrustedText
    /// One-line summary of the event's data.
    public var summary: UntrustedText
    /// The full data, multi-line, for the detail view.
    public var detail: UntrustedText
    let search: String

    public var id: Int64 { seq }

    public init(seq: Int64, time: EpochMillis, type: String, sessionID: String?, subjectID: String?, actor: String,
                summary: String, detail: String) {
        self.seq = seq
        self.time = time
        self.type = UntrustedText(type, maxWidth: 40)
        self.sessionID = sessionID
        sessionLabel = sessionID.map { UntrustedText($0, maxWidth: 64) }
        self.subjectID = subjectID.map { UntrustedText($0, maxWidth: 64) }
        self.actor = UntrustedText(actor, maxWidth: 64)
        self.summary = UntrustedText(summary, maxWidth: 300)
        self.detail = UntrustedText(multiline: detail, maxLineWidth: 300, maxLines: 100)
        search = [self.type.value, sessionLabel?.value ?? "", self.summary.value, self.actor.value].joined(separator: " ").lowercased()
    }
}

/// A pending approval request.
public struct ApprovalRecord: Hashable, Sendable, Identifiable {
    public var id: String
    public var label: UntrustedText
    public var sessionID: String
    public var sessionLabel: UntrustedText
    public var toolName: UntrustedText
    /// Tool arguments, pretty-printed, multi-line.
    public var toolArgs: UntrustedText
    /// Tool arguments as given (JSON text), for the edit dialog.
    public var rawToolArgs: String
    public var amount: TokenAmount?
    public var amountUSD: TokenAmount?
    public var payee: UntrustedText?
    public var reason: UntrustedText
    public var createdAt: EpochMillis
    public var expiresAt: EpochMillis
    let search: String

    public init(id: String, sessionID: String, toolName: String, toolArgs: String, amount: TokenAmount?, amountUSD: TokenAmount?,
                payee: String?, reason: String, createdAt: EpochMillis, expiresAt: EpochMillis) {
        self.id = id
        label = UntrustedText(id, maxWidth: 64)
        self.sessionID = sessionID
        sessionLabel = UntrustedText(sessionID, maxWidth: 64)
        self.toolName = UntrustedText(toolName, maxWidth: 64)
        self.toolArgs = UntrustedText(multiline: toolArgs, maxLineWidth: 300, maxLines: 60)
        rawToolArgs = toolArgs
        self.amount = amount
        self.amountUSD = amountUSD
        self.payee = payee.map { UntrustedText($0, maxWidth: 64) }
        self.reason = UntrustedText(reason)
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        search = [label.value, sessionLabel.value, self.toolName.value, self.payee?.value ?? "", self.reason.value].joined(separator: " ").lowercased()
    }
}

/// A payment row.
public struct PaymentRecord: Hashable, Sendable, Identifiable {
    public var id: String
    public var label: UntrustedText
    public var time: EpochMillis
    public var sessionID: String?
    public var sessionLabel: UntrustedText?
    public var service: UntrustedText
    public var resource: UntrustedText
    public var payee: UntrustedText
    public var payer: UntrustedText
    public var amount: TokenAmount
    public var amountUSD: TokenAmount
    /// `upto` payments: the maximum authorised (``amount`` is then what was charged).
    public var maximum: TokenAmount?
    public var status: PaymentState
    public var txHash: UntrustedText?
    public var network: UntrustedText
    public var failureReason: UntrustedText?
    public var settledAt: EpochMillis?
    public var validBefore: EpochMillis?
    let search: String

    public init(id: String, time: EpochMillis, sessionID: String?, service: String, resource: String, payee: String, payer: String,
                amount: TokenAmount, amountUSD: TokenAmount, status: PaymentState, txHash: String?, network: String,
                failureReason: String? = nil, settledAt: EpochMillis? = nil, validBefore: EpochMillis? = nil, maximum: TokenAmount? = nil) {
        self.id = id
        self.maximum = maximum
        label = UntrustedText(id, maxWidth: 64)
        self.time = time
        self.sessionID = sessionID
        sessionLabel = sessionID.map { UntrustedText($0, maxWidth: 64) }
        self.service = UntrustedText(service, maxWidth: 120)
        self.resource = UntrustedText(resource, maxWidth: 300)
        self.payee = UntrustedText(payee, maxWidth: 64)
        self.payer = UntrustedText(payer, maxWidth: 64)
        self.amount = amount
        self.amountUSD = amountUSD
        self.status = status
        self.txHash = txHash.map { UntrustedText($0, maxWidth: 80) }
        self.network = UntrustedText(network, maxWidth: 40)
        self.failureReason = failureReason.map { UntrustedText($0) }
        self.settledAt = settledAt
        self.validBefore = validBefore
        search = [label.value, sessionLabel?.value ?? "", self.service.value, self.payee.value, status.rawValue, self.txHash?.value ?? ""]
            .joined(separator: " ").lowercased()
    }
}

/// One budget gauge.
public struct BudgetRecord: Hashable, Sendable {
    public enum Scope: Hashable, Sendable {
        /// A session's budget.
        case session(id: String)
        /// A token's daily limit.
        case tokenDay
        /// The wallet's daily USD limit.
        case walletDay
    }
    public var scope: Scope
    public var label: UntrustedText
    public var spent: TokenAmount
    public var limit: TokenAmount
    let search: String

    public init(scope: Scope, label: String, spent: TokenAmount, limit: TokenAmount) {
        self.scope = scope
        self.label = UntrustedText(label, maxWidth: 64)
        self.spent = spent
        self.limit = limit
        search = self.label.value.lowercased()
    }
}

/// What the header shows.
public struct OverviewRecord: Hashable, Sendable {
    public var globalPause: Bool
    public var wallet: UntrustedText?
    public var walletBalance: TokenAmount?
    public var spentToday: TokenAmount
    public var dailyLimit: TokenAmount?

    public init(globalPause: Bool, wallet: String?, walletBalance: TokenAmount?, spentToday: TokenAmount, dailyLimit: TokenAmount?) {
        self.globalPause = globalPause
        self.wallet = wallet.map { UntrustedText($0, maxWidth: 64) }
        self.walletBalance = walletBalance
        self.spentToday = spentToday
        self.dailyLimit = dailyLimit
    }

    public static let empty = OverviewRecord(globalPause: false, wallet: nil, walletBalance: nil, spentToday: .zeroUSD, dailyLimit: nil)
}

/// Everything but events, loaded together on refresh.
public struct DataSnapshot: Hashable, Sendable {
    public var overview: OverviewRecord
    public var sessions: [SessionRecord]
    public var approvals: [ApprovalRecord]
    public var payments: [PaymentRecord]
    public var budgets: [BudgetRecord]
    /// USD (micro-dollars) spent per minute over the last hour, oldest first; nil lets the console
    /// derive it from the payments it loaded.
    public var spendPerMinute: [UInt64]?

    public init(overview: OverviewRecord, sessions: [SessionRecord], approvals: [ApprovalRecord], payments: [PaymentRecord],
                budgets: [BudgetRecord], spendPerMinute: [UInt64]? = nil) {
        self.spendPerMinute = spendPerMinute
        self.overview = overview
        self.sessions = sessions
        self.approvals = approvals
        self.payments = payments
        self.budgets = budgets
    }
}
