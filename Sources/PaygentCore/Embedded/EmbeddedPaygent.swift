import PaygentEVM
import PaygentFoundation
import Synchronization
import X402

/// The control plane in-process: ``PaygentAPI`` and ``AgentHost`` over a local ``Store``, plus what
/// only a process that owns the store does (maintenance, start-up recovery, the devnet ledger).
public final class EmbeddedPaygent: AgentHost, Sendable {
    /// Store, clock and ids.
    public let context: CoreContext
    /// The policy engine (holds, capture, release).
    public let policyEngine: PolicyEngine
    /// Approval decisions and deadlines.
    public let approvalDesk: ApprovalDesk
    /// Sessions, kill switch, global pause, policy settings.
    public let sessionControl: SessionControl
    /// The service registry.
    public let registry: Registry
    /// The local facilitator's ledger in the same store.
    public let ledger: StoreLedger

    private let maintenance = Mutex<Task<Void, Never>?>(nil)

    /// Creates the control plane over `store`.
    public init(store: any Store, clock: any WallClock = SystemClock(), ids: any IDGenerator = TimeOrderedIDGenerator(),
                owner: StoreOwner = .current()) {
        context = CoreContext(store: store, clock: clock, ids: ids, owner: owner)
        policyEngine = PolicyEngine(context: context)
        approvalDesk = ApprovalDesk(context: context)
        sessionControl = SessionControl(context: context)
        registry = Registry(context: context)
        ledger = StoreLedger(context: context)
    }

    /// The store.
    public var store: any Store { context.store }

    /// Stops background maintenance and closes the store.
    public func close() async throws {
        maintenance.withLock { $0?.cancel(); $0 = nil }
        try await context.store.close()
    }

    /// Runs periodic upkeep every `interval` until ``close()``: expires overdue approvals and
    /// reconciles payments whose outcome is not recorded (``PaymentReconciler``: orphaned unsigned
    /// holds released; signed and unknown payments resolved through `settlements` when given).
    /// The first round runs at once.
    public func startMaintenance(every interval: Duration = .seconds(1), settlements: (any SettlementLookup)? = nil) {
        // Captures the parts, not `self`, so an unclosed control plane can still be freed.
        let task = Task { [approvalDesk, policyEngine] in
            while !Task.isCancelled {
                do throws(PaygentError) {
                    _ = try await Self.upkeep(approvalDesk: approvalDesk, policyEngine: policyEngine, settlements: settlements)
                } catch {
                    await Self.reportUpkeepFailure(error, context: policyEngine.context)
                }
                do { try await Task.sleep(for: interval) } catch { return }
            }
        }
        maintenance.withLock { $0?.cancel(); $0 = task }
    }

    /// One round of upkeep now: applies the timeout action of overdue approvals, then reconciles
    /// payments whose outcome is not recorded. Returns how many things it changed.
    @discardableResult
    public func runMaintenance(settlements: (any SettlementLookup)? = nil) async throws(PaygentError) -> Int {
        try await Self.upkeep(approvalDesk: approvalDesk, policyEngine: policyEngine, settlements: settlements)
    }

    /// Start-up recovery, for every process that opens a store (console, CLI, server, agent run):
    /// one ``PaymentReconciler`` round — unsigned holds of exited processes released, signed
    /// payments whose outcome was not recorded resolved from `settlements` (captured when used,
    /// held until validBefore otherwise, then released).
    @discardableResult
    public func recover(settlements: (any SettlementLookup)?) async throws(PaygentError) -> PaymentReconciler.Report {
        try await PaymentReconciler(engine: policyEngine, lookup: settlements).reconcile()
    }

    /// The local facilitator's ledger in this store, authoritative for the devnet token.
    public var devnetSettlements: LedgerSettlementLookup {
        LedgerSettlementLookup(store: store, tokens: [PaymentToken.cronosTestnetUSDC.address])
    }

    /// This store's ledger as the settlement lookup for `tokens`; `settlesEveryTransfer` says
    /// whether the ledger sees every settlement of them (then an unused nonce is final).
    public func ledgerSettlements(tokens: Set<Address>, settlesEveryTransfer: Bool) -> LedgerSettlementLookup {
        LedgerSettlementLookup(store: store, tokens: tokens, settlesEveryTransfer: settlesEveryTransfer)
    }

