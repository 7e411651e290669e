import PaygentEVM
import PaygentFoundation

/// Human decisions on approval requests: approve, edit, reject, and deadlines.
///
/// The first decision wins: a request that is no longer pending answers every later decision
/// with `conflict`. A decision arriving at or after the deadline is refused with `expired`, and
/// the request's timeout action (deny by default, per session) is applied and committed.
public final class ApprovalDesk: Sendable {
    let context: CoreContext

    /// Creates a desk over `context`.
    public init(context: CoreContext) { self.context = context }

    enum Kind: Sendable {
        case approve
        case reject(reason: String?)
        case edit(args: JSONValue?, amount: String?)
    }

    /// Approves as asked.
    public func approve(id: String, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        try await decide(id: id, kind: .approve, actor: actor)
    }

    /// Rejects with an optional reason (at most 1,000 characters).
    public func reject(id: String, reason: String?, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        if let reason { _ = try Validate.text(reason, field: "reason", max: 1000, required: false) }
        return try await decide(id: id, kind: .reject(reason: reason?.isEmpty == true ? nil : reason), actor: actor)
    }

    /// Approves with edited arguments and/or a lower or equal amount.
    public func edit(id: String, _ edit: ApprovalEdit, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        guard edit.editedArgs != nil || edit.amount != nil else {
            throw .invalid("edited_args", "give edited_args or amount (or both)")
        }
        if let args = edit.editedArgs, args.jsonText.utf8.count > 64 * 1024 {
            throw .invalid("edited_args", "too large (at most 64 KiB of JSON)")
        }
        return try await decide(id: id, kind: .edit(args: edit.editedArgs, amount: edit.amount), actor: actor)
    }

    private func decide(id rawID: String, kind: Kind, actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        let id = try Validate.id(rawID, field: "request_id")
        let actorName = try Validate.text(actor, field: "by", max: 200, required: true)
        let now = context.clock.now()
        return try await context.writeCommitting { tx in
            guard var approval = try tx.approval(id: id) else { return .failure(.notFound("approval request", id)) }
            guard approval.decision == .pending else {
                let who = approval.decidedBy.map { " by \($0)" } ?? ""
                let when = approval.decisionMadeAt.map { " at \($0.iso8601)" } ?? ""
                return .failure(PaygentError(.conflict, "approval \(id) was already decided: \(approval.decision.rawValue)\(who)\(when)"))
            }
            // Validate the edit before anything is written.
            var editedAmount: UInt256?
            if case .edit(_, let amountText?) = kind {
                guard let asked = approval.amount else {
                    return .failure(.invalid("amount", "approval \(id) has no amount to edit"))
                }
                do throws(PaygentError) {
                    let value = try Validate.amount(amountText, decimals: approval.tokenDecimals, field: "amount")
                    guard value <= asked else {
                        return .failure(.invalid("amount", "must not exceed the amount asked (\(approval.formattedAmount ?? "")) \(approval.currency)"))
                    }
                    editedAmount = value
                } catch {
                    return .failure(error)
                }
            }
            if now >= approval.expiresAt {
                let expired = try ApprovalTimeouts.expire(approval, tx: tx, now: now)
                return .failure(PaygentError(.expired, "approval \(id) passed its deadline at \(approval.expiresAt.iso8601); it is now \(expired.decision.rawValue)"))
            }
            let eventType: EventType
            let message: String
            switch kind {
            case .approve:
                approval.decision = .approved
                approval.approvedAmount = approval.amount
                eventType = .approvalApproved
                message = "approved"
            case .reject(let reason):
                approval.decision = .rejected
                approval.decisionReason = reason
                eventType = .approvalRejected
                message = "rejected" + (reason.map { ": \($0)" } ?? "")
            case .edit(let args, _):
                approval.decision = .edited
                approval.editedArgs = args
                approval.approvedAmount = editedAmount ?? approval.amount
                eventType = .approvalEdited
                message = "approved with edits"
            }
            approval.decidedBy = actorName
            approval.decisionMadeAt = now
            try ApprovalTimeouts.record(approval, tx: tx, now: now, actor: actorName, eventType: eventType)
            return .success(ApprovalDecisionResult(requestID: id, decision: approval.decision, message: message, request: approval))
        }
    }

    /// Applies the timeout action to every pending request whose deadline has passed. Returns how many.
    @discardableResult
    public func expireOverdue() async throws(PaygentError) -> Int {
        let now = context.clock.now()
        return try await context.write { tx in
            let overdue = try tx.overdueApprovals(now: now, limit: 500)
            for approval in overdue { _ = try ApprovalTimeouts.expire(approval, tx: tx, now: now) }
            return overdue.count
        }
    }

    /// Records an approval request for a step that is not a payment (or a payment the caller
    /// prices itself). The session goes to `awaiting_approval`.
    public func request(
        sessionID: String, toolName: String, toolArgs: JSONValue, amount: UInt256? = nil, token: Address? = nil,
        payee: Address? = nil, reason: String, purchaseID: String? = nil, by actor: String
    ) async throws(PaygentError) -> ApprovalRequest {
        let sid = try Validate.id(sessionID, field: "session_id")
        let tool = try Validate.text(toolName, field: "tool_name", max: 200, required: true)
        let why = try Validate.text(reason, field: "reason", max: 2000, required: true)
        let now = context.clock.now()
        let id = context.ids.make("apr")
        return try await context.write { tx in
            guard var session = try tx.session(id: sid) else { throw PaygentError.notFound("session", sid) }
            guard !session.status.isTerminal else { throw PaygentError.conflict("session \(sid) is \(session.status.rawValue)") }
            let settings = try tx.policySettings()
            let info = token.flatMap { settings.priceTable.token($0) }
            if token != nil, info == nil { throw PaygentError.invalid("token", "no price configured for this token") }
            let timeout = Int64(session.config.approvalTimeoutSeconds ?? settings.approvalTimeoutSeconds)
            let approval = ApprovalRequest(
                id: id, sessionID: sid, toolName: tool, toolArgs: toolArgs, amount: amount, token: token,
                currency: info?.symbol ?? "USD", tokenDecimals: info?.decimals ?? USDAmount.decimals,
                amountUSD: amount.flatMap { info?.usdValue(of: $0) }, payee: payee, reason: why, purchaseID: purchaseID,
                decision: .pending, editedArgs: nil, approvedAmount: nil, decidedBy: nil, decisionReason: nil,
                onTimeout: session.config.onApprovalTimeout ?? .deny, createdAt: now,
                expiresAt: now.adding(seconds: timeout), decisionMadeAt: nil)
            try tx.insertApproval(approval)
            if session.status == .running { session.status = .awaitingApproval }
            session.lastActive = now
            try tx.updateSession(session)
            _ = try tx.appendEvent(
                NewEvent(.approvalRequested, sessionID: sid, subjectID: id, actor: actor,
                         data: ApprovalEvents.requestData(approval, sessionStatus: session.status)),
                at: now)
            return approval
        }
    }
}
