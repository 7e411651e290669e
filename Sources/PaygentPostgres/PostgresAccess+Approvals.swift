import PaygentCore
import PaygentEVM
import PaygentFoundation

extension PostgresAccess {
    static let approvalColumns = """
        id, session_id, tool_name, tool_args, amount, token, currency, token_decimals, amount_usd, payee, reason, \
        purchase_id, decision, edited_args, approved_amount, decided_by, decision_reason, on_timeout, created_at, \
        expires_at, decision_made_at, network
        """

    static func approval(_ row: PGRow) throws -> ApprovalRequest {
        guard let decision = ApprovalDecision(rawValue: try row.string(12)) else { throw PostgresStoreError.decoding("bad decision") }
        var approval = ApprovalRequest(
            id: try row.string(0), sessionID: try row.string(1), toolName: try row.string(2), toolArgs: try row.json(3),
            amount: try row.optionalAmount(4), token: try row.optionalAddress(5), currency: try row.string(6),
            tokenDecimals: try row.int(7), amountUSD: try row.optionalUSD(8), payee: try row.optionalAddress(9),
            reason: try row.string(10), purchaseID: row.optionalString(11), decision: decision,
            editedArgs: try row.optionalJSON(13), approvedAmount: try row.optionalAmount(14),
            decidedBy: row.optionalString(15), decisionReason: row.optionalString(16),
            onTimeout: ApprovalTimeoutAction(rawValue: try row.string(17)) ?? .deny, createdAt: try row.timestamp(18),
            expiresAt: try row.timestamp(19), decisionMadeAt: try row.optionalTimestamp(20))
        approval.network = row.optionalString(21)
        return approval
    }

    func approval(id: String) throws -> ApprovalRequest? {
        try db.one("SELECT \(Self.approvalColumns) FROM approval_requests WHERE id = ?", [.text(id)]).map(Self.approval)
    }

    func approval(purchaseID: String) throws -> ApprovalRequest? {
        try db.one(
            "SELECT \(Self.approvalColumns) FROM approval_requests WHERE purchase_id = ? ORDER BY created_at DESC, ord DESC LIMIT 1",
            [.text(purchaseID)]).map(Self.approval)
    }

