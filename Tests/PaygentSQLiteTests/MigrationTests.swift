import Foundation
import PaygentFoundation
import GRDB
import PaygentCore
import PaygentEVM
@testable import PaygentSQLite
import Testing

@Suite("Schema migrations keep what older databases hold (real SQLite file)")
struct MigrationTests {
    /// Writes a payment and its hold the way schema v3 stored them (two tables).
    static func insertV3(_ db: Database, payment: String, hold: String, purchase: String, status: String,
                         holdStatus: String, micros: Int64, at time: Int64) throws {
        let wallet = Fixture.payer.lowercasedHex
        let token = Fixture.usdc.lowercasedHex
        let payee = Fixture.payee.lowercasedHex
        let encoded = Column256.encode(UInt256(UInt64(micros)))  // USDC has 6 decimals: base units = micro-dollars
        try db.execute(sql: """
            INSERT INTO payments (id, purchase_id, hold_id, session_id, service_id, agent_wallet, recipient, amount, token,
                token_symbol, token_decimals, amount_usd, amount_usd_micros, network, resource, tx_hash, status,
                failure_reason, valid_before, created_at, updated_at, settled_at)
            VALUES (?, ?, ?, 'ses_old', NULL, ?, ?, ?, ?, 'USDC', 6, ?, ?, 'cronos-testnet', 'http://old.test/x', NULL, ?,
                NULL, 4000000000000, ?, ?, NULL)
            """, arguments: [payment, purchase, hold, wallet, payee, encoded, token, encoded, micros, status, time, time])
        try db.execute(sql: """
            INSERT INTO holds (id, purchase_id, payment_id, session_id, service_id, wallet, token, recipient, amount,
                amount_usd, status, valid_before, created_at, updated_at)
            VALUES (?, ?, ?, 'ses_old', NULL, ?, ?, ?, ?, ?, ?, 4000000000000, ?, ?)
            """, arguments: [hold, purchase, payment, wallet, token, payee, encoded, encoded, holdStatus, time, time + 5])
    }

    @Test("v4 moves holds into their payments' rows (v6 keeps older hold ids findable): statuses, live lookups, session holds and rolling windows intact")
    func holdsMoveIntoPayments() async throws {
        let temp = TempDatabase()
        defer { temp.remove() }
        let now = Int64(Date().timeIntervalSince1970) * 1000
        do {
            let queue = try DatabaseQueue(path: temp.path)
            try Schema.migrator.migrate(queue, upTo: "v3-events-rowid")
            try await queue.write { db in
                try Self.insertV3(db, payment: "pay_a", hold: "hold_a", purchase: "p-a", status: "pending", holdStatus: "held", micros: 1_500_000, at: now - 3000)
                try Self.insertV3(db, payment: "pay_b", hold: "hold_legacy7", purchase: "p-b", status: "confirmed", holdStatus: "captured", micros: 2_000_000, at: now - 2000)
                try Self.insertV3(db, payment: "pay_c", hold: "hold_c", purchase: "p-c", status: "failed", holdStatus: "released", micros: 4_000_000, at: now - 1000)
            }
            try queue.close()
        }
        let store = try SQLiteStore(path: temp.path)
        let (a, b, c, live, gone, held, total) = try store.readSync { reader in
            (try reader.hold(id: "hold_a"), try reader.hold(id: "hold_legacy7"), try reader.hold(id: "hold_c"),
             try reader.liveHold(purchaseID: "p-b"), try reader.liveHold(purchaseID: "p-c"),
             try reader.holds(sessionID: "ses_old", status: .held),
             try reader.rollingTotal(.walletUSD(Fixture.payer), now: Timestamp(milliseconds: now)))
        }
        #expect(a?.status == .held)
        #expect(a?.paymentID == "pay_a")
        #expect(a?.updatedAt == Timestamp(milliseconds: now - 3000 + 5))
        #expect(b?.status == .captured)
        #expect(c?.status == .released)
        #expect(live?.id == "hold_legacy7")  // an id from before v6, found through the legacy index
        #expect(gone == nil)
        #expect(held.map(\.id) == ["hold_a"])
        // Held and captured count against the wallet's 24 h window; released does not.
        #expect(total == UInt256(3_500_000))
        try await store.close()
        let queue = try DatabaseQueue(path: temp.path)
        let hasHolds = try await queue.read { db in try db.tableExists("holds") }
        #expect(!hasHolds)
        try queue.close()
    }
}
