import PaygentEVM
import PaygentFoundation
import X402

/// One run of the policy checks inside a write transaction (see ``PolicyEngine``).
struct PolicyEvaluation {
    let tx: any StoreTransaction
    let intent: PaymentIntent
    let context: PaymentContext
    let now: Timestamp
    let ids: (hold: String, payment: String, approval: String)
    /// The owner id (``StoreOwner``) recorded with a new hold.
    let owner: String
    /// Endpoints the paid resource may be registered under (see ``serviceEndpoints(for:)``).
    let serviceCandidates: [String]

    /// A refusal: the rule that fired and the sentence an operator reads.
    struct Refusal: Error {
        var rule: String
        var reason: String
    }

    func run() throws -> PolicyDecision {
        do {
            // Pause and kill first: no shortcut below may answer for a paused or killed session.
            var (settings, session) = try gate()
            if let existing = try tx.liveHold(purchaseID: intent.purchaseID) {
                if let decision = try reuse(existing) { return decision }
                // An orphaned hold was released: read the session again (its held amount changed).
                (settings, session) = try gate()
            }
            return try evaluate(settings: settings, session: session)
        } catch let refusal as Refusal {
            try deny(refusal)
            return .deny(reason: refusal.reason)
        }
    }

    /// The global pause and the session's state.
    private func gate() throws -> (PolicySettings, AgentSession?) {
        let settings = try tx.policySettings()
        let control = try tx.controlState()
        if control.globalPause {
            let who = control.changedBy.map { " by \($0)" } ?? ""
            let why = control.reason.map { ": \($0)" } ?? ""
            throw Refusal(rule: "global_pause", reason: "all payments are paused\(who)\(why)")
        }
        guard let sessionID = context.sessionID else { return (settings, nil) }
        guard let found = try tx.session(id: sessionID) else {
            throw Refusal(rule: "session", reason: "unknown session \(UntrustedText.identifier(sessionID))")
        }
        switch found.status {
        case .running, .awaitingApproval: break
        case .paused:
            throw Refusal(rule: "session_paused", reason: "session \(found.id) is paused\(found.statusChangedBy.map { " by \($0)" } ?? "")")
        case .killed:
            throw Refusal(rule: "session_killed", reason: "session \(found.id) was killed\(found.statusChangedBy.map { " by \($0)" } ?? "")")
        case .completed, .failed:
            throw Refusal(rule: "session_finished", reason: "session \(found.id) is \(found.status.rawValue)")
        }
        return (settings, found)
    }

    /// A repeated purchase id. The same hold is handed back only while it is held, unsigned, taken
    /// by this control plane, and the intent is the one it was taken for (payer, payee, asset,
    /// network, amount ≤ the hold); a captured purchase is `already_paid`, a signed one (or one
    /// another live process holds) `payment_in_flight`. An unsigned hold whose process is gone is
    /// released here and the purchase evaluated afresh (nil).
    private func reuse(_ hold: Hold) throws -> PolicyDecision? {
        let purchase = UntrustedText.identifier(intent.purchaseID)
        guard let payment = try tx.payment(id: hold.paymentID) else { return .allow(holdID: hold.id) }
        if hold.status == .captured || payment.status == .confirmed {
            throw Refusal(rule: "already_paid", reason: "already_paid: purchase \(purchase) was paid by payment \(payment.id)")
        }
        guard payment.status == .pending else {
            throw Refusal(rule: "payment_in_flight",
                          reason: "payment_in_flight: purchase \(purchase) has payment \(payment.id) signed, its outcome not recorded yet")
        }
        if payment.ownerID != owner {
            guard let other = payment.ownerID, ProcessLiveness.isGone(ownerID: other) else {
                throw Refusal(rule: "payment_in_flight",
                              reason: "payment_in_flight: purchase \(purchase) is held by payment \(payment.id) of another live process")
            }
            try HoldSettlement.releaseUnsigned(hold, payment: payment, tx: tx, now: now, actor: context.eventActor,
                                               reason: "released: the process that held it is gone")
            return nil
        }
        var differs: [String] = []
        if intent.payer != hold.wallet { differs.append("payer") }
        if intent.payTo != hold.recipient { differs.append("payee") }
        if intent.asset != hold.token { differs.append("asset") }
        if intent.network != payment.network { differs.append("network") }
        if intent.amount > hold.amount { differs.append("amount") }
        guard differs.isEmpty else {
            throw Refusal(rule: "purchase_mismatch",
                          reason: "purchase_mismatch: purchase \(purchase) is held by payment \(payment.id) for another \(differs.joined(separator: ", "))")
        }
        return .allow(holdID: hold.id)
    }