    func approvals(_ query: ApprovalQuery) throws -> Page<ApprovalRequest> {
        var filter = Filter()
        if let session = query.sessionID { filter.add("session_id = ?", .text(session)) }
        if let decision = query.decision { filter.add("decision = ?", .text(decision.rawValue)) }
        let order = query.decision == .pending ? "created_at ASC, ord ASC" : "created_at DESC, ord DESC"
        let total = try db.count("SELECT COUNT(*) FROM approval_requests\(filter.sql)", filter.values)
        let rows = try db.rows(
            "SELECT \(Self.approvalColumns) FROM approval_requests\(filter.sql) ORDER BY \(order) LIMIT ? OFFSET ?",
            filter.with(.int(query.page.limit), .int(query.page.offset)))
        return Page(items: try rows.map(Self.approval), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func overdueApprovals(now: Timestamp, limit: Int) throws -> [ApprovalRequest] {
        try db.rows(
            "SELECT \(Self.approvalColumns) FROM approval_requests WHERE decision = 'pending' AND expires_at <= ? ORDER BY expires_at, ord LIMIT ?",
            [.time(now), .int(limit)]).map(Self.approval)
    }

    func pendingApprovalCount(sessionID: String?) throws -> Int {
        if let sessionID {
            return try db.count("SELECT COUNT(*) FROM approval_requests WHERE session_id = ? AND decision = 'pending'", [.text(sessionID)])
        }
        return try db.count("SELECT COUNT(*) FROM approval_requests WHERE decision = 'pending'")
    }

    func insertApproval(_ a: ApprovalRequest) throws {
        try db.run(
            "INSERT INTO approval_requests (\(Self.approvalColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(a.id), .text(a.sessionID), .text(a.toolName), .text(a.toolArgs.jsonText), .optional(a.amount),
             .optionalAddress(a.token), .text(a.currency), .int(a.tokenDecimals), .optionalUSD(a.amountUSD),
             .optionalAddress(a.payee), .text(a.reason), .optional(a.purchaseID), .text(a.decision.rawValue),
             .optional(a.editedArgs?.jsonText), .optional(a.approvedAmount), .optional(a.decidedBy), .optional(a.decisionReason),
             .text(a.onTimeout.rawValue), .time(a.createdAt), .time(a.expiresAt), .optionalTime(a.decisionMadeAt),
             .optional(a.network)])
    }

    /// Updates the decision columns. (Which decision wins is settled by the rules in
    /// `ApprovalDesk`, which read the request inside the same serialised transaction.)
    func updateApproval(_ a: ApprovalRequest) throws {
        try db.run(
            """
            UPDATE approval_requests SET decision = ?, edited_args = ?, approved_amount = ?, decided_by = ?, \
            decision_reason = ?, decision_made_at = ? WHERE id = ?
            """,
            [.text(a.decision.rawValue), .optional(a.editedArgs?.jsonText), .optional(a.approvedAmount), .optional(a.decidedBy),
             .optional(a.decisionReason), .optionalTime(a.decisionMadeAt), .text(a.id)])
    }

    // MARK: Execution logs

    static let logColumns = """
        id, session_id, command, plan, tool_calls, result, status, error, total_cost_usd, duration_ms, created_at, updated_at
        """

    static func log(_ row: PGRow) throws -> ExecutionLog {
        ExecutionLog(
            id: try row.string(0), sessionID: try row.string(1), command: try row.string(2), plan: try row.json(3),
            toolCalls: try row.json(4), result: row.optionalString(5), status: try row.string(6), error: row.optionalString(7),
            totalCostUSD: try row.usd(8), durationMs: try row.optionalInt64(9), createdAt: try row.timestamp(10),
            updatedAt: try row.timestamp(11))
    }

    func executionLog(id: String) throws -> ExecutionLog? {
        try db.one("SELECT \(Self.logColumns) FROM execution_logs WHERE id = ?", [.text(id)]).map(Self.log)
    }

    func executionLogs(_ query: LogQuery) throws -> Page<ExecutionLog> {
        var filter = Filter()
        if let session = query.sessionID { filter.add("session_id = ?", .text(session)) }
        if let status = query.status { filter.add("status = ?", .text(status)) }
        if let start = query.startDate { filter.add("created_at >= ?", .time(start)) }
        if let end = query.endDate { filter.add("created_at < ?", .time(end)) }
        let total = try db.count("SELECT COUNT(*) FROM execution_logs\(filter.sql)", filter.values)
        let rows = try db.rows(
            "SELECT \(Self.logColumns) FROM execution_logs\(filter.sql) ORDER BY created_at DESC, ord DESC LIMIT ? OFFSET ?",
            filter.with(.int(query.page.limit), .int(query.page.offset)))
        return Page(items: try rows.map(Self.log), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func executionLogSummary(sessionID: String) throws -> ExecutionLogSummary {
        var total = 0, completed = 0, failed = 0
        var cost = USDAmount.zero
        var durationSum: Int64 = 0, durationCount: Int64 = 0
        for row in try db.rows("SELECT status, total_cost_usd, duration_ms FROM execution_logs WHERE session_id = ?", [.text(sessionID)]) {
            total += 1
            let status = try row.string(0)
            if status == "completed" { completed += 1 }
            if status == "failed" { failed += 1 }
            cost = cost.adding(try row.usd(1)) ?? cost
            if let duration = try row.optionalInt64(2) {
                durationSum += duration
                durationCount += 1
            }
        }
        return ExecutionLogSummary(sessionID: sessionID, totalRuns: total, completedRuns: completed, failedRuns: failed,
                                   totalCostUSD: cost, averageDurationMs: durationCount == 0 ? nil : durationSum / durationCount)
    }

    func insertExecutionLog(_ l: ExecutionLog) throws {
        try db.run(
            "INSERT INTO execution_logs (\(Self.logColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(l.id), .text(l.sessionID), .text(l.command), .text(l.plan.jsonText), .text(l.toolCalls.jsonText),
             .optional(l.result), .text(l.status), .optional(l.error), .usd(l.totalCostUSD), .optional(l.durationMs),
             .time(l.createdAt), .time(l.updatedAt)])
    }

    func updateExecutionLog(_ l: ExecutionLog) throws {
        try db.run(
            """
            UPDATE execution_logs SET plan = ?, tool_calls = ?, result = ?, status = ?, error = ?, total_cost_usd = ?, \
            duration_ms = ?, updated_at = ? WHERE id = ?
            """,
            [.text(l.plan.jsonText), .text(l.toolCalls.jsonText), .optional(l.result), .text(l.status), .optional(l.error),
             .usd(l.totalCostUSD), .optional(l.durationMs), .time(l.updatedAt), .text(l.id)])
    }

    // MARK: Run leases (claimed inside the serialised write: one owner across instances)

    func unfinishedRunIDs(after: String?, limit: Int) throws -> [String] {
        try db.rows(
            "SELECT id FROM execution_logs WHERE status IN ('running', 'awaiting_approval') AND id > ? ORDER BY id LIMIT ?",
            [.text(after ?? ""), .int(limit)]).map { try $0.string(0) }
    }

    func runLease(logID: String) throws -> RunLease? {
        guard let row = try db.one("SELECT lease_owner, lease_expires_at FROM execution_logs WHERE id = ?", [.text(logID)]),
              let owner = row.optionalString(0), let expires = try row.optionalInt64(1) else { return nil }
        return RunLease(owner: owner, expiresAt: Timestamp(milliseconds: expires))
    }

    func setRunLease(_ lease: RunLease?, logID: String) throws {
        try db.run("UPDATE execution_logs SET lease_owner = ?, lease_expires_at = ? WHERE id = ?",
                   [.optional(lease?.owner), .optionalTime(lease?.expiresAt), .text(logID)])
    }

    func renewRunLeases(owner: String, until expiresAt: Timestamp) throws -> Int {
        try db.run(
            "UPDATE execution_logs SET lease_expires_at = ? WHERE lease_owner = ? AND status IN ('running', 'awaiting_approval')",
            [.time(expiresAt), .text(owner)])
    }
}
