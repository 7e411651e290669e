import PaygentCore
import PaygentEVM
import PaygentFoundation

extension PostgresAccess {
    static let paymentColumns = """
        id, purchase_id, hold_id, session_id, service_id, agent_wallet, recipient, amount, token, token_symbol, \
        token_decimals, amount_usd, network, resource, tx_hash, status, failure_reason, valid_before, \
        created_at, updated_at, settled_at, authorization_nonce, signed_at, owner_id, max_amount, max_amount_usd
        """

    static func payment(_ row: PGRow) throws -> Payment {
        guard let status = PaymentStatus(rawValue: try row.string(15)) else { throw PostgresStoreError.decoding("bad payment status") }
        var payment = Payment(
            id: try row.string(0), purchaseID: try row.string(1), holdID: try row.string(2), sessionID: row.optionalString(3),
            serviceID: row.optionalString(4), agentWallet: try row.address(5), recipient: try row.address(6),
            amount: try row.amount(7), token: try row.address(8), tokenSymbol: try row.string(9), tokenDecimals: try row.int(10),
            amountUSD: try row.usd(11), network: try row.string(12), resource: try row.string(13), txHash: row.optionalString(14),
            status: status, failureReason: row.optionalString(16), validBefore: try row.timestamp(17),
            createdAt: try row.timestamp(18), updatedAt: try row.timestamp(19), settledAt: try row.optionalTimestamp(20))
        payment.authorizationNonce = row.optionalString(21)
        payment.signedAt = try row.optionalTimestamp(22)
        payment.ownerID = row.optionalString(23)
        payment.maximumAmount = try row.optionalAmount(24)
        payment.maximumAmountUSD = try row.optionalUSD(25)
        return payment
    }

    func payment(id: String) throws -> Payment? {
        try db.one("SELECT \(Self.paymentColumns) FROM payments WHERE id = ?", [.text(id)]).map(Self.payment)
    }

    func paymentFilter(_ query: PaymentQuery) -> Filter {
        var filter = Filter()
        if let status = query.status { filter.add("status = ?", .text(status.rawValue)) }
        if let session = query.sessionID { filter.add("session_id = ?", .text(session)) }
        if let service = query.serviceID { filter.add("service_id = ?", .text(service)) }
        if let wallet = query.wallet { filter.add("agent_wallet = ?", .address(wallet)) }
        if let txHash = query.txHash { filter.add("tx_hash = ?", .text(txHash)) }
        if let start = query.startDate { filter.add("created_at >= ?", .time(start)) }
        if let end = query.endDate { filter.add("created_at < ?", .time(end)) }
        return filter
    }