    private func evaluate(settings: PolicySettings, session initialSession: AgentSession?) throws -> PolicyDecision {
        var session = initialSession
        guard let token = settings.priceTable.token(intent.asset) else {
            throw Refusal(rule: "token", reason: "no USD price is configured for token \(intent.asset.checksummed)")
        }
        guard !intent.amount.isZero else { throw Refusal(rule: "amount", reason: "amount is zero") }
        guard let usd = token.usdValue(of: intent.amount) else {
            throw Refusal(rule: "amount", reason: "amount \(intent.amount) is too large to value")
        }
        let shown = "\(token.format(intent.amount)) \(token.symbol) (\(usd) USD)"

        // Recipient lists.
        let recipient = intent.payTo
        if settings.deniedRecipients.contains(recipient) || (session?.config.deniedRecipients.contains(recipient) ?? false) {
            throw Refusal(rule: "recipient_denied", reason: "recipient \(recipient.checksummed) is on the deny list")
        }
        if !settings.allowedRecipients.isEmpty, !settings.allowedRecipients.contains(recipient) {
            throw Refusal(rule: "recipient_not_allowed", reason: "recipient \(recipient.checksummed) is not on the global allow list")
        }
        if let allowed = session?.config.allowedRecipients, !allowed.isEmpty, !allowed.contains(recipient) {
            throw Refusal(rule: "recipient_not_allowed", reason: "recipient \(recipient.checksummed) is not on the session's allow list")
        }

        // Velocity.
        if let limit = session?.config.maxPaymentsPerMinute ?? settings.maxPaymentsPerMinute {
            let key: VelocityKey = session.map { .session($0.id) } ?? .wallet(intent.payer)
            let recent = try tx.recentAttempts(key, now: now)
            if recent >= limit {
                throw Refusal(rule: "velocity", reason: "velocity limit: \(recent) payments in the last minute (at most \(limit))")
            }
        }

        // Session budget.
        if let session, let budget = session.config.budgetLimitUSD {
            let committed = (session.spentUSD.adding(session.heldUSD) ?? budget).adding(usd)
            if committed == nil || committed! > budget {
                throw Refusal(
                    rule: "session_budget",
                    reason: "session budget exceeded: \(shown) with \(session.spentUSD) USD spent and \(session.heldUSD) USD held of \(budget) USD"
                )
            }
        }

        // Rolling 24 h limits.
        if let limit = settings.walletDailyLimitUSD {
            let used = USDAmount(micros: try tx.rollingTotal(.walletUSD(intent.payer), now: now))
            if (used.adding(usd) ?? limit.adding(1)!) > limit {
                throw Refusal(rule: "wallet_daily_limit", reason: "wallet \(intent.payer.checksummed) daily limit: \(used) USD used in 24 h of \(limit) USD, \(shown) more would exceed it")
            }
        }
        if let limit = settings.tokenDailyLimits[intent.asset.lowercasedHex] {
            let used = try tx.rollingTotal(.walletToken(wallet: intent.payer, token: intent.asset), now: now)
            let (sum, overflow) = used.addingReportingOverflow(intent.amount)
            if overflow || sum > limit {
                throw Refusal(rule: "token_daily_limit", reason: "\(token.symbol) daily limit: \(token.format(used)) used in 24 h of \(token.format(limit)), \(token.format(intent.amount)) more would exceed it")
            }
        }
        let serviceID = try context.serviceID ?? resolveService()
        if let serviceID, let cap = settings.serviceDailyCapsUSD[serviceID] {
            let used = USDAmount(micros: try tx.rollingTotal(.serviceUSD(serviceID), now: now))
            if (used.adding(usd) ?? cap.adding(1)!) > cap {
                throw Refusal(rule: "service_daily_cap", reason: "service \(serviceID) cap: \(used) USD paid in 24 h of \(cap) USD, \(shown) more would exceed it")
            }
        }
        if let cap = settings.recipientDailyCapsUSD[recipient.lowercasedHex] {
            let used = USDAmount(micros: try tx.rollingTotal(.recipientUSD(recipient), now: now))
            if (used.adding(usd) ?? cap.adding(1)!) > cap {
                throw Refusal(rule: "recipient_daily_cap", reason: "recipient \(recipient.checksummed) cap: \(used) USD paid in 24 h of \(cap) USD, \(shown) more would exceed it")
            }
        }

        // An approval of this purchase binds what the operator saw, whatever the threshold.
        let threshold = session?.config.approvalThresholdUSD ?? settings.approvalThresholdUSD
        if var current = session, var approval = try tx.approval(purchaseID: intent.purchaseID) {
            if approval.decision == .pending, now >= approval.expiresAt {
                approval = try ApprovalTimeouts.expire(approval, tx: tx, now: now)
                current = try tx.session(id: current.id) ?? current
                session = current
            }
            switch approval.decision {
            case .pending:
                return .askHuman(reason: "waiting for approval \(approval.id): \(approval.reason)")
            case .approved, .edited:
                try checkBinding(approval, token: token)
            case .rejected:
                throw Refusal(rule: "approval_rejected", reason: "approval \(approval.id) was rejected by \(approval.decidedBy ?? "an operator")\(approval.decisionReason.map { ": \($0)" } ?? "")")
            case .expired:
                throw Refusal(rule: "approval_expired", reason: "approval \(approval.id) expired at \(approval.expiresAt) without a decision")
            }
        } else if usd > threshold {
            guard var session else {
                throw Refusal(rule: "approval_required", reason: "\(shown) is above the approval threshold of \(threshold) USD and there is no session to ask in")
            }
            let settingsTimeout = settings.approvalTimeoutSeconds
            let timeout = Int64(session.config.approvalTimeoutSeconds ?? settingsTimeout)
            let reason = "\(shown) is above the approval threshold of \(threshold) USD"
            var approval = ApprovalRequest(
                id: ids.approval, sessionID: session.id, toolName: context.toolName,
                toolArgs: context.toolArgs ?? .object(["url": .string(intent.resource)]),
                amount: intent.amount, token: intent.asset, currency: token.symbol, tokenDecimals: token.decimals,
                amountUSD: usd, payee: recipient, reason: reason, purchaseID: intent.purchaseID, decision: .pending,
                editedArgs: nil, approvedAmount: nil, decidedBy: nil, decisionReason: nil,
                onTimeout: session.config.onApprovalTimeout ?? .deny, createdAt: now,
                expiresAt: now.adding(seconds: timeout), decisionMadeAt: nil
            )
            approval.network = Self.networkKey(intent)
            try tx.insertApproval(approval)
            if session.status == .running {
                session.status = .awaitingApproval
            }
            session.lastActive = now
            try tx.updateSession(session)
            _ = try tx.appendEvent(
                NewEvent(.approvalRequested, sessionID: session.id, subjectID: approval.id, actor: context.eventActor,
                         data: ApprovalEvents.requestData(approval, sessionStatus: session.status)),
                at: now)
            return .askHuman(reason: "\(reason); approval \(approval.id) requested")
        }

        // Allowed: hold it.
        let hold = Hold(
            id: ids.hold, purchaseID: intent.purchaseID, paymentID: ids.payment, sessionID: session?.id,
            serviceID: serviceID, wallet: intent.payer, token: intent.asset, recipient: recipient, amount: intent.amount,
            amountUSD: usd, status: .held, validBefore: Timestamp(seconds: Int64(clamping: intent.validBefore)),
            createdAt: now, updatedAt: now
        )
        var payment = Payment(
            id: ids.payment, purchaseID: intent.purchaseID, holdID: hold.id, sessionID: session?.id, serviceID: serviceID,
            agentWallet: intent.payer, recipient: recipient, amount: intent.amount, token: intent.asset,
            tokenSymbol: token.symbol, tokenDecimals: token.decimals, amountUSD: usd, network: intent.network,
            resource: intent.resource, txHash: nil, status: .pending, failureReason: nil, validBefore: hold.validBefore,
            createdAt: now, updatedAt: now, settledAt: nil
        )
        payment.ownerID = owner
        if intent.scheme == PaymentRequirement.uptoScheme {
            // The hold is the maximum; settlement captures the charge and releases the rest.
            payment.maximumAmount = intent.amount
            payment.maximumAmountUSD = usd
        }
        try tx.insertPayment(payment, hold: hold)
        if var session {
            session.heldUSD = session.heldUSD.adding(usd) ?? session.heldUSD
            session.lastActive = now
            try tx.updateSession(session)
        }
        _ = try tx.appendEvent(
            NewEvent(.paymentAuthorized, sessionID: session?.id, subjectID: payment.id, actor: context.eventActor, data: [
                "payment_id": .string(payment.id), "hold_id": .string(hold.id), "purchase_id": .string(intent.purchaseID),
                "amount": .string(token.format(intent.amount)), "amount_base_units": .string(intent.amount.description),
                "currency": .string(token.symbol), "amount_usd": .string(usd.description),
                "recipient": .string(recipient.lowercasedHex), "resource": .string(intent.resource),
                "service_id": serviceID.map(JSONValue.string) ?? .null,
            ]),
            at: now)
        return .allow(holdID: hold.id)
    }

