import GRDB
import PaygentFoundation
import PaygentCore
import PaygentEVM

extension SQLiteAccess {
    static let paymentColumns = """
        id, purchase_id, hold_id, session_id, service_id, agent_wallet, recipient, amount, token, token_symbol, \
        token_decimals, amount_usd, amount_usd_micros, network, resource, tx_hash, status, failure_reason, valid_before, \
        created_at, updated_at, settled_at, authorization_nonce, signed_at, owner_id, max_amount, max_amount_usd
        """

    static func payment(_ row: Row) throws -> Payment {
        guard let status = PaymentStatus(rawValue: row.string(16)) else { throw StoreDecodingError("bad payment status") }
        var payment = Payment(
            id: row.string(0), purchaseID: row.string(1), holdID: row.string(2), sessionID: row.optionalString(3),
            serviceID: row.optionalString(4), agentWallet: try row.address(5), recipient: try row.address(6),
            amount: try row.amount(7), token: try row.address(8), tokenSymbol: row.string(9), tokenDecimals: row.int(10),
            amountUSD: try row.usd(11), network: row.string(13), resource: row.string(14), txHash: row.optionalString(15),
            status: status, failureReason: row.optionalString(17), validBefore: row.timestamp(18),
            createdAt: row.timestamp(19), updatedAt: row.timestamp(20), settledAt: row.optionalTimestamp(21))
        payment.authorizationNonce = row.optionalString(22)
        payment.signedAt = row.optionalTimestamp(23)
        payment.ownerID = row.optionalString(24)
        payment.maximumAmount = try row.optionalAmount(25)
        payment.maximumAmountUSD = try row.optionalUSD(26)
        return payment
    }

    func payment(id: String) throws -> Payment? {
        if let cached = cached({ $0.payments[id] }) { return cached }
        let found = try one("SELECT \(Self.paymentColumns) FROM payments WHERE id = ?", [id]).map(Self.payment)
        if let found { cache { WriterCache.put(found, id, in: &$0.payments) } }
        return found
    }

    func paymentFilter(_ query: PaymentQuery) -> Filter {
        var filter = Filter()
        if let status = query.status { filter.add("status = ?", status.rawValue) }
        if let session = query.sessionID { filter.add("session_id = ?", session) }
        if let service = query.serviceID { filter.add("service_id = ?", service) }
        if let wallet = query.wallet { filter.add("agent_wallet = ?", wallet.column) }
        if let start = query.startDate { filter.add("created_at >= ?", start.milliseconds) }
        if let end = query.endDate { filter.add("created_at < ?", end.milliseconds) }
        return filter
    }

    func payments(_ query: PaymentQuery) throws -> Page<Payment> {
        let filter = paymentFilter(query)
        let total = try count("SELECT COUNT(*) FROM payments\(filter.sql)", filter.statementArguments)
        let rows = try all(
            "SELECT \(Self.paymentColumns) FROM payments\(filter.sql) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            filter.with(query.page.limit, query.page.offset))
        return Page(items: try rows.map(Self.payment), total: total, offset: query.page.offset, limit: query.page.limit)
    }

    func paymentStats(_ query: PaymentQuery) throws -> PaymentStats {
        let filter = paymentFilter(query)
        var counts: [PaymentStatus: Int] = [:]
        for row in try all("SELECT status, COUNT(*) FROM payments\(filter.sql) GROUP BY status", filter.statementArguments) {
            if let status = PaymentStatus(rawValue: row.string(0)) { counts[status] = row.int(1) }
        }
        var confirmed = filter
        confirmed.add("status = 'confirmed'")
        var total = USDAmount.zero
        do {
            // Exact while the sum fits in 64 bits (9.2 trillion USD); SQLite raises an error otherwise.
            let sum = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT SUM(amount_usd_micros) FROM payments\(confirmed.sql)"),
                arguments: confirmed.statementArguments) ?? 0
            let overflowing = try count(
                "SELECT COUNT(*) FROM payments\(confirmed.sql) AND amount_usd_micros = \(Int64.max)", confirmed.statementArguments)
            if overflowing > 0 { throw StoreDecodingError("needs 256-bit sum") }
            total = USDAmount(micros: UInt256(UInt64(sum)))
        } catch {
            for row in try all("SELECT amount_usd FROM payments\(confirmed.sql)", confirmed.statementArguments) {
                total = total.adding(try row.usd(0)) ?? total
            }
        }
        let ok = counts[.confirmed] ?? 0
        let failed = counts[.failed] ?? 0
        return PaymentStats(
            totalPayments: counts.values.reduce(0, +), totalAmountUSD: total, confirmedPayments: ok,
            pendingPayments: counts[.pending] ?? 0, signedPayments: counts[.signed] ?? 0, failedPayments: failed,
            unknownPayments: counts[.unknown] ?? 0, successRate: ok + failed == 0 ? 0 : Double(ok) / Double(ok + failed))
    }