    func payments(_ query: PaymentQuery) throws -> Page<Payment> {
        let filter = paymentFilter(query)
        let total = try db.count("SELECT COUNT(*) FROM payments\(filter.sql)", filter.values)
        let rows = try db.rows(
            "SELECT \(Self.paymentColumns) FROM payments\(filter.sql) ORDER BY created_at DESC, ord DESC LIMIT ? OFFSET ?",
            filter.with(.int(query.page.limit), .int(query.page.offset)))
        return Page(items: try rows.map(Self.payment), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func paymentStats(_ query: PaymentQuery) throws -> PaymentStats {
        let filter = paymentFilter(query)
        var counts: [PaymentStatus: Int] = [:]
        var total = USDAmount.zero
        // The confirmed total is an exact numeric sum in SQL.
        for row in try db.rows(
            "SELECT status, COUNT(*), SUM(amount_usd) FROM payments\(filter.sql) GROUP BY status", filter.values) {
            guard let status = PaymentStatus(rawValue: try row.string(0)) else { continue }
            counts[status] = try row.int(1)
            if status == .confirmed { total = try row.optionalUSD(2) ?? .zero }
        }
        let ok = counts[.confirmed] ?? 0
        let failed = counts[.failed] ?? 0
        return PaymentStats(
            totalPayments: counts.values.reduce(0, +), totalAmountUSD: total, confirmedPayments: ok,
            pendingPayments: counts[.pending] ?? 0, signedPayments: counts[.signed] ?? 0, failedPayments: failed,
            unknownPayments: counts[.unknown] ?? 0, successRate: ok + failed == 0 ? 0 : Double(ok) / Double(ok + failed))
    }

    func paymentAmounts(since: Timestamp) throws -> [(Timestamp, USDAmount, PaymentStatus)] {
        try db.rows("SELECT created_at, amount_usd, status FROM payments WHERE created_at >= ? ORDER BY created_at, ord",
                    [.time(since)]).map { row in
            (try row.timestamp(0), try row.usd(1), PaymentStatus(rawValue: try row.string(2)) ?? .unknown)
        }
    }

    func inFlightPayments(after: Payment?, limit: Int) throws -> [Payment] {
        guard let after else {
            return try db.rows(
                "SELECT \(Self.paymentColumns) FROM payments WHERE status IN ('pending', 'signed', 'unknown') ORDER BY valid_before, id LIMIT ?",
                [.int(limit)]).map(Self.payment)
        }
        return try db.rows(
            """
            SELECT \(Self.paymentColumns) FROM payments WHERE status IN ('pending', 'signed', 'unknown') \
            AND (valid_before > ? OR (valid_before = ? AND id > ?)) ORDER BY valid_before, id LIMIT ?
            """,
            [.time(after.validBefore), .time(after.validBefore), .text(after.id), .int(limit)]).map(Self.payment)
    }

    func paymentValues(_ p: Payment) -> [PGValue] {
        [.text(p.id), .text(p.purchaseID), .text(p.holdID), .optional(p.sessionID), .optional(p.serviceID),
         .address(p.agentWallet), .address(p.recipient), .numeric(p.amount), .address(p.token), .text(p.tokenSymbol),
         .int(p.tokenDecimals), .usd(p.amountUSD), .text(p.network), .text(p.resource), .optional(p.txHash),
         .text(p.status.rawValue), .optional(p.failureReason), .time(p.validBefore), .time(p.createdAt), .time(p.updatedAt),
         .optionalTime(p.settledAt), .optional(p.authorizationNonce), .optionalTime(p.signedAt), .optional(p.ownerID),
         .optional(p.maximumAmount), .optionalUSD(p.maximumAmountUSD)]
    }

    /// A payment and its hold share a row (as in the SQLite store): the hold is the payment's
    /// `hold_id`, `hold_status` and `hold_updated_at` plus the columns the two have in common.
    /// `idx_payments_live_purchase` refuses a second live hold for one purchase, whichever
    /// instance takes it.
    func insertPayment(_ payment: Payment, hold h: Hold) throws {
        guard h.id == payment.holdID, h.paymentID == payment.id, h.purchaseID == payment.purchaseID,
              h.amount == payment.amount, h.amountUSD == payment.amountUSD, h.token == payment.token,
              h.wallet == payment.agentWallet, h.recipient == payment.recipient, h.sessionID == payment.sessionID,
              h.serviceID == payment.serviceID, h.createdAt == payment.createdAt, h.validBefore == payment.validBefore
        else { throw PostgresStoreError.decoding("hold \(h.id) does not belong to payment \(payment.id)") }
        try db.run(
            """
            INSERT INTO payments (\(Self.paymentColumns), hold_status, hold_updated_at) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            paymentValues(payment) + [.text(h.status.rawValue), .time(h.updatedAt)])
    }

    /// Updates what can change after creation; an `upto` partial capture also lowers the amount
    /// (the rolling windows, sums over these rows, then count the charge only).
    func updatePayment(_ p: Payment, hold h: Hold) throws {
        guard h.id == p.holdID, h.paymentID == p.id else {
            throw PostgresStoreError.decoding("hold \(h.id) does not belong to payment \(p.id)")
        }
        try db.run(
            """
            UPDATE payments SET amount = ?, amount_usd = ?, tx_hash = ?, status = ?, failure_reason = ?, updated_at = ?, \
            settled_at = ?, authorization_nonce = ?, signed_at = ?, hold_status = ?, hold_updated_at = ? WHERE id = ?
            """,
            [.numeric(p.amount), .usd(p.amountUSD), .optional(p.txHash), .text(p.status.rawValue), .optional(p.failureReason),
             .time(p.updatedAt), .optionalTime(p.settledAt), .optional(p.authorizationNonce), .optionalTime(p.signedAt),
             .text(h.status.rawValue), .time(h.updatedAt), .text(p.id)])
    }

    // MARK: Holds

    static let holdColumns = """
        hold_id, purchase_id, id, session_id, service_id, agent_wallet, token, recipient, amount, amount_usd, \
        hold_status, valid_before, created_at, hold_updated_at
        """

    static func hold(_ row: PGRow) throws -> Hold {
        guard let status = HoldStatus(rawValue: try row.string(10)) else { throw PostgresStoreError.decoding("bad hold status") }
        return Hold(
            id: try row.string(0), purchaseID: try row.string(1), paymentID: try row.string(2), sessionID: row.optionalString(3),
            serviceID: row.optionalString(4), wallet: try row.address(5), token: try row.address(6),
            recipient: try row.address(7), amount: try row.amount(8), amountUSD: try row.usd(9), status: status,
            validBefore: try row.timestamp(11), createdAt: try row.timestamp(12), updatedAt: try row.timestamp(13))
    }

    func hold(id: String) throws -> Hold? {
        try db.one("SELECT \(Self.holdColumns) FROM payments WHERE hold_id = ?", [.text(id)]).map(Self.hold)
    }

    func liveHold(purchaseID: String) throws -> Hold? {
        try db.one("SELECT \(Self.holdColumns) FROM payments WHERE purchase_id = ? AND hold_status <> 'released'", [.text(purchaseID)])
            .map(Self.hold)
    }

    func holds(sessionID: String, status: HoldStatus) throws -> [Hold] {
        try db.rows("SELECT \(Self.holdColumns) FROM payments WHERE session_id = ? AND hold_status = ? ORDER BY created_at, ord",
                    [.text(sessionID), .text(status.rawValue)]).map(Self.hold)
    }

    // MARK: Rolling windows, as exact SQL sums over the live holds of the last 24 h

    /// The column summed and the condition selecting `key`'s holds.
    private func window(_ key: WindowKey) -> (column: String, condition: String, values: [PGValue]) {
        switch key {
        case .walletUSD(let wallet): ("amount_usd", "agent_wallet = ?", [.address(wallet)])
        case .walletToken(let wallet, let token): ("amount", "agent_wallet = ? AND token = ?", [.address(wallet), .address(token)])
        case .serviceUSD(let service): ("amount_usd", "service_id = ?", [.text(service)])
        case .recipientUSD(let recipient): ("amount_usd", "recipient = ?", [.address(recipient)])
        }
    }

    private static func cutoff(_ now: Timestamp, _ length: Int64) -> PGValue { .int(now.milliseconds - length) }

    func rollingTotal(_ key: WindowKey, now: Timestamp) throws -> UInt256 {
        let (column, condition, values) = window(key)
        return try db.one(
            "SELECT SUM(\(column)) FROM payments WHERE \(condition) AND created_at > ? AND hold_status <> 'released'",
            values + [Self.cutoff(now, RollingWindows.dayMilliseconds)])?.optionalAmount(0) ?? .zero
    }

    func rollingOldest(_ key: WindowKey, now: Timestamp) throws -> Timestamp? {
        let (_, condition, values) = window(key)
        return try db.one(
            "SELECT MIN(created_at) FROM payments WHERE \(condition) AND created_at > ? AND hold_status <> 'released'",
            values + [Self.cutoff(now, RollingWindows.dayMilliseconds)])?.optionalTimestamp(0)
    }

    func rollingTotals(now: Timestamp) throws -> [(WindowKey, UInt256)] {
        let live = "created_at > ? AND hold_status <> 'released'"
        let cutoff = Self.cutoff(now, RollingWindows.dayMilliseconds)
        let rows = try db.rows(
            """
            SELECT 'w', agent_wallet, NULL, SUM(amount_usd) FROM payments WHERE \(live) GROUP BY agent_wallet
            UNION ALL SELECT 't', agent_wallet, token, SUM(amount) FROM payments WHERE \(live) GROUP BY agent_wallet, token
            UNION ALL SELECT 's', service_id, NULL, SUM(amount_usd) FROM payments WHERE \(live) AND service_id IS NOT NULL GROUP BY service_id
            UNION ALL SELECT 'r', recipient, NULL, SUM(amount_usd) FROM payments WHERE \(live) GROUP BY recipient
            """, [cutoff, cutoff, cutoff, cutoff])
        return try rows.compactMap { row in
            let total = try row.amount(3)
            guard !total.isZero else { return nil }
            let key: WindowKey
            switch try row.string(0) {
            case "w": key = .walletUSD(try row.address(1))
            case "t": key = .walletToken(wallet: try row.address(1), token: try row.address(2))
            case "s": key = .serviceUSD(try row.string(1))
            default: key = .recipientUSD(try row.address(1))
            }
            return (key, total)
        }
    }

    /// Holds taken (released ones too: velocity counts attempts) in the last minute.
    func recentAttempts(_ key: VelocityKey, now: Timestamp) throws -> Int {
        let cutoff = Self.cutoff(now, RollingWindows.minuteMilliseconds)
        switch key {
        case .session(let session):
            return try db.count("SELECT COUNT(*) FROM payments WHERE session_id = ? AND created_at > ?", [.text(session), cutoff])
        case .wallet(let wallet):
            return try db.count("SELECT COUNT(*) FROM payments WHERE session_id IS NULL AND agent_wallet = ? AND created_at > ?",
                                [.address(wallet), cutoff])
        }
    }
}
