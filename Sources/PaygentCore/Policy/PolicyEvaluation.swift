import PaygentEVM
import X402

/// One run of the policy checks inside a write transaction (see ``PolicyEngine``).
struct PolicyEvaluation {
    let tx: any StoreTransaction
    let intent: PaymentIntent
    let context: PaymentContext
    let now: Timestamp
    let ids: (hold: String, payment: String, approval: String)
    /// Endpoints the paid resource may be registered under (see ``serviceEndpoints(for:)``).
    let serviceCandidates: [String]

    /// A refusal: the rule that fired and the sentence an operator reads.
    struct Refusal: Error {
        var rule: String
        var reason: String
    }

    func run() throws -> PolicyDecision {
        if let existing = try tx.liveHold(purchaseID: intent.purchaseID) {
            return .allow(holdID: existing.id)
        }
        do {
            return try evaluate()
        } catch let refusal as Refusal {
            try deny(refusal)
            return .deny(reason: refusal.reason)
        }
    }

    private func evaluate() throws -> PolicyDecision {
        let settings = try tx.policySettings()
        let control = try tx.controlState()
        if control.globalPause {
            let who = control.changedBy.map { " by \($0)" } ?? ""
            let why = control.reason.map { ": \($0)" } ?? ""
            throw Refusal(rule: "global_pause", reason: "all payments are paused\(who)\(why)")
        }

        var session: AgentSession?
        if let sessionID = context.sessionID {
            guard let found = try tx.session(id: sessionID) else {
                throw Refusal(rule: "session", reason: "unknown session \(Sanitize.identifier(sessionID))")
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
            session = found
        }

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

        // Approval threshold.
        let threshold = session?.config.approvalThresholdUSD ?? settings.approvalThresholdUSD
        if usd > threshold {
            guard var session else {
                throw Refusal(rule: "approval_required", reason: "\(shown) is above the approval threshold of \(threshold) USD and there is no session to ask in")
            }
            if var approval = try tx.approval(purchaseID: intent.purchaseID) {
                if approval.decision == .pending, now >= approval.expiresAt {
                    approval = try ApprovalTimeouts.expire(approval, tx: tx, now: now)
                    session = try tx.session(id: session.id) ?? session
                }
                switch approval.decision {
                case .pending:
                    return .askHuman(reason: "waiting for approval \(approval.id): \(approval.reason)")
                case .approved, .edited:
                    let allowed = approval.approvedAmount ?? intent.amount
                    guard intent.amount <= allowed else {
                        throw Refusal(rule: "approval_amount", reason: "approval \(approval.id) allows at most \(token.format(allowed)) \(token.symbol), asked \(token.format(intent.amount))")
                    }
                case .rejected:
                    throw Refusal(rule: "approval_rejected", reason: "approval \(approval.id) was rejected by \(approval.decidedBy ?? "an operator")\(approval.decisionReason.map { ": \($0)" } ?? "")")
                case .expired:
                    throw Refusal(rule: "approval_expired", reason: "approval \(approval.id) expired at \(approval.expiresAt) without a decision")
                }
            } else {
                let settingsTimeout = settings.approvalTimeoutSeconds
                let timeout = Int64(session.config.approvalTimeoutSeconds ?? settingsTimeout)
                let reason = "\(shown) is above the approval threshold of \(threshold) USD"
                let approval = ApprovalRequest(
                    id: ids.approval, sessionID: session.id, toolName: context.toolName,
                    toolArgs: context.toolArgs ?? .object(["url": .string(intent.resource)]),
                    amount: intent.amount, token: intent.asset, currency: token.symbol, tokenDecimals: token.decimals,
                    amountUSD: usd, payee: recipient, reason: reason, purchaseID: intent.purchaseID, decision: .pending,
                    editedArgs: nil, approvedAmount: nil, decidedBy: nil, decisionReason: nil,
                    onTimeout: session.config.onApprovalTimeout ?? .deny, createdAt: now,
                    expiresAt: now.adding(seconds: timeout), decisionMadeAt: nil
                )
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
