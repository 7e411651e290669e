import Foundation
import GRDB
import PaygentCore

/// Idempotency keys of the HTTP server (migration v10).
extension SQLiteAccess {
    func idempotencyRecord(scope: String, key: String) throws -> IdempotencyRecord? {
        guard let row = try one(
            "SELECT fingerprint, status, content_type, body, created_at, claimed_until FROM idempotency_keys WHERE scope = ? AND key = ?",
            [scope, key]) else { return nil }
        let body: Data = row[3] ?? Data()
        return IdempotencyRecord(scope: scope, key: key, fingerprint: row.string(0), status: row[1], contentType: row.string(2),
                                 body: Array(body), createdAt: row.timestamp(4), claimedUntil: row.timestamp(5))
    }

    func putIdempotencyRecord(_ r: IdempotencyRecord) throws {
        try run("""
            INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, status, content_type, body, created_at, claimed_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [r.scope, r.key, r.fingerprint, r.status, r.contentType, Data(r.body), r.createdAt.milliseconds, r.claimedUntil.milliseconds])
    }

    func deleteIdempotencyRecord(scope: String, key: String) throws {
        try run("DELETE FROM idempotency_keys WHERE scope = ? AND key = ?", [scope, key])
    }
}
