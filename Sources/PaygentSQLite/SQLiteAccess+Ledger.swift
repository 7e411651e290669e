import GRDB
import PaygentFoundation
import PaygentCore
import PaygentEVM

extension SQLiteAccess {
    func ledgerBalance(owner: Address, token: Address) throws -> UInt256 {
        guard let row = try one("SELECT balance FROM ledger_balances WHERE token = ? AND owner = ?", [token.column, owner.column])
        else { return .zero }
        return try row.amount(0)
    }

    func ledgerBalances(owner: Address) throws -> [(token: Address, balance: UInt256)] {
        try all("SELECT token, balance FROM ledger_balances WHERE owner = ? ORDER BY token", [owner.column]).map { row in
            (token: try row.address(0), balance: try row.amount(1))
        }
    }

    func isNonceUsed(_ nonce: [UInt8], authorizer: Address, token: Address) throws -> Bool {
        try one("SELECT 1 FROM ledger_nonces WHERE token = ? AND authorizer = ? AND nonce = ?",
                [token.column, authorizer.column, Hex.encode(nonce)]) != nil
    }

    func ledgerAllowance(owner: Address, spender: Address, token: Address) throws -> UInt256 {
        guard let row = try one("SELECT amount FROM ledger_allowances WHERE token = ? AND owner = ? AND spender = ?",
                                [token.column, owner.column, spender.column])
        else { return .zero }
        return try row.amount(0)
    }

    func setLedgerAllowance(_ amount: UInt256, owner: Address, spender: Address, token: Address) throws {
        try run("INSERT OR REPLACE INTO ledger_allowances (token, owner, spender, amount) VALUES (?, ?, ?, ?)",
                [token.column, owner.column, spender.column, Column256.encode(amount)])
    }

    func nonceTransaction(_ nonce: [UInt8], authorizer: Address, token: Address) throws -> String? {
        try one("SELECT tx_hash FROM ledger_nonces WHERE token = ? AND authorizer = ? AND nonce = ?",
                [token.column, authorizer.column, Hex.encode(nonce)]).map { $0.string(0) }
    }

    func setLedgerBalance(_ balance: UInt256, owner: Address, token: Address) throws {
        try run("INSERT OR REPLACE INTO ledger_balances (token, owner, balance) VALUES (?, ?, ?)",
                [token.column, owner.column, Column256.encode(balance)])
    }

    func markNonceUsed(_ nonce: [UInt8], authorizer: Address, token: Address, transactionHash: String, at time: Timestamp) throws {
        try run("INSERT INTO ledger_nonces (token, authorizer, nonce, tx_hash, used_at) VALUES (?, ?, ?, ?, ?)",
                [token.column, authorizer.column, Hex.encode(nonce), transactionHash, time.milliseconds])
    }

    static let walletTransactionColumns = "id, kind, from_address, to_address, token, amount, tx_hash, network, created_at"

    static func walletTransaction(_ row: Row) throws -> WalletTransaction {
        WalletTransaction(id: row.string(0), kind: row.string(1), fromAddress: try row.optionalAddress(2),
                          toAddress: try row.address(3), token: try row.address(4), amount: try row.amount(5),
                          txHash: row.optionalString(6), network: row.string(7), createdAt: row.timestamp(8))
    }

    func walletTransactions(wallet: Address?, page: PageRequest) throws -> Page<WalletTransaction> {
        var filter = Filter()
        if let wallet { filter.add("(from_address = ? OR to_address = ?)", wallet.column, wallet.column) }
        let total = try count("SELECT COUNT(*) FROM wallet_transactions\(filter.sql)", filter.statementArguments)
        let rows = try all(
            "SELECT \(Self.walletTransactionColumns) FROM wallet_transactions\(filter.sql) ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
            filter.with(page.limit, page.offset))
        return Page(items: try rows.map(Self.walletTransaction), total: total, offset: page.offset, limit: page.limit)
    }

