#if canImport(PaygentCore)
import PaygentCore
import PaygentFoundation
import PaygentEVM
import Synchronization

/// The console's backend over `PaygentAPI` — embedded (`EmbeddedPaygent`) or remote alike. Every
/// string that comes back is sanitised here, where it enters the console (the record initialisers).
public struct PaygentAPIBackend: ConsoleBackend {
    public let api: any PaygentAPI
    public let modeLabel: String
    /// Recorded as the actor of every command (`console`, `operator:alice`).
    public let actor: String
    let clock: any WallClock
    /// Service id → name, looked up once per id (payments show names, not `svc_…` ids).
    let serviceNames = ServiceNames()

    public init(api: any PaygentAPI, modeLabel: String = "embedded", actor: String = "console", clock: any WallClock = SystemClock()) {
        self.api = api
        self.modeLabel = modeLabel
        self.actor = actor
        self.clock = clock
    }

    // MARK: Reads

    public func snapshot(sessionLimit: Int, paymentLimit: Int) async throws -> DataSnapshot {
        async let overview = api.overview()
        async let sessions = pages(limit: sessionLimit) { page in try await api.sessions(SessionQuery(page: page)) }
        async let approvals = pages(limit: 1000) { page in try await api.approvals(ApprovalQuery(decision: .pending, page: page)) }
        async let payments = pages(limit: paymentLimit) { page in try await api.payments(PaymentQuery(page: page)) }
        async let budgets = api.budgets()
        let now = clock.now().milliseconds
        let since = Timestamp(milliseconds: (now / 60_000 - 59) * 60_000)
        let series = try? await api.spendSeries(since: since, bucketSeconds: 60)
        let balance = try? await api.walletBalance(wallet: nil)
        let o = try await overview
        let header = OverviewRecord(globalPause: o.control.globalPause, wallet: o.defaultWallet?.checksummed,
                                    walletBalance: balance.map { usd($0.totalBalanceUSD) }, spentToday: usd(o.spentTodayUSD),
                                    dailyLimit: o.dailyLimitUSD.map(usd))
        let b = try await budgets
        let paid = try await payments
        let names = await serviceNames.names(for: Set(paid.compactMap(\.serviceID)), api: api)
        return DataSnapshot(overview: header, sessions: try await sessions.map(Self.record),
                            approvals: try await approvals.map(Self.record), payments: paid.map { Self.record($0, serviceNames: names) },
                            budgets: Self.budgets(b), spendPerMinute: series.map { $0.map { $0.amountUSD.micros.uint64Value ?? .max } })
    }

    public func events(before: Int64?, limit: Int) async throws -> [EventRecord] {
        // Sequence numbers are dense, so the page below `before` is the range (before − limit − 1, before).
        let upper: Int64
        if let before { upper = before } else { upper = try await api.overview().latestSeq + 1 }
        let page = try await api.events(EventQuery(after: max(0, upper - Int64(limit) - 1), before: upper, limit: min(limit, EventQuery.maximumLimit)))
        return page.events.map(Self.record)
    }

    public func events(after: Int64, limit: Int) async throws -> [EventRecord] {
        try await api.events(EventQuery(after: after, limit: min(limit, EventQuery.maximumLimit))).events.map(Self.record)
    }

