import PaygentCore
import PaygentEVM
import PaygentFoundation

extension PostgresAccess {
    func ledgerBalance(owner: Address, token: Address) throws -> UInt256 {
        try db.one("SELECT balance FROM ledger_balances WHERE token = ? AND owner = ?", [.address(token), .address(owner)])?
            .amount(0) ?? .zero
    }

    func ledgerBalances(owner: Address) throws -> [(token: Address, balance: UInt256)] {
        try db.rows("SELECT token, balance FROM ledger_balances WHERE owner = ? ORDER BY token", [.address(owner)]).map { row in
            (token: try row.address(0), balance: try row.amount(1))
        }
    }

    func isNonceUsed(_ nonce: [UInt8], authorizer: Address, token: Address) throws -> Bool {
        try db.one("SELECT 1 FROM ledger_nonces WHERE token = ? AND authorizer = ? AND nonce = ?",
                   [.address(token), .address(authorizer), .text(Hex.encode(nonce))]) != nil
    }

    func ledgerAllowance(owner: Address, spender: Address, token: Address) throws -> UInt256 {
        try db.one("SELECT amount FROM ledger_allowances WHERE token = ? AND owner = ? AND spender = ?",
                   [.address(token), .address(owner), .address(spender)])?.amount(0) ?? .zero
    }

    func setLedgerAllowance(_ amount: UInt256, owner: Address, spender: Address, token: Address) throws {
        try db.run("""
            INSERT INTO ledger_allowances (token, owner, spender, amount) VALUES (?, ?, ?, ?)
            ON CONFLICT (token, owner, spender) DO UPDATE SET amount = EXCLUDED.amount
            """, [.address(token), .address(owner), .address(spender), .numeric(amount)])
    }

    func nonceTransaction(_ nonce: [UInt8], authorizer: Address, token: Address) throws -> String? {
        try db.one("SELECT tx_hash FROM ledger_nonces WHERE token = ? AND authorizer = ? AND nonce = ?",
                   [.address(token), .address(authorizer), .text(Hex.encode(nonce))]).map { try $0.string(0) }
    }

    func setLedgerBalance(_ balance: UInt256, owner: Address, token: Address) throws {
        try db.run("""
            INSERT INTO ledger_balances (token, owner, balance) VALUES (?, ?, ?)
            ON CONFLICT (token, owner) DO UPDATE SET balance = EXCLUDED.balance
            """, [.address(token), .address(owner), .numeric(balance)])
    }

    /// The primary key refuses a second use of a nonce, whichever instance tries it.
    func markNonceUsed(_ nonce: [UInt8], authorizer: Address, token: Address, transactionHash: String, at time: Timestamp) throws {
        try db.run("INSERT INTO ledger_nonces (token, authorizer, nonce, tx_hash, used_at) VALUES (?, ?, ?, ?, ?)",
                   [.address(token), .address(authorizer), .text(Hex.encode(nonce)), .text(transactionHash), .time(time)])
    }

    static let walletTransactionColumns = "id, kind, from_address, to_address, token, amount, tx_hash, network, created_at"

    static func walletTransaction(_ row: PGRow) throws -> WalletTransaction {
        WalletTransaction(id: try row.string(0), kind: try row.string(1), fromAddress: try row.optionalAddress(2),
                          toAddress: try row.address(3), token: try row.address(4), amount: try row.amount(5),
                          txHash: row.optionalString(6), network: try row.string(7), createdAt: try row.timestamp(8))
    }

    func walletTransactions(wallet: Address?, page: PageRequest) throws -> Page<WalletTransaction> {
        var filter = Filter()
        if let wallet { filter.add("(from_address = ? OR to_address = ?)", .address(wallet), .address(wallet)) }
        let total = try db.count("SELECT COUNT(*) FROM wallet_transactions\(filter.sql)", filter.values)
        let rows = try db.rows(
            "SELECT \(Self.walletTransactionColumns) FROM wallet_transactions\(filter.sql) ORDER BY created_at DESC, ord DESC LIMIT ? OFFSET ?",
            filter.with(.int(page.limit), .int(page.offset)))
        return Page(items: try rows.map(Self.walletTransaction), total: total, offset: page.offset, limit: page.limit)
    }

