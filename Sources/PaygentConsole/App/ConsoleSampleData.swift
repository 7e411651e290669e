import PaygentEVM
import PaygentFoundation
/// Deterministic sample data (sessions, approvals, payments, budgets, events) at a fixed time, for
/// snapshot tests, benchmarks and trying the console without a store.
public enum ConsoleSampleData {
    /// 2025-06-15 15:06:40 UTC.
    public static let now: EpochMillis = 1_750_000_000_000

    static func usd(_ cents: UInt64) -> TokenAmount { .usd(micros: UInt256(cents * 10_000)) }
    static func usdc(_ cents: UInt64) -> TokenAmount { TokenAmount(units: UInt256(cents * 10_000), decimals: 6, symbol: "USDC") }

    public static let payeeA = "0x9A1f3c5E7b2D4f6A8c0E1b3D5f7A9c1E3b5D7f9A"
    public static let payeeB = "0x4b20993Bc481177ec7E8f571ceCaE8A9e22C02db"
    public static let wallet = "0x71C7656EC7ab88b098defB751B7401B5f6d8976F"

    public static func sessions(now: EpochMillis = now) -> [SessionRecord] {
        [
            SessionRecord(id: "ses_research01", name: "research-agent", status: .running, spent: usd(125), budget: usd(500),
                          payments: 9, createdAt: now - 3_000_000, lastActive: now - 5_000, wallet: wallet),
            SessionRecord(id: "ses_pricewatch", name: "price-watcher", status: .awaiting, spent: usd(40), budget: usd(200),
                          payments: 4, createdAt: now - 2_400_000, lastActive: now - 20_000, wallet: wallet),
            SessionRecord(id: "ses_runaway99", name: "runaway-scraper", status: .running, spent: usd(910), held: usd(25), budget: usd(1000),
                          payments: 91, createdAt: now - 1_800_000, lastActive: now - 1_000, wallet: wallet),
            SessionRecord(id: "ses_cjk000001", name: "データ収集エージェント", status: .paused, spent: usd(10), budget: usd(100),
                          payments: 1, createdAt: now - 1_200_000, lastActive: now - 600_000, wallet: wallet),
            SessionRecord(id: "ses_summary02", name: "summarizer", status: .done, spent: usd(75), budget: nil,
                          payments: 3, createdAt: now - 3_500_000, lastActive: now - 900_000, wallet: wallet),
            SessionRecord(id: "ses_oldcrawl3", name: "old-crawler", status: .killed, spent: usd(300), budget: usd(300),
                          payments: 30, createdAt: now - 3_590_000, lastActive: now - 2_000_000, statusReason: "operator kill", wallet: wallet),
        ]
    }

    public static func approvals(now: EpochMillis = now) -> [ApprovalRecord] {
        [
            ApprovalRecord(id: "apr_0001", sessionID: "ses_pricewatch", toolName: "x402_fetch",
                           toolArgs: "{\n  \"url\": \"https://api.prices.example/v1/quote?pair=ETH-USD\",\n  \"max_price\": \"0.50\"\n}",
                           amount: usdc(50), amountUSD: usd(50), payee: payeeA, reason: "above the $0.25 approval threshold",
                           createdAt: now - 60_000, expiresAt: now + 240_000),
            ApprovalRecord(id: "apr_0002", sessionID: "ses_runaway99", toolName: "x402_fetch",
                           toolArgs: "{\"url\": \"https://scrape.example/all?page=92\"}",
                           amount: usdc(2500), amountUSD: usd(2500), payee: payeeB, reason: "would exceed 90% of the session budget",
                           createdAt: now - 30_000, expiresAt: now + 20_000),
        ]
    }

    public static func payments(now: EpochMillis = now) -> [PaymentRecord] {
        let services = ["Weather API", "ETH price feed", "Scraper Pro", "News digest", "Geo lookup"]
        let statuses: [PaymentState] = [.confirmed, .confirmed, .confirmed, .pending, .confirmed, .failed]
        return (0..<14).map { i in
            let status = statuses[i % statuses.count]
            let cents = UInt64(5 + (i * 37) % 120)
            return PaymentRecord(id: "pay_\(1000 + i)", time: now - EpochMillis(i) * 250_000 - 3_000,
                                 sessionID: ["ses_research01", "ses_runaway99", "ses_pricewatch"][i % 3],
                                 service: services[i % services.count], resource: "https://svc\(i % 5).example/v1/call",
                                 payee: i % 2 == 0 ? payeeA : payeeB, payer: wallet, amount: usdc(cents), amountUSD: usd(cents),
                                 status: status, txHash: status == .confirmed ? "0x\(String(repeating: "ab", count: 4))\(1000 + i)" : nil,
                                 network: "base-sepolia", failureReason: status == .failed ? "facilitator rejected: insufficient funds" : nil,
                                 settledAt: status == .confirmed ? now - EpochMillis(i) * 250_000 - 2_100 : nil,
                                 validBefore: now - EpochMillis(i) * 250_000 + 300_000)
        }
    }

    public static func budgets() -> [BudgetRecord] {
        [
            BudgetRecord(scope: .session(id: "ses_research01"), label: "research-agent", spent: usd(125), limit: usd(500)),
            BudgetRecord(scope: .session(id: "ses_pricewatch"), label: "price-watcher", spent: usd(40), limit: usd(200)),
            BudgetRecord(scope: .session(id: "ses_runaway99"), label: "runaway-scraper", spent: usd(935), limit: usd(1000)),
            BudgetRecord(scope: .session(id: "ses_cjk000001"), label: "データ収集エージェント", spent: usd(10), limit: usd(100)),
            BudgetRecord(scope: .tokenDay, label: "USDC / day", spent: usdc(1460), limit: usdc(5000)),
            BudgetRecord(scope: .walletDay, label: "wallet / day", spent: usd(1460), limit: usd(2000)),
        ]
    }

    static let eventTypes = ["payment.authorized", "payment.settled", "log.written", "approval.requested", "session.updated",
                             "payment.failed", "hold.released", "approval.approved"]

    /// `count` events ending at `now`, one every 2 s, seq 1…count (or from `firstSeq`).
    public static func events(count: Int, now: EpochMillis = now, firstSeq: Int64 = 1) -> [EventRecord] {
        (0..<count).map { i in
            let seq = firstSeq + Int64(i)
            let type = eventTypes[Int(seq % Int64(eventTypes.count))]
            let session = ["ses_research01", "ses_runaway99", "ses_pricewatch"][Int(seq % 3)]
            return EventRecord(seq: seq, time: now - EpochMillis(count - 1 - i) * 2000, type: type, sessionID: session,
                               subjectID: "pay_\(seq)", actor: "agent:\(session)",
                               summary: "amount: 0.\(String(format2: Int(seq % 100))) USDC, service: svc\(seq % 5).example",
                               detail: "{\n  \"amount\": \"0.\(String(format2: Int(seq % 100)))\",\n  \"service\": \"svc\(seq % 5).example\"\n}")
        }
    }

    public static func overview() -> OverviewRecord {
        OverviewRecord(globalPause: false, wallet: wallet, walletBalance: usd(8540), spentToday: usd(1460), dailyLimit: usd(2000))
    }

    /// A backend filled with all of the above.
    public static func backend(eventCount: Int = 300, clock: any WallClock) -> InMemoryConsoleBackend {
        InMemoryConsoleBackend(overview: overview(), sessions: sessions(), approvals: approvals(), payments: payments(),
                               budgets: budgets(), events: events(count: eventCount), clock: clock)
    }
}

extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
