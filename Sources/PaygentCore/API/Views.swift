import PaygentEVM
import PaygentFoundation

/// One token balance of a wallet (`GET /wallet/balance`).
public struct TokenBalance: Sendable, Hashable, Codable {
    public var tokenAddress: Address
    public var tokenSymbol: String
    /// Whole tokens (`"12.50"`).
    public var balance: String
    public var balanceBaseUnits: UInt256
    public var balanceUSD: USDAmount

    public init(tokenAddress: Address, tokenSymbol: String, balance: String, balanceBaseUnits: UInt256,
                balanceUSD: USDAmount) {
        self.tokenAddress = tokenAddress
        self.tokenSymbol = tokenSymbol
        self.balance = balance
        self.balanceBaseUnits = balanceBaseUnits
        self.balanceUSD = balanceUSD
    }

    enum CodingKeys: String, CodingKey {
        case tokenAddress = "token_address"
        case tokenSymbol = "token_symbol"
        case balance
        case balanceBaseUnits = "balance_base_units"
        case balanceUSD = "balance_usd"
    }
}

/// `GET /wallet/balance`: the wallet's balances in every priced token (from the local ledger).
public struct WalletBalance: Sendable, Hashable, Codable {
    public var walletAddress: Address
    public var balances: [TokenBalance]
    public var totalBalanceUSD: USDAmount

    public init(walletAddress: Address, balances: [TokenBalance], totalBalanceUSD: USDAmount) {
        self.walletAddress = walletAddress
        self.balances = balances
        self.totalBalanceUSD = totalBalanceUSD
    }

    enum CodingKeys: String, CodingKey {
        case walletAddress = "wallet_address"
        case balances
        case totalBalanceUSD = "total_balance_usd"
    }
}

/// `GET /wallet/allowance`: the wallet's rolling 24 h limit and what is used of it.
public struct WalletAllowance: Sendable, Hashable, Codable {
    public var walletAddress: Address
    /// The limit; nil = none configured.
    public var dailyLimitUSD: USDAmount?
    /// Held + captured in the last 24 h.
    public var spentTodayUSD: USDAmount
    /// Limit − spent; nil without a limit.
    public var remainingAllowanceUSD: USDAmount?
    /// When the oldest amount in the window leaves it (nil when nothing is in the window).
    public var resetsAt: Timestamp?

    public init(walletAddress: Address, dailyLimitUSD: USDAmount?, spentTodayUSD: USDAmount,
                remainingAllowanceUSD: USDAmount?, resetsAt: Timestamp?) {
        self.walletAddress = walletAddress
        self.dailyLimitUSD = dailyLimitUSD
        self.spentTodayUSD = spentTodayUSD
        self.remainingAllowanceUSD = remainingAllowanceUSD
        self.resetsAt = resetsAt
    }

    enum CodingKeys: String, CodingKey {
        case walletAddress = "wallet_address"
        case dailyLimitUSD = "daily_limit_usd"
        case spentTodayUSD = "spent_today_usd"
        case remainingAllowanceUSD = "remaining_allowance_usd"
        case resetsAt = "resets_at"
    }
}

/// A session's budget gauge.
public struct SessionBudget: Sendable, Hashable, Codable {
    public var sessionID: String
    public var name: String
    public var status: SessionStatus
    public var budgetUSD: USDAmount?
    public var spentUSD: USDAmount
    public var heldUSD: USDAmount
    public var remainingUSD: USDAmount?

    public init(sessionID: String, name: String, status: SessionStatus, budgetUSD: USDAmount?, spentUSD: USDAmount,
                heldUSD: USDAmount, remainingUSD: USDAmount?) {
        self.sessionID = sessionID
        self.name = name
        self.status = status
        self.budgetUSD = budgetUSD
        self.spentUSD = spentUSD
        self.heldUSD = heldUSD
        self.remainingUSD = remainingUSD
    }

    enum CodingKeys: String, CodingKey {
        case sessionID = "session_id"
        case name, status
        case budgetUSD = "budget_usd"
        case spentUSD = "spent_usd"
        case heldUSD = "held_usd"
        case remainingUSD = "remaining_usd"
    }
}

/// Use of one token by one wallet over the rolling 24 h window.
public struct TokenDayUsage: Sendable, Hashable, Codable {
    public var wallet: Address
    public var token: Address
    public var tokenSymbol: String
    public var tokenDecimals: Int
    /// Held + captured, base units.
    public var used: UInt256
    /// Configured limit, base units.
    public var limit: UInt256?

    public init(wallet: Address, token: Address, tokenSymbol: String, tokenDecimals: Int, used: UInt256, limit: UInt256?) {
        self.wallet = wallet
        self.token = token
        self.tokenSymbol = tokenSymbol
        self.tokenDecimals = tokenDecimals
        self.used = used
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey {
        case wallet, token
        case tokenSymbol = "token_symbol"
        case tokenDecimals = "token_decimals"
        case used = "used_base_units"
        case limit = "limit_base_units"
    }
}

/// Everything the Budgets pane shows.
public struct BudgetOverview: Sendable, Hashable, Codable {
    /// Sessions that are not finished (running, paused, awaiting approval).
    public var sessions: [SessionBudget]
    /// Per wallet and token, last 24 h.
    public var tokens: [TokenDayUsage]
    /// Per wallet allowance.
    public var wallets: [WalletAllowance]

    public init(sessions: [SessionBudget], tokens: [TokenDayUsage], wallets: [WalletAllowance]) {
        self.sessions = sessions
        self.tokens = tokens
        self.wallets = wallets
    }
}

/// USD spent (held or captured) in one time bucket.
public struct SpendPoint: Sendable, Hashable, Codable {
    /// Start of the bucket.
    public var start: Timestamp
    /// USD of payments created in it (failed ones excluded).
    public var amountUSD: USDAmount
    /// Number of those payments.
    public var count: Int

    public init(start: Timestamp, amountUSD: USDAmount, count: Int) {
        self.start = start
        self.amountUSD = amountUSD
        self.count = count
    }

    enum CodingKeys: String, CodingKey {
        case start
        case amountUSD = "amount_usd"
        case count
    }
}

/// What the console header shows, in one cheap call.
public struct Overview: Sendable, Hashable, Codable {
    public var control: ControlState
    public var defaultWallet: Address?
    /// Held + captured in the last 24 h by every wallet.
    public var spentTodayUSD: USDAmount
    /// The per-wallet daily limit, if configured.
    public var dailyLimitUSD: USDAmount?
    /// Count of sessions per status.
    public var sessionCounts: [SessionStatus: Int]
    public var pendingApprovals: Int
    public var latestSeq: Int64

    public init(control: ControlState, defaultWallet: Address?, spentTodayUSD: USDAmount, dailyLimitUSD: USDAmount?,
                sessionCounts: [SessionStatus: Int], pendingApprovals: Int, latestSeq: Int64) {
        self.control = control
        self.defaultWallet = defaultWallet
        self.spentTodayUSD = spentTodayUSD
        self.dailyLimitUSD = dailyLimitUSD
        self.sessionCounts = sessionCounts
        self.pendingApprovals = pendingApprovals
        self.latestSeq = latestSeq
    }

    enum CodingKeys: String, CodingKey {
        case control
        case defaultWallet = "default_wallet"
        case spentTodayUSD = "spent_today_usd"
        case dailyLimitUSD = "daily_limit_usd"
        case sessionCounts = "session_counts"
        case pendingApprovals = "pending_approvals"
        case latestSeq = "latest_seq"
    }
}