    func paymentAmounts(since: Timestamp) throws -> [(Timestamp, USDAmount, PaymentStatus)] {
        try all("SELECT created_at, amount_usd, status FROM payments WHERE created_at >= ? ORDER BY created_at",
                [since.milliseconds]).map { row in
            (row.timestamp(0), try row.usd(1), PaymentStatus(rawValue: row.string(2)) ?? .unknown)
        }
    }

    func inFlightPayments(after: Payment?, limit: Int) throws -> [Payment] {
        guard let after else {
            return try all(
                "SELECT \(Self.paymentColumns) FROM payments WHERE status IN ('pending', 'signed', 'unknown') ORDER BY valid_before, id LIMIT ?",
                [limit]).map(Self.payment)
        }
        return try all(
            """
            SELECT \(Self.paymentColumns) FROM payments WHERE status IN ('pending', 'signed', 'unknown') \
            AND (valid_before > ? OR (valid_before = ? AND id > ?)) ORDER BY valid_before, id LIMIT ?
            """,
            [after.validBefore.milliseconds, after.validBefore.milliseconds, after.id, limit]).map(Self.payment)
    }

    func paymentArguments(_ p: Payment) -> [(any DatabaseValueConvertible)?] {
        [p.id, p.purchaseID, p.holdID, p.sessionID, p.serviceID, p.agentWallet.column, p.recipient.column,
         Column256.encode(p.amount), p.token.column, p.tokenSymbol, p.tokenDecimals, Column256.encode(p.amountUSD.micros),
         Column256.clampedInt64(p.amountUSD.micros), p.network, p.resource, p.txHash, p.status.rawValue, p.failureReason,
         p.validBefore.milliseconds, p.createdAt.milliseconds, p.updatedAt.milliseconds, p.settledAt?.milliseconds,
         p.authorizationNonce, p.signedAt?.milliseconds, p.ownerID, p.maximumAmount.map(Column256.encode), p.maximumAmountUSD.map { Column256.encode($0.micros) }]
    }