    public func subscribe(after: Int64) -> AsyncThrowingStream<EventRecord, any Error> {
        let source = api.subscribe(after: after)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in source { continuation.yield(Self.record(event)) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func sessionDetails(id: String) async throws -> [DetailLine] {
        var lines: [DetailLine] = []
        if let summary = try? await api.executionLogSummary(sessionID: id) {
            lines.append(DetailLine("Runs", UntrustedText("\(summary.totalRuns) (\(summary.completedRuns) completed, \(summary.failedRuns) failed)")))
            lines.append(DetailLine("Run costs", UntrustedText("$" + summary.totalCostUSD.description)))
        }
        if let logs = try? await api.executionLogs(LogQuery(sessionID: id, page: PageRequest(offset: 0, limit: 5))) {
            for log in logs.items {
                lines.append(DetailLine("Run", UntrustedText("\(log.id) \(log.status) $\(log.totalCostUSD) — \(log.command)")))
                for (index, line) in UntrustedText(multiline: JSONWriter.pretty(log.plan, sortedKeys: true), maxLineWidth: 200, maxLines: 12).lines.enumerated() {
                    lines.append(DetailLine(index == 0 ? "Plan" : "", UntrustedText(line)))
                }
                if let error = log.error { lines.append(DetailLine("Error", UntrustedText(error))) }
            }
        }
        return lines
    }

    public func policy() async throws -> PolicyRecord {
        let policy = try await api.policy()
        let budgets = try await api.budgets()
        func used(_ amount: USDAmount) -> String { " · used \(amount) USD" }
        var lines: [DetailLine] = []
        let wallet = policy.defaultWallet.flatMap { w in budgets.wallets.first { $0.walletAddress == w } }
        lines.append(DetailLine("Daily limit", UntrustedText((policy.walletDailyLimitUSD.map { "\($0) USD per wallet per 24 h" } ?? "none")
            + (wallet.map { used($0.spentTodayUSD) + " (default wallet)" } ?? ""))))
        lines.append(DetailLine("Approval >", UntrustedText("\(policy.approvalThresholdUSD) USD asks an operator; \(policy.approvalTimeoutSeconds) s, then denied")))
        lines.append(DetailLine("Velocity", UntrustedText(policy.maxPaymentsPerMinute.map { "\($0) payments per minute" } ?? "none")))
        for (key, limit) in policy.tokenDailyLimits.sorted(by: { $0.key < $1.key }) {
            let token = (try? Address(key)).flatMap { policy.priceTable.token($0) }
            let usage = budgets.tokens.filter { $0.token.lowercasedHex == key }.reduce(UInt256.zero) { $0 + $1.used }
            let decimals = token?.decimals ?? 0
            lines.append(DetailLine("Token / day", UntrustedText("\(token?.symbol ?? key) \(TokenAmount.format(limit, decimals: decimals)) · used \(TokenAmount.format(usage, decimals: decimals))")))
        }
        for (id, cap) in policy.serviceDailyCapsUSD.sorted(by: { $0.key < $1.key }) {
            lines.append(DetailLine("Service cap", UntrustedText("\(id) \(cap) USD per 24 h")))
        }
        for (address, cap) in policy.recipientDailyCapsUSD.sorted(by: { $0.key < $1.key }) {
            lines.append(DetailLine("Payee cap", UntrustedText("\(address) \(cap) USD per 24 h")))
        }
        lines.append(DetailLine("Allowed", UntrustedText(policy.allowedRecipients.isEmpty ? "any recipient" : policy.allowedRecipients.map(\.checksummed).joined(separator: ", "))))
        lines.append(DetailLine("Denied", UntrustedText(policy.deniedRecipients.isEmpty ? "none" : policy.deniedRecipients.map(\.checksummed).joined(separator: ", "))))
        lines.append(DetailLine("Wallet", UntrustedText(policy.defaultWallet?.checksummed ?? "none (run `paygent init`)")))
        for token in policy.priceTable.tokens {
            lines.append(DetailLine("Price", UntrustedText("\(token.symbol) \(token.usdPrice) USD (\(token.address.checksummed))")))
        }
        for session in budgets.sessions {
            guard let budget = session.budgetUSD else { continue }
            lines.append(DetailLine("Session", UntrustedText("\(session.name.isEmpty ? session.sessionID : session.name) \(budget) USD budget · used \(session.spentUSD.adding(session.heldUSD) ?? session.spentUSD) USD")))
        }
        return PolicyRecord(lines: lines, dailyLimitUSD: policy.walletDailyLimitUSD?.description, approvalThresholdUSD: policy.approvalThresholdUSD.description)
    }

    // MARK: Commands

    public func perform(_ command: ConsoleCommand) async throws -> String {
        switch command {
        case .approve(let id):
            return try await decision(id) { try await api.approve(id: id, by: actor) }.message
        case .reject(let id, let reason):
            return try await decision(id) { try await api.reject(id: id, reason: reason, by: actor) }.message
        case .edit(let id, let amount, let args):
            let edited = try args.map { text -> JSONValue in
                do { return try JSONValue.parse(text) } catch { throw BackendError("edited arguments are not valid JSON: \(error)") }
            }
            return try await decision(id) {
                try await api.editApproval(id: id, ApprovalEdit(editedArgs: edited, amount: amount), by: actor)
            }.message
        case .kill(let id):
            let session = try await api.killSession(id: id, reason: "killed from the console", by: actor)
            return "killed \(session.name.isEmpty ? session.id : session.name)"
        case .pauseSession(let id):
            let session = try await api.pauseSession(id: id, reason: "paused from the console", by: actor)
            return "paused \(session.name.isEmpty ? session.id : session.name)"
        case .resumeSession(let id):
            let session = try await api.resumeSession(id: id, by: actor)
            return "resumed \(session.name.isEmpty ? session.id : session.name)"
        case .pauseAll:
            _ = try await api.pauseAll(reason: "panic stop from the console", by: actor)
            return "ALL PAYMENTS PAUSED (P or :resume to resume)"
        case .resumeAll:
            _ = try await api.resumeAll(by: actor)
            return "payments resumed"
        case .setPolicy(let daily, let threshold):
            var policy = try await api.policy()
            let old = policy
            do {
                policy.walletDailyLimitUSD = try daily.map { try USDAmount(parsing: $0) }
                policy.approvalThresholdUSD = try USDAmount(parsing: threshold)
            } catch {
                throw BackendError("not a USD amount: \(error)")
            }
            let new = try await api.updatePolicy(policy, by: actor)
            return "policy: daily limit \(old.walletDailyLimitUSD?.description ?? "none") → \(new.walletDailyLimitUSD?.description ?? "none"), "
                + "approval above \(old.approvalThresholdUSD) → \(new.approvalThresholdUSD) USD"
        }
    }

    /// Runs a decision on approval `id`; when someone else decided first (another console, the
    /// CLI, an operator on another machine), says who and when, in a line short enough for the footer.
    func decision(_ id: String, _ body: () async throws -> ApprovalDecisionResult) async throws -> ApprovalDecisionResult {
        do {
            return try await body()
        } catch let error as PaygentError where error.code == .conflict {
            guard let approval = try? await api.approval(id: id), approval.decision != .pending else { throw error }
            let when = approval.decisionMadeAt.map { " at " + String($0.iso8601.dropFirst(11).prefix(8)) + " UTC" } ?? ""
            throw BackendError("already \(approval.decision.rawValue) by \(approval.decidedBy ?? "someone else")\(when)")
        }
    }

    // MARK: Mapping

    /// Reads up to `limit` items, 100 per page.
    func pages<T: Sendable>(limit: Int, _ read: (PageRequest) async throws -> Page<T>) async throws -> [T] {
        var items: [T] = []
        while items.count < limit {
            let page = try await read(PageRequest(offset: items.count, limit: min(PageRequest.maximumLimit, limit - items.count)))
            items += page.items
            if page.items.isEmpty || !page.hasMore { break }
        }
        return items
    }

    func usd(_ amount: USDAmount) -> TokenAmount { .usd(micros: amount.micros) }
    static func usd(_ amount: USDAmount) -> TokenAmount { .usd(micros: amount.micros) }
    static func millis(_ time: Timestamp) -> EpochMillis { time.milliseconds }

    static func state(_ status: SessionStatus) -> SessionState {
        switch status {
        case .running: return .running
        case .paused: return .paused
        case .awaitingApproval: return .awaiting
        case .killed: return .killed
        case .completed: return .done
        case .failed: return .failed
        }
    }

    static func record(_ s: AgentSession) -> SessionRecord {
        SessionRecord(id: s.id, name: s.name, status: state(s.status), spent: usd(s.spentUSD), held: usd(s.heldUSD),
                      budget: s.config.budgetLimitUSD.map(usd), payments: s.paymentCount, createdAt: millis(s.createdAt),
                      lastActive: millis(s.lastActive), statusReason: s.statusReason, wallet: s.walletAddress?.checksummed,
                      details: s.statusChangedBy.map { [DetailLine("Changed by", UntrustedText($0))] } ?? [])
    }

    static func record(_ a: ApprovalRequest) -> ApprovalRecord {
        ApprovalRecord(id: a.id, sessionID: a.sessionID, toolName: a.toolName, toolArgs: JSONWriter.pretty(a.toolArgs, sortedKeys: true),
                       amount: a.amount.map { TokenAmount(units: $0, decimals: a.tokenDecimals, symbol: a.currency) },
                       amountUSD: a.amountUSD.map(usd), payee: a.payee?.checksummed, reason: a.reason,
                       createdAt: millis(a.createdAt), expiresAt: millis(a.expiresAt))
    }

    static func record(_ p: Payment, serviceNames: [String: String] = [:]) -> PaymentRecord {
        let state: PaymentState
        switch p.status {
        case .pending, .signed: state = .pending
        case .confirmed: state = .confirmed
        case .failed: state = .failed
        case .unknown: state = .unknown
        }
        return PaymentRecord(id: p.id, time: millis(p.createdAt), sessionID: p.sessionID, service: p.serviceID.map { serviceNames[$0] ?? $0 } ?? host(of: p.resource),
                             resource: p.resource, payee: p.recipient.checksummed, payer: p.agentWallet.checksummed,
                             amount: TokenAmount(units: p.amount, decimals: p.tokenDecimals, symbol: p.tokenSymbol),
                             amountUSD: usd(p.amountUSD), status: state, txHash: p.txHash, network: p.network,
                             failureReason: p.failureReason, settledAt: p.settledAt.map(millis), validBefore: millis(p.validBefore),
                             maximum: p.maximumAmount.map { TokenAmount(units: $0, decimals: p.tokenDecimals, symbol: p.tokenSymbol) })
    }

    static func record(_ e: PaygentEvent) -> EventRecord {
        EventRecord(seq: e.seq, time: millis(e.timestamp), type: e.type.rawValue, sessionID: e.sessionID, subjectID: e.subjectID,
                    actor: e.actor, summary: summary(e.data), detail: JSONWriter.pretty(e.data, sortedKeys: true))
    }

    static func budgets(_ b: BudgetOverview) -> [BudgetRecord] {
        var records: [BudgetRecord] = []
        for s in b.sessions {
            guard let budget = s.budgetUSD else { continue }
            let used = s.spentUSD.adding(s.heldUSD) ?? s.spentUSD
            records.append(BudgetRecord(scope: .session(id: s.sessionID), label: s.name.isEmpty ? s.sessionID : s.name,
                                        spent: usd(used), limit: usd(budget)))
        }
        for t in b.tokens {
            guard let limit = t.limit else { continue }
            records.append(BudgetRecord(scope: .tokenDay, label: "\(t.tokenSymbol) / day",
                                        spent: TokenAmount(units: t.used, decimals: t.tokenDecimals, symbol: t.tokenSymbol),
                                        limit: TokenAmount(units: limit, decimals: t.tokenDecimals, symbol: t.tokenSymbol)))
        }
        for w in b.wallets {
            guard let limit = w.dailyLimitUSD else { continue }
            let address = w.walletAddress.checksummed
            records.append(BudgetRecord(scope: .walletDay, label: "wallet \(address.prefix(6))…\(address.suffix(4)) / day",
                                        spent: usd(w.spentTodayUSD), limit: usd(limit)))
        }
        return records
    }

    static func host(of url: String) -> String {
        guard let range = url.range(of: "://") else { return url }
        return String(url[range.upperBound...].prefix { $0 != "/" && $0 != "?" })
    }

    /// One line: `key: value, key: value` for objects, JSON otherwise.
    static func summary(_ value: JSONValue) -> String {
        guard case .object(let object) = value else { return value.jsonText }
        return object.keys.sorted().prefix(8).map { key in
            let v = object[key]!
            if case .string(let text) = v { return "\(key): \(text)" }
            return "\(key): \(v.jsonText)"
        }.joined(separator: ", ")
    }
}

/// Names of services by id, remembered once looked up (names rarely change; a renamed service
/// shows its new name after the console restarts).
final class ServiceNames: Sendable {
    private let known = Mutex<[String: String]>([:])

    /// Names of `ids`, looking up the ones not known yet (an id that cannot be looked up shows as itself).
    func names(for ids: Set<String>, api: any PaygentAPI) async -> [String: String] {
        let missing = known.withLock { known in ids.filter { known[$0] == nil } }
        for id in missing.sorted() {
            guard let service = try? await api.service(id: id) else { continue }
            let name = service.name.isEmpty ? id : service.name
            known.withLock { $0[id] = name }
        }
        return known.withLock { $0 }
    }
}

/// Opens the operator console on `api` (embedded or remote) and runs it until the operator quits;
/// `actor` is recorded for its commands (a server records its token instead).
/// The terminal is restored on return, on error, and on SIGINT/SIGTERM.
@discardableResult
public func runConsole(api: any PaygentAPI, options: ConsoleOptions, actor: String = "console") async throws -> ConsoleExit {
    let backend = PaygentAPIBackend(api: api, modeLabel: options.modeLabel ?? "embedded", actor: actor, clock: options.clock)
    return try await runConsole(backend: backend, options: options)
}
#endif