    private static func upkeep(approvalDesk: ApprovalDesk, policyEngine: PolicyEngine,
                               settlements: (any SettlementLookup)?) async throws(PaygentError) -> Int {
        var changed = try await approvalDesk.expireOverdue()
        changed += try await PaymentReconciler(engine: policyEngine, lookup: settlements).reconcile().resolved
        return changed
    }

    /// A failed upkeep round is an event (the next round tries again), not a silent skip.
    private static func reportUpkeepFailure(_ error: PaygentError, context: CoreContext) async {
        let now = context.clock.now()
        let event = NewEvent(.maintenanceFailed, actor: "maintenance", data: ["error": .string(error.message)])
        do { _ = try await context.write { tx in try tx.appendEvent(event, at: now) } } catch {}
    }

    // MARK: Overview and control

    public func overview() async throws(PaygentError) -> Overview {
        let now = context.clock.now()
        return try await context.read { r in
            let settings = try r.policySettings()
            var spent = USDAmount.zero
            for (key, value) in try r.rollingTotals(now: now) {
                if case .walletUSD = key { spent = spent.adding(USDAmount(micros: value)) ?? spent }
            }
            return Overview(
                control: try r.controlState(), defaultWallet: settings.defaultWallet, spentTodayUSD: spent,
                dailyLimitUSD: settings.walletDailyLimitUSD, sessionCounts: try r.sessionCounts(),
                pendingApprovals: try r.pendingApprovalCount(sessionID: nil), latestSeq: try r.latestEventSeq())
        }
    }

    public func controlState() async throws(PaygentError) -> ControlState {
        try await context.read { try $0.controlState() }
    }

    public func pauseAll(reason: String?, by actor: String) async throws(PaygentError) -> ControlState {
        try await sessionControl.pauseAll(reason: reason, by: actor)
    }

    public func resumeAll(by actor: String) async throws(PaygentError) -> ControlState {
        try await sessionControl.resumeAll(by: actor)
    }

    public func policy() async throws(PaygentError) -> PolicySettings {
        try await context.read { try $0.policySettings() }
    }

    public func updatePolicy(_ settings: PolicySettings, by actor: String) async throws(PaygentError) -> PolicySettings {
        try await sessionControl.updatePolicy(settings, by: actor)
    }

    // MARK: Sessions

    public func sessions(_ query: SessionQuery) async throws(PaygentError) -> Page<AgentSession> {
        try query.page.validate()
        if let user = query.userID { _ = try Validate.text(user, field: "user_id", max: 128, required: true) }
        return try await context.read { try $0.sessions(query) }
    }

    public func session(id: String) async throws(PaygentError) -> AgentSession {
        let id = try Validate.id(id, field: "session_id")
        guard let session = try await context.read({ try $0.session(id: id) }) else { throw .notFound("session", id) }
        return session
    }

    public func createSession(_ request: CreateSessionRequest, by actor: String) async throws(PaygentError) -> AgentSession {
        try await sessionControl.create(request, by: actor)
    }

    public func killSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession {
        try await sessionControl.kill(id: id, reason: reason, by: actor)
    }

    public func pauseSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession {
        try await sessionControl.pause(id: id, reason: reason, by: actor)
    }

    public func resumeSession(id: String, by actor: String) async throws(PaygentError) -> AgentSession {
        try await sessionControl.resume(id: id, by: actor)
    }

    // MARK: Approvals

    public func approvals(_ query: ApprovalQuery) async throws(PaygentError) -> Page<ApprovalRequest> {
        try query.page.validate()
        if let session = query.sessionID { _ = try Validate.id(session, field: "session_id") }
        return try await context.read { try $0.approvals(query) }
    }

    public func approval(id: String) async throws(PaygentError) -> ApprovalRequest {
        let id = try Validate.id(id, field: "request_id")
        guard let approval = try await context.read({ try $0.approval(id: id) }) else { throw .notFound("approval request", id) }
        return approval
    }

    public func approve(id: String, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        try await approvalDesk.approve(id: id, by: actor)
    }

    public func reject(id: String, reason: String?, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        try await approvalDesk.reject(id: id, reason: reason, by: actor)
    }

    public func editApproval(id: String, _ edit: ApprovalEdit, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        try await approvalDesk.edit(id: id, edit, by: actor)
    }

    // MARK: Payments

    public func payments(_ query: PaymentQuery) async throws(PaygentError) -> Page<Payment> {
        try query.page.validate()
        try Self.validateFilters(query)
        return try await context.read { try $0.payments(query) }
    }

