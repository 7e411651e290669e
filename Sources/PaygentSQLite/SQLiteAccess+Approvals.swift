import GRDB
import PaygentFoundation
import PaygentCore
import PaygentEVM

extension SQLiteAccess {
    static let approvalColumns = """
        id, session_id, tool_name, tool_args, amount, token, currency, token_decimals, amount_usd, payee, reason, \
        purchase_id, decision, edited_args, approved_amount, decided_by, decision_reason, on_timeout, created_at, \
        expires_at, decision_made_at, network
        """

    static func approval(_ row: Row) throws -> ApprovalRequest {
        guard let decision = ApprovalDecision(rawValue: row.string(12)) else { throw StoreDecodingError("bad decision") }
        var approval = ApprovalRequest(
            id: row.string(0), sessionID: row.string(1), toolName: row.string(2), toolArgs: try row.json(3),
            amount: try row.optionalAmount(4), token: try row.optionalAddress(5), currency: row.string(6),
            tokenDecimals: row.int(7), amountUSD: try row.optionalUSD(8), payee: try row.optionalAddress(9),
            reason: row.string(10), purchaseID: row.optionalString(11), decision: decision,
            editedArgs: try row.optionalJSON(13), approvedAmount: try row.optionalAmount(14),
            decidedBy: row.optionalString(15), decisionReason: row.optionalString(16),
            onTimeout: ApprovalTimeoutAction(rawValue: row.string(17)) ?? .deny, createdAt: row.timestamp(18),
            expiresAt: row.timestamp(19), decisionMadeAt: row.optionalTimestamp(20))
        approval.network = row.optionalString(21)
        return approval
    }

    func approval(id: String) throws -> ApprovalRequest? {
        try one("SELECT \(Self.approvalColumns) FROM approval_requests WHERE id = ?", [id]).map(Self.approval)
    }

    func approval(purchaseID: String) throws -> ApprovalRequest? {
        try one(
            "SELECT \(Self.approvalColumns) FROM approval_requests WHERE purchase_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
            [purchaseID]
        ).map(Self.approval)
    }

