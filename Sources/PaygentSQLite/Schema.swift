import GRDB

/// Versioned migrations, run at every open. Never edit a shipped migration: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE agent_sessions (
                    id TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    wallet_address TEXT,
                    config TEXT NOT NULL,
                    status TEXT NOT NULL,
                    spent_usd TEXT NOT NULL,
                    held_usd TEXT NOT NULL,
                    payment_count INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    last_active INTEGER NOT NULL,
                    status_changed_by TEXT,
                    status_reason TEXT
                );
                CREATE INDEX idx_agent_sessions_created ON agent_sessions(created_at);
                CREATE INDEX idx_agent_sessions_status ON agent_sessions(status, created_at);
                CREATE INDEX idx_agent_sessions_user ON agent_sessions(user_id, created_at);

                CREATE TABLE services (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL,
                    endpoint TEXT NOT NULL UNIQUE,
                    category TEXT NOT NULL,
                    pricing_model TEXT NOT NULL,
                    price_amount TEXT NOT NULL,
                    price_token TEXT NOT NULL,
                    token_symbol TEXT NOT NULL,
                    token_decimals INTEGER NOT NULL,
                    price_usd TEXT NOT NULL,
                    price_usd_micros INTEGER NOT NULL,
                    mcp_compatible INTEGER NOT NULL,
                    reputation_score REAL NOT NULL,
                    total_calls INTEGER NOT NULL,
                    successful_calls INTEGER NOT NULL,
                    average_latency_ms INTEGER,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX idx_services_reputation ON services(reputation_score DESC, name, id);
                CREATE INDEX idx_services_category ON services(category, reputation_score DESC, name, id);
                CREATE INDEX idx_services_price ON services(price_usd_micros);
                CREATE INDEX idx_services_mcp ON services(mcp_compatible, reputation_score DESC, name, id);

                CREATE TABLE holds (
                    id TEXT PRIMARY KEY NOT NULL,
                    purchase_id TEXT NOT NULL,
                    payment_id TEXT NOT NULL,
                    session_id TEXT,
                    service_id TEXT,
                    wallet TEXT NOT NULL,
                    token TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    amount TEXT NOT NULL,
                    amount_usd TEXT NOT NULL,
                    status TEXT NOT NULL,
                    valid_before INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX idx_holds_live_purchase ON holds(purchase_id) WHERE status != 'released';
                CREATE INDEX idx_holds_session ON holds(session_id, status);
                CREATE INDEX idx_holds_created ON holds(created_at);

                CREATE TABLE payments (
                    id TEXT PRIMARY KEY NOT NULL,
                    purchase_id TEXT NOT NULL,
                    hold_id TEXT NOT NULL,
                    session_id TEXT,
                    service_id TEXT,
                    agent_wallet TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    amount TEXT NOT NULL,
                    token TEXT NOT NULL,
                    token_symbol TEXT NOT NULL,
                    token_decimals INTEGER NOT NULL,
                    amount_usd TEXT NOT NULL,
                    amount_usd_micros INTEGER NOT NULL,
                    network TEXT NOT NULL,
                    resource TEXT NOT NULL,
                    tx_hash TEXT,
                    status TEXT NOT NULL,
                    failure_reason TEXT,
                    valid_before INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    settled_at INTEGER
                );
                CREATE INDEX idx_payments_created ON payments(created_at);
                CREATE INDEX idx_payments_session ON payments(session_id, created_at);
                CREATE INDEX idx_payments_status ON payments(status, created_at);
                CREATE INDEX idx_payments_wallet ON payments(agent_wallet, created_at);
                CREATE INDEX idx_payments_service ON payments(service_id, created_at);

                CREATE TABLE approval_requests (
                    id TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL,
                    tool_name TEXT NOT NULL,
                    tool_args TEXT NOT NULL,
                    amount TEXT,
                    token TEXT,
                    currency TEXT NOT NULL,
                    token_decimals INTEGER NOT NULL,
                    amount_usd TEXT,
                    payee TEXT,
                    reason TEXT NOT NULL,
                    purchase_id TEXT,
                    decision TEXT NOT NULL,
                    edited_args TEXT,
                    approved_amount TEXT,
                    decided_by TEXT,
                    decision_reason TEXT,
                    on_timeout TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    decision_made_at INTEGER
                );
                CREATE INDEX idx_approval_requests_decision ON approval_requests(decision, created_at);
                CREATE INDEX idx_approval_requests_session ON approval_requests(session_id, decision, created_at);
                CREATE INDEX idx_approval_requests_purchase ON approval_requests(purchase_id, created_at);
                CREATE INDEX idx_approval_requests_expiry ON approval_requests(decision, expires_at);

                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    type TEXT NOT NULL,
                    session_id TEXT,
                    subject_id TEXT,
                    actor TEXT NOT NULL,
                    data TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX idx_events_session ON events(session_id, seq);

                CREATE TABLE execution_logs (
                    id TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL,
                    command TEXT NOT NULL,
                    plan TEXT NOT NULL,
                    tool_calls TEXT NOT NULL,
                    result TEXT,
                    status TEXT NOT NULL,
                    error TEXT,
                    total_cost_usd TEXT NOT NULL,
                    duration_ms INTEGER,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX idx_execution_logs_session ON execution_logs(session_id, created_at);
                CREATE INDEX idx_execution_logs_created ON execution_logs(created_at);

                CREATE TABLE service_subscriptions (
                    id TEXT PRIMARY KEY NOT NULL,
                    session_id TEXT NOT NULL,
                    service_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    period_seconds INTEGER NOT NULL,
                    price_amount TEXT NOT NULL,
                    token TEXT NOT NULL,
                    auto_renew INTEGER NOT NULL,
                    renewals INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX idx_service_subscriptions_session ON service_subscriptions(session_id, created_at);

                CREATE TABLE wallet_transactions (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    from_address TEXT,
                    to_address TEXT NOT NULL,
                    token TEXT NOT NULL,
                    amount TEXT NOT NULL,
                    tx_hash TEXT,
                    network TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX idx_wallet_transactions_from ON wallet_transactions(from_address, created_at);
                CREATE INDEX idx_wallet_transactions_to ON wallet_transactions(to_address, created_at);
                CREATE INDEX idx_wallet_transactions_created ON wallet_transactions(created_at);

                CREATE TABLE ledger_balances (
                    token TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    balance TEXT NOT NULL,
                    PRIMARY KEY (token, owner)
                ) WITHOUT ROWID;

                CREATE TABLE ledger_nonces (
                    token TEXT NOT NULL,
                    authorizer TEXT NOT NULL,
                    nonce TEXT NOT NULL,
                    tx_hash TEXT NOT NULL,
                    used_at INTEGER NOT NULL,
                    PRIMARY KEY (token, authorizer, nonce)
                ) WITHOUT ROWID;

                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    prefix TEXT NOT NULL,
                    secret_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    last_used_at INTEGER,
                    revoked_at INTEGER
                );
                """)
        }
        migrator.registerMigration("v2-discover-indexes") { db in
            // Discover pages walk one covering index in rank order, filtering on its trailing
            // columns; counts use the narrowest covering index for the filters given.
            try db.execute(sql: """
                DROP INDEX idx_services_reputation;
                DROP INDEX idx_services_category;
                DROP INDEX idx_services_mcp;
                CREATE INDEX idx_services_rank
                    ON services(reputation_score DESC, name, id, category, mcp_compatible, price_usd_micros);
                CREATE INDEX idx_services_category_filter
                    ON services(category, mcp_compatible, reputation_score, price_usd_micros);
                CREATE INDEX idx_services_mcp_filter ON services(mcp_compatible, reputation_score, price_usd_micros);
                CREATE INDEX idx_services_reputation_filter ON services(reputation_score, price_usd_micros);
                """)
        }
        migrator.registerMigration("v3-events-rowid") { db in
            // `seq` without AUTOINCREMENT: events are never deleted, so the largest rowid plus
            // one is already strictly increasing, and each append no longer rewrites
            // sqlite_sequence as well.
            try db.execute(sql: """
                CREATE TABLE events_v3 (
                    seq INTEGER PRIMARY KEY,
                    type TEXT NOT NULL,
                    session_id TEXT,
                    subject_id TEXT,
                    actor TEXT NOT NULL,
                    data TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                INSERT INTO events_v3 (seq, type, session_id, subject_id, actor, data, created_at)
                    SELECT seq, type, session_id, subject_id, actor, data, created_at FROM events ORDER BY seq;
                DROP TABLE events;
                ALTER TABLE events_v3 RENAME TO events;
                CREATE INDEX idx_events_session ON events(session_id, seq);
                """)
        }
        migrator.registerMigration("v4-holds-in-payments") { db in
            // A hold and its payment are created together, change together and are read
            // together, so they share a row: one insert and one update per payment instead of two,
            // and four fewer index entries. `idx_payments_held` holds only what is held right now.
            try db.execute(sql: """
                ALTER TABLE payments ADD COLUMN hold_status TEXT NOT NULL DEFAULT 'held';
                ALTER TABLE payments ADD COLUMN hold_updated_at INTEGER NOT NULL DEFAULT 0;
                UPDATE payments SET
                    hold_status = COALESCE(
                        (SELECT status FROM holds WHERE holds.id = payments.hold_id),
                        CASE payments.status WHEN 'confirmed' THEN 'captured' WHEN 'failed' THEN 'released' ELSE 'held' END),
                    hold_updated_at = COALESCE(
                        (SELECT updated_at FROM holds WHERE holds.id = payments.hold_id), payments.updated_at);
                DROP TABLE holds;
                CREATE UNIQUE INDEX idx_payments_hold ON payments(hold_id);
                CREATE UNIQUE INDEX idx_payments_live_purchase ON payments(purchase_id) WHERE hold_status != 'released';
                CREATE INDEX idx_payments_held ON payments(session_id) WHERE hold_status = 'held';
                """)
        }
        migrator.registerMigration("v5-authorization-nonce") { db in
            // The nonce of an authorisation whose outcome was unknown, for reconciliation, and an
            // index to find unknown payments whose authorisation has expired.
            try db.execute(sql: """
                ALTER TABLE payments ADD COLUMN authorization_nonce TEXT;
                CREATE INDEX idx_payments_unknown ON payments(valid_before) WHERE status = 'unknown';
                """)
        }
        migrator.registerMigration("v6-derived-hold-ids") { db in
            // New holds are named after their payment (`hold_X` for `pay_X`) and found by the
            // payments primary key, so only older holds need an index of their own.
            try db.execute(sql: """
                DROP INDEX idx_payments_hold;
                CREATE UNIQUE INDEX idx_payments_hold_legacy ON payments(hold_id) WHERE hold_id != 'hold_' || substr(id, 5);
                """)
        }
        migrator.registerMigration("v7-signed-state-and-leases") { db in
            // The write-ahead `signed` state: when the authorisation was signed (its nonce goes in
            // authorization_nonce, written in the same update) and which process took the hold, so
            // start-up recovery can tell an orphaned payment from one in flight elsewhere.
            // (In-flight payments are found through idx_payments_status: a partial index of them
            // would cost an insert and a delete on every payment's hot path.)
            // Approvals bind the network the operator saw; runs carry a lease (owner + expiry).
            try db.execute(sql: """
                ALTER TABLE payments ADD COLUMN signed_at INTEGER;
                ALTER TABLE payments ADD COLUMN owner_id TEXT;
                ALTER TABLE approval_requests ADD COLUMN network TEXT;
                ALTER TABLE execution_logs ADD COLUMN lease_owner TEXT;
                ALTER TABLE execution_logs ADD COLUMN lease_expires_at INTEGER;
                CREATE INDEX idx_execution_logs_unfinished ON execution_logs(id) WHERE status IN ('running', 'awaiting_approval');
                """)
        }
        migrator.registerMigration("v9-permit2-upto") { db in
            // Devnet ERC-20 allowances (owner → spender, per token), which Permit2 payments spend;
            // and the maximum an `upto` payment authorised (its amount is then what was charged).
            try db.execute(sql: """
                ALTER TABLE payments ADD COLUMN max_amount TEXT;
                ALTER TABLE payments ADD COLUMN max_amount_usd TEXT;
                CREATE TABLE ledger_allowances (
                    token TEXT NOT NULL,
                    owner TEXT NOT NULL,
                    spender TEXT NOT NULL,
                    amount TEXT NOT NULL,
                    PRIMARY KEY (token, owner, spender)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10-idempotency-keys") { db in
            // `Idempotency-Key`s of the HTTP server's state-changing routes: the first request's
            // answer per (token, key), so a retried approve/kill/pay gets it instead of acting again.
            try db.execute(sql: """
                CREATE TABLE idempotency_keys (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    status INTEGER,
                    content_type TEXT NOT NULL,
                    body BLOB NOT NULL,
                    created_at INTEGER NOT NULL,
                    claimed_until INTEGER NOT NULL,
                    PRIMARY KEY (scope, key)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