    public func payment(id: String) async throws(PaygentError) -> Payment {
        let id = try Validate.id(id, field: "payment_id")
        guard let payment = try await context.read({ try $0.payment(id: id) }) else { throw .notFound("payment", id) }
        return payment
    }

    public func paymentStats(_ query: PaymentQuery) async throws(PaygentError) -> PaymentStats {
        try Self.validateFilters(query)
        return try await context.read { try $0.paymentStats(query) }
    }

    static func validateFilters(_ query: PaymentQuery) throws(PaygentError) {
        if let session = query.sessionID { _ = try Validate.id(session, field: "session_id") }
        if let service = query.serviceID { _ = try Validate.id(service, field: "service_id") }
        if let start = query.startDate, let end = query.endDate, start > end {
            throw .invalid("start_date", "must not be after end_date")
        }
    }

    // MARK: Registry

    public func discoverServices(_ query: ServiceQuery) async throws(PaygentError) -> Page<Service> {
        try Registry.validate(query)
        var normalized = query
        normalized.category = query.category?.trimmed().lowercased()
        let final = normalized
        return try await context.read { try $0.services(final) }
    }

    public func service(id: String) async throws(PaygentError) -> Service {
        let id = try Validate.id(id, field: "service_id")
        guard let service = try await context.read({ try $0.service(id: id) }) else { throw .notFound("service", id) }
        return service
    }

    public func pricing(serviceID: String) async throws(PaygentError) -> ServicePricing {
        let service = try await service(id: serviceID)
        return ServicePricing(
            serviceID: service.id, pricingModel: service.pricingModel, priceAmount: service.formattedPrice,
            priceAmountBaseUnits: service.priceAmount, priceToken: service.priceToken, tokenSymbol: service.tokenSymbol,
            priceUSD: service.priceUSD)
    }

    public func registerService(_ service: NewService, by actor: String) async throws(PaygentError) -> Service {
        try await registry.register(service, by: actor)
    }

    public func updateService(id: String, _ update: ServiceUpdate, by actor: String) async throws(PaygentError) -> Service {
        try await registry.update(id: id, update, by: actor)
    }

    // MARK: Execution logs

    public func executionLogs(_ query: LogQuery) async throws(PaygentError) -> Page<ExecutionLog> {
        try query.page.validate()
        if let session = query.sessionID { _ = try Validate.id(session, field: "session_id") }
        return try await context.read { try $0.executionLogs(query) }
    }

    public func executionLog(id: String) async throws(PaygentError) -> ExecutionLog {
        let id = try Validate.id(id, field: "log_id")
        guard let log = try await context.read({ try $0.executionLog(id: id) }) else { throw .notFound("execution log", id) }
        return log
    }

    public func executionLogSummary(sessionID: String) async throws(PaygentError) -> ExecutionLogSummary {
        let id = try Validate.id(sessionID, field: "session_id")
        return try await context.read { r in
            guard try r.session(id: id) != nil else { throw PaygentError.notFound("session", id) }
            return try r.executionLogSummary(sessionID: id)
        }
    }

    // MARK: Wallet and budgets

    func resolveWallet(_ wallet: Address?, _ reader: any StoreReader) throws -> Address {
        if let wallet { return wallet }
        guard let wallet = try reader.policySettings().defaultWallet else {
            throw PaygentError.invalid("wallet", "no wallet given and no default wallet configured")
        }
        return wallet
    }

    public func walletBalance(wallet: Address?) async throws(PaygentError) -> WalletBalance {
        try await context.read { [self] r in
            let owner = try resolveWallet(wallet, r)
            let table = try r.policySettings().priceTable
            var balances: [TokenBalance] = []
            var total = USDAmount.zero
            var seen = Set<Address>()
            let held = try r.ledgerBalances(owner: owner)
            for token in table.tokens where seen.insert(token.address).inserted {
                let amount = held.first { $0.token == token.address }?.balance ?? .zero
                let usd = token.usdValue(of: amount) ?? .zero
                total = total.adding(usd) ?? total
                balances.append(TokenBalance(tokenAddress: token.address, tokenSymbol: token.symbol,
                                             balance: token.format(amount), balanceBaseUnits: amount, balanceUSD: usd))
            }
            return WalletBalance(walletAddress: owner, balances: balances, totalBalanceUSD: total)
        }
    }