    /// Payments and their holds share a row (migration v4): a hold is the payment's `hold_id`,
    /// `hold_status` and `hold_updated_at` plus the columns the two have in common.
    func insertPayment(_ payment: Payment, hold h: Hold) throws {
        guard h.id == payment.holdID, h.paymentID == payment.id, h.purchaseID == payment.purchaseID,
              h.amount == payment.amount, h.amountUSD == payment.amountUSD, h.token == payment.token,
              h.wallet == payment.agentWallet, h.recipient == payment.recipient, h.sessionID == payment.sessionID,
              h.serviceID == payment.serviceID, h.createdAt == payment.createdAt, h.validBefore == payment.validBefore
        else { throw StoreDecodingError("hold \(h.id) does not belong to payment \(payment.id)") }
        try run(
            """
            INSERT INTO payments (\(Self.paymentColumns), hold_status, hold_updated_at) \
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            StatementArguments(paymentArguments(payment) + [h.status.rawValue, h.updatedAt.milliseconds]))
        cache { cache in
            WriterCache.put(payment, payment.id, in: &cache.payments)
            WriterCache.put(h, h.id, in: &cache.holds)
        }
        store.windows.withLock { windows in
            windows.addAttempt(h)
            if h.status != .released { windows.add(h) }
        }
        windowUndo.append(.attempted(h))
        if h.status != .released { windowUndo.append(.added(h)) }
    }

    /// Updates what can change after creation: the payment's status, tx hash, failure reason,
    /// nonce and times, and its hold's status. (`valid_before` is fixed when the hold is taken and
    /// is not rewritten: leaving it out of the SET spares its index entries on every update.)
    func updatePayment(_ p: Payment, hold h: Hold) throws {
        guard h.id == p.holdID, h.paymentID == p.id else {
            throw StoreDecodingError("hold \(h.id) does not belong to payment \(p.id)")
        }
        // An `upto` partial capture lowers the amount: the windows then count the charge only.
        let before = p.maximumAmount == nil ? nil : try payment(id: p.id)
        if let before, before.amount != p.amount || before.amountUSD != p.amountUSD {
            let old = try hold(id: h.id)
            try run("UPDATE payments SET amount = ?, amount_usd = ?, amount_usd_micros = ? WHERE id = ?",
                    [Column256.encode(p.amount), Column256.encode(p.amountUSD.micros), Column256.clampedInt64(p.amountUSD.micros), p.id])
            if let old {
                store.windows.withLock { windows in
                    if windows.remove(holdID: old.id) { windowUndo.append(.removed(old)) }
                }
            }
        }
        try run(
            """
            UPDATE payments SET tx_hash = ?, status = ?, failure_reason = ?, updated_at = ?, settled_at = ?, \
            authorization_nonce = ?, signed_at = ?, hold_status = ?, hold_updated_at = ? WHERE id = ?
            """,
            [p.txHash, p.status.rawValue, p.failureReason, p.updatedAt.milliseconds, p.settledAt?.milliseconds,
             p.authorizationNonce, p.signedAt?.milliseconds, h.status.rawValue, h.updatedAt.milliseconds, p.id])
        cache { cache in
            WriterCache.put(p, p.id, in: &cache.payments)
            WriterCache.put(h, h.id, in: &cache.holds)
        }
        store.windows.withLock { windows in
            if h.status == .released {
                if windows.remove(holdID: h.id) { windowUndo.append(.removed(h)) }
            } else if !windows.contains(holdID: h.id) {
                windows.add(h)
                windowUndo.append(.added(h))
            }
        }
    }

    // MARK: Holds

    /// A hold's columns, read from its payment's row.
    static let holdColumns = """
        hold_id, purchase_id, id, session_id, service_id, agent_wallet, token, recipient, amount, amount_usd, \
        hold_status, valid_before, created_at, hold_updated_at
        """

    static func hold(_ row: Row) throws -> Hold {
        guard let status = HoldStatus(rawValue: row.string(10)) else { throw StoreDecodingError("bad hold status") }
        return Hold(
            id: row.string(0), purchaseID: row.string(1), paymentID: row.string(2), sessionID: row.optionalString(3),
            serviceID: row.optionalString(4), wallet: try row.address(5), token: try row.address(6),
            recipient: try row.address(7), amount: try row.amount(8), amountUSD: try row.usd(9), status: status,
            validBefore: row.timestamp(11), createdAt: row.timestamp(12), updatedAt: row.timestamp(13))
    }

    func hold(id: String) throws -> Hold? {
        if let cached = cached({ $0.holds[id] }) { return cached }
        // Since v6 a hold's id is its payment's with `hold_` for `pay_`: found by primary key.
        // Older rows (other ids) are in the partial index idx_payments_hold_legacy.
        var found: Hold?
        if id.hasPrefix("hold_") {
            found = try one("SELECT \(Self.holdColumns) FROM payments WHERE id = ? AND hold_id = ?", ["pay_" + id.dropFirst(5), id])
                .map(Self.hold)
        }
        if found == nil {
            found = try one("SELECT \(Self.holdColumns) FROM payments WHERE hold_id = ? AND hold_id != 'hold_' || substr(id, 5)", [id])
                .map(Self.hold)
        }
        if let found { cache { WriterCache.put(found, id, in: &$0.holds) } }
        return found
    }

    func liveHold(purchaseID: String) throws -> Hold? {
        try one("SELECT \(Self.holdColumns) FROM payments WHERE purchase_id = ? AND hold_status != 'released'", [purchaseID])
            .map(Self.hold)
    }

    func holds(sessionID: String, status: HoldStatus) throws -> [Hold] {
        if status == .held {
            // The partial index holds only what is currently held.
            return try all("SELECT \(Self.holdColumns) FROM payments WHERE session_id = ? AND hold_status = 'held' ORDER BY created_at",
                           [sessionID]).map(Self.hold)
        }
        return try all("SELECT \(Self.holdColumns) FROM payments WHERE session_id = ? AND hold_status = ? ORDER BY created_at",
                       [sessionID, status.rawValue]).map(Self.hold)
    }

    func rollingTotal(_ key: WindowKey, now: Timestamp) throws -> UInt256 {
        store.windows.withLock { $0.total(key, now: now) }
    }

    func rollingOldest(_ key: WindowKey, now: Timestamp) throws -> Timestamp? {
        store.windows.withLock { $0.oldest(key, now: now) }
    }

    func rollingTotals(now: Timestamp) throws -> [(WindowKey, UInt256)] {
        store.windows.withLock { $0.totals(now: now) { _ in true } }
    }

    func recentAttempts(_ key: VelocityKey, now: Timestamp) throws -> Int {
        store.windows.withLock { $0.attempts(key, now: now) }
    }
}