    /// The network key an approval binds: the chain, however the server spells its name.
    static func networkKey(_ intent: PaymentIntent) -> String { "eip155:\(intent.chainID)" }

    /// An approved (or edited) request fixes payee, asset, network and a maximum amount in that
    /// asset; a retried 402 that differs in any of them is refused with `approval_mismatch`.
    private func checkBinding(_ approval: ApprovalRequest, token: TokenInfo) throws {
        var differs: [String] = []
        if let payee = approval.payee, payee != intent.payTo {
            differs.append("payee \(intent.payTo.checksummed) instead of \(payee.checksummed)")
        }
        if let asset = approval.token, asset != intent.asset {
            differs.append("asset \(intent.asset.checksummed) instead of \(asset.checksummed)")
        }
        if let network = approval.network, network != Self.networkKey(intent) {
            differs.append("network \(UntrustedText.identifier(intent.network)) instead of \(network)")
        }
        // Same asset (checked above), so base units compare like for like.
        if let allowed = approval.approvedAmount ?? approval.amount, intent.amount > allowed {
            differs.append("\(token.format(intent.amount)) \(token.symbol), more than the \(token.format(allowed)) approved")
        }
        guard differs.isEmpty else {
            throw Refusal(rule: "approval_mismatch",
                          reason: "approval_mismatch: approval \(approval.id) does not cover this payment: \(differs.joined(separator: "; "))")
        }
    }

