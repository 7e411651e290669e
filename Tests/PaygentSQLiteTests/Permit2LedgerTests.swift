import PaygentCore
import PaygentFoundation
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

/// The SQLite store as the devnet ledger for Permit2: allowances are durable, spent exactly by a
/// transfer, and a refused transfer changes nothing.
@Suite struct Permit2LedgerTests {
    static let permit2 = PermitWitnessTransferFrom.permit2Address

    static func transfer(_ value: String, nonce: UInt8) -> LedgerTransfer {
        LedgerTransfer(
            token: Fixture.usdc, from: Fixture.payer, to: Fixture.payee, value: Fixture.usdcAmount(value),
            nonce: [UInt8](repeating: nonce, count: 32), network: "eip155:338", transactionHash: "0x\(nonce)",
            nonceScope: permit2, allowanceSpender: permit2)
    }

    @Test func allowancesSurviveReopenAndAreSpentExactly() async throws {
        let db = TempDatabase()
        defer { db.remove() }
        var store = try SQLiteStore(path: db.path)
        try await store.mint(Fixture.usdcAmount("10.00"), to: Fixture.payer, token: Fixture.usdc)
        try await store.approve(Fixture.usdcAmount("3.00"), owner: Fixture.payer, spender: Self.permit2, token: Fixture.usdc)
        try await store.applyTransfer(Self.transfer("1.25", nonce: 1))
        try await store.close()

        store = try SQLiteStore(path: db.path)
        #expect(try await store.allowance(owner: Fixture.payer, spender: Self.permit2, token: Fixture.usdc) == Fixture.usdcAmount("1.75"))
        #expect(try await store.balance(of: Fixture.payer, token: Fixture.usdc) == Fixture.usdcAmount("8.75"))
        // The Permit2 nonce lives in Permit2's space, not the token's.
        #expect(try await store.isNonceUsed([UInt8](repeating: 1, count: 32), by: Fixture.payer, token: Self.permit2))
        #expect(try await store.isNonceUsed([UInt8](repeating: 1, count: 32), by: Fixture.payer, token: Fixture.usdc) == false)

        // More than the allowance: refused, and nothing changes (balance, allowance, nonce).
        await #expect(throws: LedgerError.insufficientAllowance(allowance: Fixture.usdcAmount("1.75"), required: Fixture.usdcAmount("2.00"))) {
            try await store.applyTransfer(Self.transfer("2.00", nonce: 2))
        }
        #expect(try await store.allowance(owner: Fixture.payer, spender: Self.permit2, token: Fixture.usdc) == Fixture.usdcAmount("1.75"))
        #expect(try await store.balance(of: Fixture.payer, token: Fixture.usdc) == Fixture.usdcAmount("8.75"))
        #expect(try await store.isNonceUsed([UInt8](repeating: 2, count: 32), by: Fixture.payer, token: Self.permit2) == false)

        // An allowance that is spent but the balance is short: the allowance is not spent either.
        try await store.approve(.max, owner: Fixture.payer, spender: Self.permit2, token: Fixture.usdc)
        await #expect(throws: LedgerError.self) { try await store.applyTransfer(Self.transfer("9.00", nonce: 3)) }
        #expect(try await store.allowance(owner: Fixture.payer, spender: Self.permit2, token: Fixture.usdc) == .max)
        try await store.applyTransfer(Self.transfer("8.75", nonce: 4))
        #expect(try await store.allowance(owner: Fixture.payer, spender: Self.permit2, token: Fixture.usdc) == .max)
        #expect(try await store.balance(of: Fixture.payee, token: Fixture.usdc) == Fixture.usdcAmount("10.00"))
        try await store.close()
    }
}

/// A Permit2 payment whose settlement was pending (`settlement_pending`) is reconciled by its
/// nonce in Permit2's nonce space once its deadline has passed.
@Suite("settlement_pending Permit2 payments reconcile by nonce (real SQLite file)")
struct Permit2ReconciliationTests {
    @Test("A pending Permit2 settlement that did land is captured with its transaction", arguments: StoreKind.allCases)
    func pendingPermit2IsCaptured(_ kind: StoreKind) async throws {
        let db = try TempDatabase(kind)
        defer { db.remove() }
        let clock = ManualClock()
        let paygent = try await Fixture.open(db, clock: clock)
        let nonce = [UInt8](repeating: 9, count: 32)
        let (session, payment) = try await ReconciliationTests.unknownPayment(paygent, clock: clock, nonce: nonce)
        try await paygent.store.write { tx in
            try tx.markNonceUsed(nonce, authorizer: Fixture.payer, token: PermitWitnessTransferFrom.permit2Address,
                                 transactionHash: "0x" + String(repeating: "cd", count: 32), at: clock.now())
        }
        let lookup = LedgerSettlementLookup(store: paygent.store, tokens: [Fixture.usdc])
        // A used nonce is final at once (the permit's deadline only matters for an unused one).
        #expect(try await paygent.runMaintenance(settlements: lookup) == 1)
        let settled = try await paygent.payment(id: payment.id)
        #expect(settled.status == .confirmed && settled.txHash == "0x" + String(repeating: "cd", count: 32))
        #expect(try await paygent.session(id: session.id).heldUSD == .zero)
        try await paygent.close()
    }
}
