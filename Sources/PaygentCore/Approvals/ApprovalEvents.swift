import PaygentFoundation
/// Event payloads for approvals (the prototype's `approval_required` fields and more).
enum ApprovalEvents {
    static func requestData(_ approval: ApprovalRequest, sessionStatus: SessionStatus) -> JSONValue {
        [
            "request_id": .string(approval.id), "tool_name": .string(approval.toolName), "tool_args": approval.toolArgs,
            "reason": .string(approval.reason), "amount": approval.formattedAmount.map(JSONValue.string) ?? .null,
            "currency": .string(approval.currency), "amount_usd": approval.amountUSD.map { .string($0.description) } ?? .null,
            "payee": approval.payee.map { .string($0.lowercasedHex) } ?? .null,
            "expires_at": .string(approval.expiresAt.iso8601), "session_status": .string(sessionStatus.rawValue),
        ]
    }

    static func decisionData(_ approval: ApprovalRequest) -> JSONValue {
        [
            "request_id": .string(approval.id), "decision": .string(approval.decision.rawValue),
            "decided_by": approval.decidedBy.map(JSONValue.string) ?? .null,
            "reason": approval.decisionReason.map(JSONValue.string) ?? .null,
            "edited_args": approval.editedArgs ?? .null,
            "approved_amount_base_units": approval.approvedAmount.map { .string($0.description) } ?? .null,
        ]
    }

    static func type(for decision: ApprovalDecision) -> EventType {
        switch decision {
        case .pending: .approvalRequested
        case .approved: .approvalApproved
        case .edited: .approvalEdited
        case .rejected: .approvalRejected
        case .expired: .approvalExpired
        }
    }
}

/// Applying a decision inside a write transaction, shared by operators, timeouts and kills.
enum ApprovalTimeouts {
    /// Applies the request's timeout action (deny → `expired`; allow → `approved` by `system:timeout`).
    static func expire(_ original: ApprovalRequest, tx: any StoreTransaction, now: Timestamp) throws -> ApprovalRequest {
        var approval = original
        switch approval.onTimeout {
        case .deny:
            approval.decision = .expired
            approval.decisionReason = "no decision before the deadline \(approval.expiresAt.iso8601)"
        case .allow:
            approval.decision = .approved
            approval.approvedAmount = approval.amount
            approval.decisionReason = "approved automatically at the deadline (session setting)"
        }
        approval.decidedBy = "system:timeout"
        approval.decisionMadeAt = now
        try ApprovalTimeouts.record(approval, tx: tx, now: now, actor: "system:timeout", eventType: approval.decision == .expired ? .approvalExpired : .approvalApproved)
        return approval
    }

    /// Saves a decided request, appends its event and puts the session back to running when
    /// nothing else is pending.
    static func record(_ approval: ApprovalRequest, tx: any StoreTransaction, now: Timestamp, actor: String, eventType: EventType) throws {
        try tx.updateApproval(approval)
        _ = try tx.appendEvent(
            NewEvent(eventType, sessionID: approval.sessionID, subjectID: approval.id, actor: actor,
                     data: ApprovalEvents.decisionData(approval)),
            at: now)
        if var session = try tx.session(id: approval.sessionID), session.status == .awaitingApproval,
           try tx.pendingApprovalCount(sessionID: session.id) == 0
        {
            session.status = .running
            session.lastActive = now
            try tx.updateSession(session)
        }
    }
}
