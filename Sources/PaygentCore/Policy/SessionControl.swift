import PaygentEVM
import PaygentFoundation

/// Sessions and the kill switch: create, pause, resume, kill, finish; the global pause; policy.
///
/// Kill means stop now: in one transaction the session becomes `killed` (so no later policy
/// check can take a hold for it), its pending approvals are rejected, and the holds of its
/// payments that were not yet reported (unsigned or in flight) are released and those payments
/// marked failed ("cancelled"). Holds of payments whose outcome is `unknown` stay until resolved,
/// because they may have settled. Every step is an event naming the actor.
public final class SessionControl: Sendable {
    let context: CoreContext

    /// Creates the controller over `context`.
    public init(context: CoreContext) { self.context = context }

    /// Creates a running session.
    public func create(_ request: CreateSessionRequest, by actor: String) async throws(PaygentError) -> AgentSession {
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        let userID = try Validate.text(request.userID, field: "user_id", max: 128, required: true)
        let name = try Validate.text(request.name, field: "name", max: 200, required: false)
        let wallet = try request.walletAddress.map { (text) throws(PaygentError) in
            try Validate.address(text, field: "wallet_address")
        }
        var config = request.config
        if let budget = request.budgetLimitUSD {
            config.budgetLimitUSD = try Validate.usd(budget, field: "budget_limit_usd")
        }
        try Self.validate(config)
        let finalConfig = config
        let now = context.clock.now()
        let session = AgentSession(
            id: context.ids.make("ses"), userID: userID, name: name, walletAddress: wallet, config: config,
            status: .running, spentUSD: .zero, heldUSD: .zero, paymentCount: 0, createdAt: now, lastActive: now,
            statusChangedBy: actorName, statusReason: nil)
        _ = finalConfig
        return try await context.write { tx in
            try tx.insertSession(session)
            _ = try tx.appendEvent(
                NewEvent(.sessionCreated, sessionID: session.id, subjectID: session.id, actor: actorName, data: [
                    "name": .string(name), "user_id": .string(userID),
                    "wallet_address": wallet.map { .string($0.lowercasedHex) } ?? .null,
                    "budget_limit_usd": finalConfig.budgetLimitUSD.map { .string($0.description) } ?? .null,
                ]),
                at: now)
            return session
        }
    }

    static func validate(_ config: SessionConfig) throws(PaygentError) {
        if let minutes = config.maxPaymentsPerMinute, !(1...1_000_000).contains(minutes) {
            throw .invalid("max_payments_per_minute", "must be between 1 and 1000000")
        }
        if let seconds = config.approvalTimeoutSeconds, !(1...604_800).contains(seconds) {
            throw .invalid("approval_timeout_seconds", "must be between 1 and 604800 (7 days)")
        }
        if config.allowedTools.count > 100 || config.allowedTools.contains(where: { $0.isEmpty || $0.count > 100 }) {
            throw .invalid("allowed_tools", "at most 100 names of 1…100 characters")
        }
        if config.allowedRecipients.count > 1000 || config.deniedRecipients.count > 1000 {
            throw .invalid("allowed_recipients", "at most 1000 addresses")
        }
        if JSONValue.object(config.extra).jsonText.utf8.count > 64 * 1024 {
            throw .invalid("config", "too large (at most 64 KiB of JSON)")
        }
    }

