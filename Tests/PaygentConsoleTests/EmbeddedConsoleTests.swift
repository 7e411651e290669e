#if canImport(PaygentSQLite)
import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Testing
import X402
@testable import PaygentConsole

/// The console against the real core on a real SQLite file: key presses change the store.
@Suite struct EmbeddedConsoleTests {
    func makeAPI() throws -> (EmbeddedPaygent, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        return (EmbeddedPaygent(store: store, clock: ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))), path)
    }

    @Test func killAndPanicStopReachTheStore() async throws {
        let (api, path) = try makeAPI()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let calm = try await api.createSession(CreateSessionRequest(name: "calm-agent", budgetLimitUSD: "5.00"), by: "test")
        let runaway = try await api.createSession(CreateSessionRequest(name: "runaway-\u{1B}[2Jagent", budgetLimitUSD: "1.00"), by: "test")
        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let terminal = MemoryTerminal(rows: 40, cols: 120, colorDepth: .mono)
        let backend = PaygentAPIBackend(api: api, clock: clock)
        let driver = ConsoleDriver(terminal: terminal, backend: backend, options: ConsoleOptions(environment: [:], utcOffsetSeconds: 0),
                                   clock: clock, readFile: { _ in nil })
        await driver.start()
        #expect(terminal.contains("calm-agent"))
        #expect(terminal.contains("runaway-agent"))                    // the escape sequence is gone
        #expect(!terminal.contains("[2J"), "the visible remnant of the escape sequence is on screen")
        #expect(terminal.contains("session.created"))
        // Select the runaway session and kill it through the dialog.
        let row = driver.model.sessions.firstIndex { $0.id == runaway.id }!
        await driver.press(Array(repeating: Key.char("j"), count: row) + [.char("K")])
        guard case .dialog(let dialog)? = driver.model.overlay else { Issue.record("no kill dialog"); return }
        #expect(dialog.lines.contains { $0.value.value.contains(runaway.id) })
        await driver.press(.tab, .enter)
        #expect(try await api.session(id: runaway.id).status == .killed)
        #expect(try await api.session(id: calm.id).status == .running)
        #expect(driver.model.session(id: runaway.id)?.status == .killed)
        // The kill event arrives through the same event log.
        let events = try await backend.events(after: 0, limit: 100)
        #expect(events.contains { $0.type.value == "session.killed" && $0.sessionID == runaway.id && $0.actor.value == "console" })
        // Panic stop and resume.
        await driver.press(.char("P"), .tab, .enter)
        #expect(try await api.controlState().globalPause)
        #expect(terminal.line(0).contains("ALL PAYMENTS PAUSED"))
        await driver.press(.char("P"))
        #expect(try await api.controlState().globalPause == false)
        // Pause one session with p.
        let calmRow = driver.model.sessions.firstIndex { $0.id == calm.id }!
        await driver.press(.char("g"))
        await driver.press(Array(repeating: Key.char("j"), count: calmRow) + [.char("p")])
        #expect(try await api.session(id: calm.id).status == .paused)
    }

    @Test func policyViewEditsTheStoresPolicy() async throws {
        let (api, path) = try makeAPI()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var policy = try await api.policy()
        policy.walletDailyLimitUSD = try USDAmount(parsing: "5.00")
        _ = try await api.updatePolicy(policy, by: "test")
        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let terminal = MemoryTerminal(rows: 40, cols: 120, colorDepth: .mono)
        let driver = ConsoleDriver(terminal: terminal, backend: PaygentAPIBackend(api: api, clock: clock),
                                   options: ConsoleOptions(environment: [:], utcOffsetSeconds: 0), clock: clock, readFile: { _ in nil })
        await driver.start()
        await driver.press(.char(":"))
        await driver.type("policy")
        await driver.press(.enter)
        #expect(terminal.contains("5.00 USD per wallet per 24 h"))
        #expect(terminal.contains("10.00 USD asks an operator"))
        await driver.press(.char("e"), .ctrl("u"))
        await driver.type("7.5")
        await driver.press(.tab, .tab, .tab, .enter)   // review
        await driver.press(.tab, .enter)               // confirm (Cancel had focus)
        let updated = try await api.policy()
        #expect(updated.walletDailyLimitUSD == (try USDAmount(parsing: "7.50")))
        #expect(updated.approvalThresholdUSD == 10)
        let event = try #require(try await api.events(EventQuery(types: [.policyUpdated], limit: 10)).events.last)
        #expect(event.actor == "console")
        #expect(event.data["changes"]?["wallet_daily_limit_usd"]?["new"] == .string("7.50"))
        #expect(terminal.contains("7.50 USD per wallet per 24 h"))     // the view reloads after the change
    }

    @Test func approvalMismatchShowsInTheEventsPane() async throws {
        let (api, path) = try makeAPI()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = try await api.createSession(CreateSessionRequest(name: "buyer", budgetLimitUSD: "100.00"), by: "test")
        let payer = try Address("0x" + String(repeating: "11", count: 20))
        let payee = try Address("0x" + String(repeating: "22", count: 20))
        let intent = PaymentIntent(purchaseID: "big", resource: "http://127.0.0.1:9/report", scheme: "exact", network: "cronos-testnet",
                                   chainID: 338, asset: KnownTokens.devUSDCe, payTo: payee, amount: 12_000_000, payer: payer,
                                   validBefore: 4_000_000_000, description: "report")
        let policy = api.paymentPolicy(sessionID: session.id)
        guard case .askHuman = try await policy.authorize(intent) else { Issue.record("no approval asked"); return }
        let approval = try #require(try await api.approval(purchaseID: "big"))
        _ = try await api.approve(id: approval.id, by: "operator:alice")
        var changed = intent
        changed.payTo = try Address("0x" + String(repeating: "33", count: 20))
        guard case .deny = try await policy.authorize(changed) else { Issue.record("a changed payee must be refused"); return }

        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let terminal = MemoryTerminal(rows: 40, cols: 240, colorDepth: .mono)
        let driver = ConsoleDriver(terminal: terminal, backend: PaygentAPIBackend(api: api, clock: clock),
                                   options: ConsoleOptions(environment: [:], utcOffsetSeconds: 0), clock: clock, readFile: { _ in nil })
        await driver.start()
        #expect(terminal.contains("payment.denied"))
        #expect(terminal.contains("approval_mismatch"))
    }

    @Test func eventPagingWorksAgainstTheStore() async throws {
        let (api, path) = try makeAPI()
        defer { try? FileManager.default.removeItem(atPath: path) }
        for index in 0..<30 { _ = try await api.createSession(CreateSessionRequest(name: "agent-\(index)"), by: "test") }
        let backend = PaygentAPIBackend(api: api)
        let latest = try await api.overview().latestSeq
        let tail = try await backend.events(before: nil, limit: 10)
        #expect(tail.map(\.seq) == Array((latest - 9)...latest))
        let older = try await backend.events(before: tail[0].seq, limit: 10)
        #expect(older.map(\.seq) == Array((latest - 19)...(latest - 10)))
        let newer = try await backend.events(after: older.last!.seq, limit: 5)
        #expect(newer.map(\.seq) == Array((latest - 9)...(latest - 5)))
    }

    @Test func anUptoPaymentShowsItsChargeAndItsMaximum() async throws {
        let (api, path) = try makeAPI()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let session = try await api.createSession(CreateSessionRequest(name: "metered-agent", budgetLimitUSD: "5.00"), by: "test")
        let policy = api.paymentPolicy(sessionID: session.id)
        let intent = PaymentIntent(
            purchaseID: "llm", resource: "http://127.0.0.1:9/llm/completion", scheme: "upto", network: "eip155:338", chainID: 338,
            asset: KnownTokens.devUSDCe, payTo: try .init("0x209693Bc6afc0C5328bA36FaF03C514EF312287C"), amount: 50_000,
            payer: try .init("0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"), validBefore: 4_000_000_000, description: "completion")
        guard case .allow(let hold) = try await policy.authorize(intent) else { Issue.record("not allowed"); return }
        await policy.record(.settled(transaction: "0xfeed", charged: 3_700), for: intent, holdID: hold)
        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let terminal = MemoryTerminal(rows: 40, cols: 120, colorDepth: .mono)
        let driver = ConsoleDriver(terminal: terminal, backend: PaygentAPIBackend(api: api, clock: clock),
                                   options: ConsoleOptions(environment: [:], utcOffsetSeconds: 0), clock: clock, readFile: { _ in nil })
        await driver.start()
        await driver.press(.char("5"), .enter)
        #expect(terminal.contains("charged, of at most 0.05"), "\((0..<40).map(terminal.line).joined(separator: "\n"))")
        #expect(terminal.contains("0.0037"))
    }
}
#endif