    func insertWalletTransaction(_ t: WalletTransaction) throws {
        try db.run("INSERT INTO wallet_transactions (\(Self.walletTransactionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [.text(t.id), .text(t.kind), .optionalAddress(t.fromAddress), .address(t.toAddress), .address(t.token),
                    .numeric(t.amount), .optional(t.txHash), .text(t.network), .time(t.createdAt)])
    }

    // MARK: Subscriptions

    static let subscriptionColumns = """
        id, session_id, service_id, status, period_seconds, price_amount, token, auto_renew, renewals, started_at, \
        expires_at, created_at
        """

    static func subscription(_ row: PGRow) throws -> ServiceSubscription {
        ServiceSubscription(
            id: try row.string(0), sessionID: try row.string(1), serviceID: try row.string(2), status: try row.string(3),
            periodSeconds: try row.int64(4), priceAmount: try row.amount(5), token: try row.address(6), autoRenew: try row.bool(7),
            renewals: try row.int(8), startedAt: try row.timestamp(9), expiresAt: try row.timestamp(10), createdAt: try row.timestamp(11))
    }

    func subscription(id: String) throws -> ServiceSubscription? {
        try db.one("SELECT \(Self.subscriptionColumns) FROM service_subscriptions WHERE id = ?", [.text(id)]).map(Self.subscription)
    }

    func subscriptions(sessionID: String?) throws -> [ServiceSubscription] {
        if let sessionID {
            return try db.rows("SELECT \(Self.subscriptionColumns) FROM service_subscriptions WHERE session_id = ? ORDER BY created_at, id",
                               [.text(sessionID)]).map(Self.subscription)
        }
        return try db.rows("SELECT \(Self.subscriptionColumns) FROM service_subscriptions ORDER BY created_at, id").map(Self.subscription)
    }

    func insertSubscription(_ s: ServiceSubscription) throws {
        try db.run("INSERT INTO service_subscriptions (\(Self.subscriptionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [.text(s.id), .text(s.sessionID), .text(s.serviceID), .text(s.status), .int(s.periodSeconds),
                    .numeric(s.priceAmount), .address(s.token), .bool(s.autoRenew), .int(s.renewals), .time(s.startedAt),
                    .time(s.expiresAt), .time(s.createdAt)])
    }

    func updateSubscription(_ s: ServiceSubscription) throws {
        try db.run("UPDATE service_subscriptions SET status = ?, auto_renew = ?, renewals = ?, started_at = ?, expires_at = ? WHERE id = ?",
                   [.text(s.status), .bool(s.autoRenew), .int(s.renewals), .time(s.startedAt), .time(s.expiresAt), .text(s.id)])
    }

    // MARK: API tokens

    static let tokenColumns = "id, name, role, prefix, created_at, last_used_at, revoked_at"

    static func apiToken(_ row: PGRow) throws -> APIToken {
        APIToken(id: try row.string(0), name: try row.string(1), role: APITokenRole(rawValue: try row.string(2)) ?? .viewer,
                 prefix: try row.string(3), createdAt: try row.timestamp(4), lastUsedAt: try row.optionalTimestamp(5),
                 revokedAt: try row.optionalTimestamp(6))
    }

    func apiToken(id: String) throws -> APIToken? {
        try db.one("SELECT \(Self.tokenColumns) FROM api_tokens WHERE id = ?", [.text(id)]).map(Self.apiToken)
    }

    func apiToken(secretHash: String) throws -> APIToken? {
        try db.one("SELECT \(Self.tokenColumns) FROM api_tokens WHERE secret_hash = ?", [.text(secretHash)]).map(Self.apiToken)
    }

    func apiTokens() throws -> [APIToken] {
        try db.rows("SELECT \(Self.tokenColumns) FROM api_tokens ORDER BY created_at, id").map(Self.apiToken)
    }

    func insertAPIToken(_ t: APIToken, secretHash: String) throws {
        try db.run("INSERT INTO api_tokens (id, name, role, prefix, secret_hash, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [.text(t.id), .text(t.name), .text(t.role.rawValue), .text(t.prefix), .text(secretHash), .time(t.createdAt),
                    .optionalTime(t.lastUsedAt), .optionalTime(t.revokedAt)])
    }

    func updateAPIToken(_ t: APIToken) throws {
        try db.run("UPDATE api_tokens SET name = ?, role = ?, last_used_at = ?, revoked_at = ? WHERE id = ?",
                   [.text(t.name), .text(t.role.rawValue), .optionalTime(t.lastUsedAt), .optionalTime(t.revokedAt), .text(t.id)])
    }
}
