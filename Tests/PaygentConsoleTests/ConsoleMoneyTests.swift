import PaygentEVM
import Testing
@testable import PaygentConsole

/// Amounts in the console are exact 256-bit base units, and `confirm_above` is decided in USD.
@Suite struct ConsoleMoneyTests {
    static func approval(_ id: String, amount: TokenAmount?, usd: TokenAmount?) -> ApprovalRecord {
        ApprovalRecord(id: id, sessionID: "ses_pricewatch", toolName: "x402_fetch", toolArgs: "{}", amount: amount, amountUSD: usd,
                       payee: ConsoleSampleData.payeeA, reason: "test", createdAt: ConsoleSampleData.now - 1000,
                       expiresAt: ConsoleSampleData.now + 600_000)
    }

    static func tokens(_ whole: UInt64, decimals: Int) -> UInt256 { UInt256(whole) * UInt256.powerOfTen(decimals)! }

    /// Presses approve on the only approval; true when a confirmation dialog opened instead.
    static func asksToConfirm(_ approval: ApprovalRecord, confirmAbove: String = "10.00") async -> Bool {
        var config = ConsoleConfig()
        config.confirmAbove = confirmAbove
        let h = await Harness.started(config: config)
        h.backend.replace(approvals: [approval])
        await h.driver.refresh()
        await h.driver.press(.char("3"), .char("a"))
        if case .dialog? = h.driver.model.overlay {
            #expect(h.backend.commands.isEmpty)
            return true
        }
        #expect(h.backend.commands == [.approve(approvalID: approval.id)])
        return false
    }

    @Test func manyCheapTokensDoNotAsk() async {
        // 50 CRO (18 decimals) worth $4.00: under $10, though 50 is more than 10 tokens.
        let cro = TokenAmount(units: Self.tokens(50, decimals: 18), decimals: 18, symbol: "CRO")
        #expect(await Self.asksToConfirm(Self.approval("apr_cro", amount: cro, usd: .usd(micros: 4_000_000))) == false)
    }

    @Test func fewExpensiveTokensAsk() async {
        // 9 WETH worth $30,712.95: far over $10, though 9 is fewer than 10 tokens.
        let weth = TokenAmount(units: Self.tokens(9, decimals: 18), decimals: 18, symbol: "WETH")
        #expect(await Self.asksToConfirm(Self.approval("apr_weth", amount: weth, usd: .usd(micros: 30_712_950_000))))
    }

    @Test func unknownUSDValueFailsClosed() async {
        let odd = TokenAmount(units: 1, decimals: 6, symbol: "ODD")
        #expect(await Self.asksToConfirm(Self.approval("apr_odd", amount: odd, usd: nil)))
        #expect(await Self.asksToConfirm(Self.approval("apr_none", amount: nil, usd: nil)))
    }

    @Test func thresholdIsInclusiveAndExact() async {
        #expect(await Self.asksToConfirm(Self.approval("apr_at", amount: nil, usd: .usd(micros: 10_000_000))))
        #expect(await Self.asksToConfirm(Self.approval("apr_below", amount: nil, usd: .usd(micros: 9_999_999))) == false)
        #expect(await Self.asksToConfirm(Self.approval("apr_huge", amount: nil, usd: .usd(micros: UInt256.max))))
    }

    @Test func amountsBeyond64BitsAreNotSaturated() {
        let big = UInt256(limbs: 0, 1, 0, 0)  // 2^64
        let money = TokenAmount(units: big + 5, decimals: 6, symbol: "USDC")
        #expect(money.units == big + 5)
        #expect(money.amountText == "18446744073709.551621")
        #expect(money != TokenAmount(units: UInt256(UInt64.max), decimals: 6, symbol: "USDC"))
        #expect(TokenAmount(units: big, decimals: 0, symbol: "X").amountText == "18446744073709551616.00")
        #expect(TokenAmount.usd(micros: big * 1_000_000).compactText == "$18446744073709M")
        #expect(TokenAmount.parseUnits("18446744073709.551621", decimals: 6) == big + 5)
        #expect(TokenAmount.parseUnits("1" + String(repeating: "0", count: 80), decimals: 6) == nil)
        #expect(TokenAmount.parseUnits("+1", decimals: 6) == nil)
        #expect(TokenAmount.parseUnits("0.0000001", decimals: 6) == nil)
        // Ratios of huge amounts stay exact, without wrapping.
        let limit = TokenAmount(units: big * 4, decimals: 6, symbol: "USDC")
        #expect(TokenAmount(units: big, decimals: 6, symbol: "USDC").permille(of: limit) == 250)
        #expect(TokenAmount(units: .max, decimals: 6, symbol: "USDC").permille(of: limit) == 1000)
    }

    @Test func remainingBudgetDoesNotWrap() {
        let big = UInt256(limbs: 0, 1, 0, 0)
        let session = SessionRecord(id: "ses_x", name: "x", status: .running, spent: .usd(micros: big), held: .usd(micros: 5),
                                    budget: .usd(micros: big * 2), payments: 0, createdAt: 0, lastActive: 0)
        #expect(session.remaining == .usd(micros: big - 5))
    }
}