    /// Kills a session (see the type's documentation).
    public func kill(id rawID: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession {
        let id = try Validate.id(rawID, field: "session_id")
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        if let reason { _ = try Validate.text(reason, field: "reason", max: 1000, required: false) }
        let now = context.clock.now()
        return try await context.write { tx in
            guard var session = try tx.session(id: id) else { throw PaygentError.notFound("session", id) }
            guard !session.status.isTerminal else {
                throw PaygentError.conflict("session \(id) is already \(session.status.rawValue)")
            }
            session.status = .killed
            session.statusChangedBy = actorName
            session.statusReason = reason
            session.lastActive = now
            try tx.updateSession(session)
            let killEvent = try tx.appendEvent(
                NewEvent(.sessionKilled, sessionID: id, subjectID: id, actor: actorName,
                         data: ["reason": reason.map(JSONValue.string) ?? .null]),
                at: now)
            // Reject pending approvals.
            var rejected = 0
            for var approval in try tx.approvals(ApprovalQuery(sessionID: id, decision: .pending, page: PageRequest(offset: 0, limit: 100_000))).items {
                approval.decision = .rejected
                approval.decidedBy = actorName
                approval.decisionReason = "session killed" + (reason.map { ": \($0)" } ?? "")
                approval.decisionMadeAt = now
                try tx.updateApproval(approval)
                _ = try tx.appendEvent(
                    NewEvent(.approvalRejected, sessionID: id, subjectID: approval.id, actor: actorName,
                             data: ApprovalEvents.decisionData(approval)),
                    at: now)
                rejected += 1
            }
            // Cancel in-flight payments that were not reported yet and release their holds.
            var released = 0
            var releasedUSD = USDAmount.zero
            for hold in try tx.holds(sessionID: id, status: .held) {
                guard let payment = try tx.payment(id: hold.paymentID), payment.status == .pending else { continue }
                try HoldSettlement.cancel(hold, payment: payment, tx: tx, now: now, actor: actorName,
                                          reason: "cancelled: session killed by \(actorName)")
                released += 1
                releasedUSD = releasedUSD.adding(hold.amountUSD) ?? releasedUSD
            }
            session.heldUSD = session.heldUSD.saturatingSubtract(releasedUSD)
            try tx.updateSession(session)
            _ = killEvent
            _ = try tx.appendEvent(
                NewEvent(.sessionUpdated, sessionID: id, subjectID: id, actor: actorName, data: [
                    "status": "killed", "released_holds": .integer(released), "released_usd": .string(releasedUSD.description),
                    "rejected_approvals": .integer(rejected),
                ]),
                at: now)
            return session
        }
    }

    /// Pauses a running or awaiting session.
    public func pause(id rawID: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession {
        let id = try Validate.id(rawID, field: "session_id")
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        if let reason { _ = try Validate.text(reason, field: "reason", max: 1000, required: false) }
        let now = context.clock.now()
        return try await context.write { tx in
            guard var session = try tx.session(id: id) else { throw PaygentError.notFound("session", id) }
            guard session.status == .running || session.status == .awaitingApproval else {
                throw PaygentError.conflict("session \(id) is \(session.status.rawValue), not running")
            }
            session.status = .paused
            session.statusChangedBy = actorName
            session.statusReason = reason
            session.lastActive = now
            try tx.updateSession(session)
            _ = try tx.appendEvent(
                NewEvent(.sessionPaused, sessionID: id, subjectID: id, actor: actorName,
                         data: ["reason": reason.map(JSONValue.string) ?? .null]),
                at: now)
            return session
        }
    }

    /// Resumes a paused session (to `awaiting_approval` when requests are still pending).
    public func resume(id rawID: String, by actor: String) async throws(PaygentError) -> AgentSession {
        let id = try Validate.id(rawID, field: "session_id")
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        let now = context.clock.now()
        return try await context.write { tx in
            guard var session = try tx.session(id: id) else { throw PaygentError.notFound("session", id) }
            guard session.status == .paused else {
                throw PaygentError.conflict("session \(id) is \(session.status.rawValue), not paused")
            }
            session.status = try tx.pendingApprovalCount(sessionID: id) > 0 ? .awaitingApproval : .running
            session.statusChangedBy = actorName
            session.statusReason = nil
            session.lastActive = now
            try tx.updateSession(session)
            _ = try tx.appendEvent(
                NewEvent(.sessionResumed, sessionID: id, subjectID: id, actor: actorName,
                         data: ["status": .string(session.status.rawValue)]),
                at: now)
            return session
        }
    }

    /// Ends a session as `completed` or `failed` (the agent runtime's call).
    public func finish(id rawID: String, status: SessionStatus, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession {
        let id = try Validate.id(rawID, field: "session_id")
        guard status == .completed || status == .failed else {
            throw .invalid("status", "must be completed or failed")
        }
        let now = context.clock.now()
        return try await context.write { tx in
            guard var session = try tx.session(id: id) else { throw PaygentError.notFound("session", id) }
            guard !session.status.isTerminal else {
                throw PaygentError.conflict("session \(id) is already \(session.status.rawValue)")
            }
            session.status = status
            session.statusChangedBy = actor
            session.statusReason = reason
            session.lastActive = now
            try tx.updateSession(session)
            _ = try tx.appendEvent(
                NewEvent(status == .completed ? .sessionCompleted : .sessionFailed, sessionID: id, subjectID: id,
                         actor: actor, data: ["reason": reason.map(JSONValue.string) ?? .null]),
                at: now)
            return session
        }
    }

    /// Marks a session active again after it finished a run (`completed` → `running`), for
    /// sessions that take several commands.
    public func reopen(id rawID: String, by actor: String) async throws(PaygentError) -> AgentSession {
        let id = try Validate.id(rawID, field: "session_id")
        let now = context.clock.now()
        return try await context.write { tx in
            guard var session = try tx.session(id: id) else { throw PaygentError.notFound("session", id) }
            guard session.status == .completed || session.status == .failed else {
                throw PaygentError.conflict("session \(id) is \(session.status.rawValue)")
            }
            session.status = .running
            session.statusChangedBy = actor
            session.statusReason = nil
            session.lastActive = now
            try tx.updateSession(session)
            _ = try tx.appendEvent(
                NewEvent(.sessionResumed, sessionID: id, subjectID: id, actor: actor, data: ["status": "running"]),
                at: now)
            return session
        }
    }

    /// Freezes every payment.
    public func pauseAll(reason: String?, by actor: String) async throws(PaygentError) -> ControlState {
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        if let reason { _ = try Validate.text(reason, field: "reason", max: 1000, required: false) }
        let now = context.clock.now()
        return try await context.write { tx in
            guard try !tx.controlState().globalPause else { throw PaygentError.conflict("payments are already paused") }
            let state = ControlState(globalPause: true, changedBy: actorName, changedAt: now, reason: reason)
            try tx.setControlState(state)
            _ = try tx.appendEvent(
                NewEvent(.controlPaused, actor: actorName, data: ["reason": reason.map(JSONValue.string) ?? .null]),
                at: now)
            return state
        }
    }

    /// Lifts the global pause.
    public func resumeAll(by actor: String) async throws(PaygentError) -> ControlState {
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        let now = context.clock.now()
        return try await context.write { tx in
            guard try tx.controlState().globalPause else { throw PaygentError.conflict("payments are not paused") }
            let state = ControlState(globalPause: false, changedBy: actorName, changedAt: now, reason: nil)
            try tx.setControlState(state)
            _ = try tx.appendEvent(NewEvent(.controlResumed, actor: actorName), at: now)
            return state
        }
    }

    /// Replaces the global policy.
    public func updatePolicy(_ settings: PolicySettings, by actor: String) async throws(PaygentError) -> PolicySettings {
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        guard (1...604_800).contains(settings.approvalTimeoutSeconds) else {
            throw .invalid("approval_timeout_seconds", "must be between 1 and 604800 (7 days)")
        }
        if let minutes = settings.maxPaymentsPerMinute, minutes < 1 {
            throw .invalid("max_payments_per_minute", "must be at least 1")
        }
        for token in settings.priceTable.tokens {
            guard (0...77).contains(token.decimals) else { throw .invalid("price_table", "decimals must be 0…77") }
            _ = try Validate.text(token.symbol, field: "price_table.symbol", max: 32, required: true)
            // A zero price would value every payment in the token at 0 USD: no USD limit, cap,
            // threshold or budget would ever see it, and its spend would be recorded as nothing.
            if token.usdPrice.isZero {
                throw .invalid("price_table", "the price of \(token.symbol) must be above 0 USD (a zero price would exempt it from every USD limit)")
            }
        }
        var normalized = settings
        normalized.tokenDailyLimits = [:]
        for (key, value) in settings.tokenDailyLimits {
            normalized.tokenDailyLimits[try Validate.address(key, field: "token_daily_limits").lowercasedHex] = value
        }
        normalized.recipientDailyCapsUSD = [:]
        for (key, value) in settings.recipientDailyCapsUSD {
            normalized.recipientDailyCapsUSD[try Validate.address(key, field: "recipient_daily_caps_usd").lowercasedHex] = value
        }
        let final = normalized
        let now = context.clock.now()
        return try await context.write { tx in
            let changes = PolicyChanges.between(try tx.policySettings(), final)
            try tx.setPolicySettings(final)
            _ = try tx.appendEvent(NewEvent(.policyUpdated, actor: actorName, data: ["changes": .object(changes)]), at: now)
            return final
        }
    }
}
