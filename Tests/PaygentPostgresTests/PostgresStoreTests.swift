import Foundation
import PaygentCore
import PaygentEVM
import PaygentFoundation
import PaygentPostgres
import StoreTestSupport
import Testing

@Suite("PostgreSQL store: URLs, exact amounts, errors")
struct PostgresStoreTests {
    @Test("Bad database URLs get a specific error", arguments: [
        ("sqlite:///tmp/x", "not a PostgreSQL URL"),
        ("postgres://host/db", "names no user"),
        ("postgres://me@host", "names no database"),
        ("postgres://me@host/db/extra", "names no database"),
        ("postgres://me@host/db?schema=Bad-Name", "schema must be"),
        ("postgres://me@host/db?schema=1abc", "schema must be"),
        ("postgres://me@host/db?schema=" + String(repeating: "a", count: 49), "at most 48"),
        ("postgres://me@host/db?frobnicate=1", "unknown PostgreSQL URL parameter frobnicate"),
        ("postgres://me@host/db?host=relative", "socket directory"),
        ("postgres://me@host/db?sslmode=require", "sslmode=disable"),
    ])
    func badURLs(_ text: String, _ message: String) {
        #expect {
            _ = try PostgresDatabaseURL(text)
        } throws: { error in
            String(describing: error).contains(message)
        }
    }

    @Test("A URL's description never shows its password")
    func passwordRedacted() throws {
        let url = try PostgresDatabaseURL("postgres://me:s3cret%21@db.internal:6543/paygent?schema=prod")
        #expect(url.password == "s3cret!")
        #expect(url.port == 6543)
        #expect(!url.description.contains("s3cret"))
        #expect(url.description == "postgres://me@db.internal:6543/paygent?schema=prod")
    }

    @Test("An unreachable database fails open with a clear error within the deadline")
    func unreachable() async throws {
        // Port 1: nothing listens there.
        let url = try PostgresDatabaseURL("postgres://paygent@127.0.0.1:1/paygent")
        await #expect {
            _ = try await PostgresStore.open(url, connectTimeout: .seconds(2))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("cannot reach the database: postgres://paygent@127.0.0.1:1/paygent")
                && text.components(separatedBy: "cannot reach").count == 2
        }
    }

    @Test("Amounts up to 2^256 − 1 round-trip exactly; sums beyond it saturate, never wrap or round")
    func exactAmounts() async throws {
        let location = try TestStore(.postgres)
        let store = try await location.openStore()
        let owner = PG.address(0x55)
        let huge = UInt256.max
        let odd = try UInt256(decimal: "123456789012345678901234567890123456789012345678901234567890")
        try await store.write { tx in
            try tx.setLedgerBalance(huge, owner: owner, token: PG.usdc)
            try tx.setLedgerBalance(odd, owner: owner, token: PG.address(0x66))
            try tx.setLedgerBalance(UInt256(10_000), owner: PG.address(0x77), token: PG.usdc)
        }
        let (a, b, c) = try await store.read { tx in
            (try tx.ledgerBalance(owner: owner, token: PG.usdc), try tx.ledgerBalance(owner: owner, token: PG.address(0x66)),
             try tx.ledgerBalance(owner: PG.address(0x77), token: PG.usdc))
        }
        #expect(a == huge)
        #expect(b == odd)
        #expect(c == UInt256(10_000))
        try await store.close()
        // Reopened: the same.
        let reopened = try await location.openStore()
        #expect(try await reopened.read { try $0.ledgerBalance(owner: owner, token: PG.usdc) } == huge)
        try await reopened.close()
    }

    @Test("A failing write changes nothing; a nonce is used once (constraint) even when the rule is bypassed")
    func constraintsAndRollback() async throws {
        let location = try TestStore(.postgres)
        let store = try await location.openStore()
        let nonce = [UInt8](repeating: 7, count: 32)
        try await store.write { tx in
            try tx.markNonceUsed(nonce, authorizer: PG.payer, token: PG.usdc, transactionHash: "0x01", at: Timestamp(milliseconds: 1))
        }
        await #expect(throws: (any Error).self) {
            try await store.write { tx in
                try tx.setLedgerBalance(UInt256(5), owner: PG.payer, token: PG.usdc)
                try tx.markNonceUsed(nonce, authorizer: PG.payer, token: PG.usdc, transactionHash: "0x02", at: Timestamp(milliseconds: 2))
            }
        }
        let (balance, hash) = try await store.read { tx in
            (try tx.ledgerBalance(owner: PG.payer, token: PG.usdc), try tx.nonceTransaction(nonce, authorizer: PG.payer, token: PG.usdc))
        }
        #expect(balance == .zero)
        #expect(hash == "0x01")
        try await store.close()
        await #expect(throws: PostgresStoreError.self) { try await store.read { try $0.latestEventSeq() } }
    }
}