    /// The registry service whose endpoint is the resource URL or one of its parent paths
    /// (the longest registered one wins).
    private func resolveService() throws -> String? {
        serviceCandidates.isEmpty ? nil : try tx.serviceID(endpoints: serviceCandidates)
    }

    /// The endpoints a paid URL may be registered under, most specific first: the URL without
    /// query or fragment, then each parent path with and without its trailing slash (at most 16).
    static func serviceEndpoints(for resource: String) -> [String] {
        var url = resource
        if let query = url.firstIndex(where: { $0 == "?" || $0 == "#" }) { url = String(url[..<query]) }
        var candidates = [url]
        var current = Substring(url)
        if let scheme = current.range(of: "://") {
            let pathStart = current[scheme.upperBound...].firstIndex(of: "/") ?? current.endIndex
            while candidates.count < 16, let slash = current.lastIndex(of: "/"), slash >= pathStart {
                current = current[..<slash]
                candidates.append(String(current) + "/")
                candidates.append(String(current))
            }
        }
        return candidates
    }

    private func deny(_ refusal: Refusal) throws {
        _ = try tx.appendEvent(
            NewEvent(.paymentDenied, sessionID: context.sessionID, subjectID: nil, actor: context.eventActor, data: [
                "purchase_id": .string(intent.purchaseID), "rule": .string(refusal.rule), "reason": .string(refusal.reason),
                "amount_base_units": .string(intent.amount.description), "token": .string(intent.asset.lowercasedHex),
                "recipient": .string(intent.payTo.lowercasedHex), "resource": .string(intent.resource),
            ]),
            at: now)
    }
}