    func approvals(_ query: ApprovalQuery) throws -> Page<ApprovalRequest> {
        var filter = Filter()
        if let session = query.sessionID { filter.add("session_id = ?", session) }
        if let decision = query.decision { filter.add("decision = ?", decision.rawValue) }
        let order = query.decision == .pending ? "created_at ASC, rowid ASC" : "created_at DESC, rowid DESC"
        let total = try count("SELECT COUNT(*) FROM approval_requests\(filter.sql)", filter.statementArguments)
        let rows = try all(
            "SELECT \(Self.approvalColumns) FROM approval_requests\(filter.sql) ORDER BY \(order) LIMIT ? OFFSET ?",
            filter.with(query.page.limit, query.page.offset))
        return Page(items: try rows.map(Self.approval), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func overdueApprovals(now: Timestamp, limit: Int) throws -> [ApprovalRequest] {
        try all(
            "SELECT \(Self.approvalColumns) FROM approval_requests WHERE decision = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
            [now.milliseconds, limit]
        ).map(Self.approval)
    }

    func pendingApprovalCount(sessionID: String?) throws -> Int {
        if let sessionID {
            return try count("SELECT COUNT(*) FROM approval_requests WHERE session_id = ? AND decision = 'pending'", [sessionID])
        }
        return try count("SELECT COUNT(*) FROM approval_requests WHERE decision = 'pending'", [])
    }

    func approvalArguments(_ a: ApprovalRequest) -> [(any DatabaseValueConvertible)?] {
        [a.id, a.sessionID, a.toolName, a.toolArgs.jsonText, a.amount.map(Column256.encode), a.token?.column, a.currency,
         a.tokenDecimals, a.amountUSD.map { Column256.encode($0.micros) }, a.payee?.column, a.reason, a.purchaseID,
         a.decision.rawValue, a.editedArgs?.jsonText, a.approvedAmount.map(Column256.encode), a.decidedBy,
         a.decisionReason, a.onTimeout.rawValue, a.createdAt.milliseconds, a.expiresAt.milliseconds,
         a.decisionMadeAt?.milliseconds, a.network]
    }

    func insertApproval(_ approval: ApprovalRequest) throws {
        try run(
            "INSERT INTO approval_requests (\(Self.approvalColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            StatementArguments(approvalArguments(approval)))
    }

    /// Updates the decision columns.
    func updateApproval(_ a: ApprovalRequest) throws {
        try run(
            """
            UPDATE approval_requests SET decision = ?, edited_args = ?, approved_amount = ?, decided_by = ?, \
            decision_reason = ?, decision_made_at = ? WHERE id = ?
            """,
            [a.decision.rawValue, a.editedArgs?.jsonText, a.approvedAmount.map(Column256.encode), a.decidedBy,
             a.decisionReason, a.decisionMadeAt?.milliseconds, a.id])
    }

    // MARK: Execution logs

    static let logColumns = """
        id, session_id, command, plan, tool_calls, result, status, error, total_cost_usd, duration_ms, created_at, updated_at
        """

    static func log(_ row: Row) throws -> ExecutionLog {
        ExecutionLog(
            id: row.string(0), sessionID: row.string(1), command: row.string(2), plan: try row.json(3),
            toolCalls: try row.json(4), result: row.optionalString(5), status: row.string(6), error: row.optionalString(7),
            totalCostUSD: try row.usd(8), durationMs: row.optionalInt64(9), createdAt: row.timestamp(10),
            updatedAt: row.timestamp(11))
    }

    func executionLog(id: String) throws -> ExecutionLog? {
        try one("SELECT \(Self.logColumns) FROM execution_logs WHERE id = ?", [id]).map(Self.log)
    }

    func executionLogs(_ query: LogQuery) throws -> Page<ExecutionLog> {
        var filter = Filter()
        if let session = query.sessionID { filter.add("session_id = ?", session) }
        if let status = query.status { filter.add("status = ?", status) }
        if let start = query.startDate { filter.add("created_at >= ?", start.milliseconds) }
        if let end = query.endDate { filter.add("created_at < ?", end.milliseconds) }
        let total = try count("SELECT COUNT(*) FROM execution_logs\(filter.sql)", filter.statementArguments)
        let rows = try all(
            "SELECT \(Self.logColumns) FROM execution_logs\(filter.sql) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            filter.with(query.page.limit, query.page.offset))
        return Page(items: try rows.map(Self.log), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func executionLogSummary(sessionID: String) throws -> ExecutionLogSummary {
        var total = 0, completed = 0, failed = 0
        var cost = USDAmount.zero
        var durationSum: Int64 = 0, durationCount: Int64 = 0
        for row in try all("SELECT status, total_cost_usd, duration_ms FROM execution_logs WHERE session_id = ?", [sessionID]) {
            total += 1
            let status = row.string(0)
            if status == "completed" { completed += 1 }
            if status == "failed" { failed += 1 }
            cost = cost.adding(try row.usd(1)) ?? cost
            if let duration = row.optionalInt64(2) {
                durationSum += duration
                durationCount += 1
            }
        }
        return ExecutionLogSummary(sessionID: sessionID, totalRuns: total, completedRuns: completed, failedRuns: failed,
                                   totalCostUSD: cost, averageDurationMs: durationCount == 0 ? nil : durationSum / durationCount)
    }

    func insertExecutionLog(_ l: ExecutionLog) throws {
        try run(
            "INSERT INTO execution_logs (\(Self.logColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [l.id, l.sessionID, l.command, l.plan.jsonText, l.toolCalls.jsonText, l.result, l.status, l.error,
             Column256.encode(l.totalCostUSD.micros), l.durationMs, l.createdAt.milliseconds, l.updatedAt.milliseconds])
    }

    func updateExecutionLog(_ l: ExecutionLog) throws {
        try run(
            """
            UPDATE execution_logs SET plan = ?, tool_calls = ?, result = ?, status = ?, error = ?, total_cost_usd = ?, \
            duration_ms = ?, updated_at = ? WHERE id = ?
            """,
            [l.plan.jsonText, l.toolCalls.jsonText, l.result, l.status, l.error, Column256.encode(l.totalCostUSD.micros),
             l.durationMs, l.updatedAt.milliseconds, l.id])
    }

    // MARK: Run leases

    func unfinishedRunIDs(after: String?, limit: Int) throws -> [String] {
        try all(
            "SELECT id FROM execution_logs WHERE status IN ('running', 'awaiting_approval') AND id > ? ORDER BY id LIMIT ?",
            [after ?? "", limit]
        ).map { $0.string(0) }
    }

    func runLease(logID: String) throws -> RunLease? {
        guard let row = try one("SELECT lease_owner, lease_expires_at FROM execution_logs WHERE id = ?", [logID]),
              let owner = row.optionalString(0), let expires = row.optionalInt64(1) else { return nil }
        return RunLease(owner: owner, expiresAt: Timestamp(milliseconds: expires))
    }

    func setRunLease(_ lease: RunLease?, logID: String) throws {
        try run("UPDATE execution_logs SET lease_owner = ?, lease_expires_at = ? WHERE id = ?",
                [lease?.owner, lease?.expiresAt.milliseconds, logID])
    }

    func renewRunLeases(owner: String, until expiresAt: Timestamp) throws -> Int {
        try run(
            "UPDATE execution_logs SET lease_expires_at = ? WHERE lease_owner = ? AND status IN ('running', 'awaiting_approval')",
            [expiresAt.milliseconds, owner])
        return db.changesCount
    }
}