    public func walletAllowance(wallet: Address?) async throws(PaygentError) -> WalletAllowance {
        let now = context.clock.now()
        return try await context.read { [self] r in
            let owner = try resolveWallet(wallet, r)
            return try Self.allowance(owner, reader: r, now: now)
        }
    }

    static func allowance(_ owner: Address, reader r: any StoreReader, now: Timestamp) throws -> WalletAllowance {
        let limit = try r.policySettings().walletDailyLimitUSD
        let spent = USDAmount(micros: try r.rollingTotal(.walletUSD(owner), now: now))
        let oldest = try r.rollingOldest(.walletUSD(owner), now: now)
        return WalletAllowance(
            walletAddress: owner, dailyLimitUSD: limit, spentTodayUSD: spent,
            remainingAllowanceUSD: limit.map { $0.saturatingSubtract(spent) },
            resetsAt: oldest.map { $0.adding(milliseconds: RollingWindows.dayMilliseconds) })
    }

    public func walletTransactions(wallet: Address?, page: PageRequest) async throws(PaygentError) -> Page<WalletTransaction> {
        try page.validate()
        return try await context.read { try $0.walletTransactions(wallet: wallet, page: page) }
    }

    public func budgets() async throws(PaygentError) -> BudgetOverview {
        let now = context.clock.now()
        return try await context.read { r in
            let settings = try r.policySettings()
            let sessions = try r.liveSessions().map {
                SessionBudget(sessionID: $0.id, name: $0.name, status: $0.status, budgetUSD: $0.config.budgetLimitUSD,
                              spentUSD: $0.spentUSD, heldUSD: $0.heldUSD, remainingUSD: $0.remainingUSD)
            }
            var tokens: [TokenDayUsage] = []
            var wallets: [WalletAllowance] = []
            for (key, value) in try r.rollingTotals(now: now) {
                switch key {
                case .walletToken(let wallet, let token):
                    let info = settings.priceTable.token(token)
                    tokens.append(TokenDayUsage(
                        wallet: wallet, token: token, tokenSymbol: info?.symbol ?? "?", tokenDecimals: info?.decimals ?? 18,
                        used: value, limit: settings.tokenDailyLimits[token.lowercasedHex]))
                case .walletUSD(let wallet):
                    wallets.append(try Self.allowance(wallet, reader: r, now: now))
                default: break
                }
            }
            tokens.sort { ($0.wallet, $0.token) < ($1.wallet, $1.token) }
            wallets.sort { $0.walletAddress < $1.walletAddress }
            return BudgetOverview(sessions: sessions, tokens: tokens, wallets: wallets)
        }
    }

    public func spendSeries(since: Timestamp, bucketSeconds: Int) async throws(PaygentError) -> [SpendPoint] {
        guard (1...86_400).contains(bucketSeconds) else { throw .invalid("bucket_seconds", "must be between 1 and 86400") }
        let now = context.clock.now()
        guard since <= now else { throw .invalid("since", "must not be in the future") }
        let bucket = Int64(bucketSeconds) * 1000
        let count = (now.milliseconds - since.milliseconds) / bucket + 1
        guard count <= 1440 else { throw .invalid("since", "too many buckets (\(count), at most 1440)") }
        return try await context.read { r in
            var points = (0..<count).map {
                SpendPoint(start: since.adding(milliseconds: $0 * bucket), amountUSD: .zero, count: 0)
            }
            for (time, usd, status) in try r.paymentAmounts(since: since) where status != .failed {
                let index = Int((time.milliseconds - since.milliseconds) / bucket)
                guard index >= 0, index < points.count else { continue }
                points[index].amountUSD = points[index].amountUSD.adding(usd) ?? points[index].amountUSD
                points[index].count += 1
            }
            return points
        }
    }

    // MARK: Events

    public func events(_ query: EventQuery) async throws(PaygentError) -> EventPage {
        guard (1...EventQuery.maximumLimit).contains(query.limit) else {
            throw .invalid("limit", "must be between 1 and \(EventQuery.maximumLimit), got \(query.limit)")
        }
        if let after = query.after, after < 0 { throw .invalid("after", "must be 0 or more") }
        if let before = query.before, before < 0 { throw .invalid("before", "must be 0 or more") }
        if let session = query.sessionID { _ = try Validate.id(session, field: "session_id") }
        return try await context.read { try $0.events(query) }
    }

    public func subscribe(after: Int64?) -> AsyncThrowingStream<PaygentEvent, any Error> {
        EventSubscription.stream(store: context.store, after: after)
    }
}