    func insertWalletTransaction(_ t: WalletTransaction) throws {
        try run("INSERT INTO wallet_transactions (\(Self.walletTransactionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [t.id, t.kind, t.fromAddress?.column, t.toAddress.column, t.token.column, Column256.encode(t.amount),
                 t.txHash, t.network, t.createdAt.milliseconds])
    }

    // MARK: Subscriptions

    static let subscriptionColumns = """
        id, session_id, service_id, status, period_seconds, price_amount, token, auto_renew, renewals, started_at, \
        expires_at, created_at
        """

    static func subscription(_ row: Row) throws -> ServiceSubscription {
        ServiceSubscription(
            id: row.string(0), sessionID: row.string(1), serviceID: row.string(2), status: row.string(3),
            periodSeconds: row.int64(4), priceAmount: try row.amount(5), token: try row.address(6), autoRenew: row.bool(7),
            renewals: row.int(8), startedAt: row.timestamp(9), expiresAt: row.timestamp(10), createdAt: row.timestamp(11))
    }

    func subscription(id: String) throws -> ServiceSubscription? {
        try one("SELECT \(Self.subscriptionColumns) FROM service_subscriptions WHERE id = ?", [id]).map(Self.subscription)
    }

    func subscriptions(sessionID: String?) throws -> [ServiceSubscription] {
        if let sessionID {
            return try all("SELECT \(Self.subscriptionColumns) FROM service_subscriptions WHERE session_id = ? ORDER BY created_at",
                           [sessionID]).map(Self.subscription)
        }
        return try all("SELECT \(Self.subscriptionColumns) FROM service_subscriptions ORDER BY created_at").map(Self.subscription)
    }

    func insertSubscription(_ s: ServiceSubscription) throws {
        try run("INSERT INTO service_subscriptions (\(Self.subscriptionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [s.id, s.sessionID, s.serviceID, s.status, s.periodSeconds, Column256.encode(s.priceAmount), s.token.column,
                 s.autoRenew, s.renewals, s.startedAt.milliseconds, s.expiresAt.milliseconds, s.createdAt.milliseconds])
    }

    func updateSubscription(_ s: ServiceSubscription) throws {
        try run("UPDATE service_subscriptions SET status = ?, auto_renew = ?, renewals = ?, started_at = ?, expires_at = ? WHERE id = ?",
                [s.status, s.autoRenew, s.renewals, s.startedAt.milliseconds, s.expiresAt.milliseconds, s.id])
    }

    // MARK: API tokens

    static let tokenColumns = "id, name, role, prefix, created_at, last_used_at, revoked_at"

    static func apiToken(_ row: Row) throws -> APIToken {
        APIToken(id: row.string(0), name: row.string(1), role: APITokenRole(rawValue: row.string(2)) ?? .viewer,
                 prefix: row.string(3), createdAt: row.timestamp(4), lastUsedAt: row.optionalTimestamp(5),
                 revokedAt: row.optionalTimestamp(6))
    }

    func apiToken(id: String) throws -> APIToken? {
        try one("SELECT \(Self.tokenColumns) FROM api_tokens WHERE id = ?", [id]).map(Self.apiToken)
    }

    func apiToken(secretHash: String) throws -> APIToken? {
        try one("SELECT \(Self.tokenColumns) FROM api_tokens WHERE secret_hash = ?", [secretHash]).map(Self.apiToken)
    }

    func apiTokens() throws -> [APIToken] {
        try all("SELECT \(Self.tokenColumns) FROM api_tokens ORDER BY created_at").map(Self.apiToken)
    }

    func insertAPIToken(_ t: APIToken, secretHash: String) throws {
        try run("INSERT INTO api_tokens (id, name, role, prefix, secret_hash, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [t.id, t.name, t.role.rawValue, t.prefix, secretHash, t.createdAt.milliseconds, t.lastUsedAt?.milliseconds,
                 t.revokedAt?.milliseconds])
    }

    func updateAPIToken(_ t: APIToken) throws {
        try run("UPDATE api_tokens SET name = ?, role = ?, last_used_at = ?, revoked_at = ? WHERE id = ?",
                [t.name, t.role.rawValue, t.lastUsedAt?.milliseconds, t.revokedAt?.milliseconds, t.id])
    }
}
