import PaygentEVM
import Testing
import PaygentFoundation
@testable import PaygentConsole

/// Panes an operator can trust: empty and error states instead of an endless "Loading…", names
/// instead of ids, newest rows followed, wrapped dialogs, sorting, filter history, the mouse.
@Suite struct OperatorPaneTests {
    static func emptyBackend() -> InMemoryConsoleBackend {
        InMemoryConsoleBackend(clock: ManualClock(Timestamp(milliseconds: ConsoleSampleData.now)))
    }

    @Test func anEmptyStoreShowsWhatToDoNext() async {
        let h = await Harness.started(backend: Self.emptyBackend())
        Snapshot.check(Snapshot.frame(h.terminal), named: "frame-empty-120x40")
        #expect(!h.terminal.contains("Loading"))
        #expect(h.terminal.contains("Nothing waiting for you."))
        #expect(h.terminal.contains("No payments yet — run `paygent agent run"))
        #expect(h.terminal.contains("No agent sessions yet."))
        #expect(h.terminal.contains("No events yet."))
    }

    /// The real loop draws a frame before the first snapshot arrives; an empty list in that
    /// snapshot equals the empty list before it, and the pane used to keep "Loading…" for ever.
    @Test func emptyPanesDrawnBeforeTheFirstLoadAreRepaintedWhenItArrives() async throws {
        let terminal = MemoryTerminal(rows: 40, cols: 120, colorDepth: .mono)
        let engine = ConsoleEngine(terminal: terminal, options: ConsoleOptions(environment: [:]), config: ConsoleConfig(),
                                   modeLabel: "embedded", now: ConsoleSampleData.now, utcOffsetSeconds: 0, readFile: { _ in nil })
        engine.render()
        #expect(terminal.contains("Loading…"))
        let backend = Self.emptyBackend()
        _ = engine.apply(.snapshot(try await backend.snapshot(sessionLimit: 500, paymentLimit: 500)))
        engine.render()
        #expect(!terminal.contains("Loading…"))
        #expect(terminal.contains("Nothing waiting for you."))
        #expect(terminal.contains("No payments yet"))
    }

    @Test func aFailedFirstLoadSaysWhatFailedAndRetries() async {
        let backend = Self.emptyBackend()
        backend.snapshotFailure = "database is locked"
        let h = await Harness.started(backend: backend)
        #expect(!h.terminal.contains("Loading…"))
        #expect(h.terminal.contains("Could not load: loading failed: database is locked"))
        // The store comes back: the next retry loads, and the error goes.
        backend.snapshotFailure = nil
        await h.driver.advance(ms: ConsoleModel.retryMillis)
        #expect(h.driver.model.loaded)
        #expect(!h.terminal.contains("Could not load"))
        #expect(h.terminal.contains("Nothing waiting for you."))
    }

    @Test func sortingCyclesColumnsAndReverses() async {
        let h = await Harness.started()
        await h.driver.press(.char("5"), .char("s"), .char("s"))        // Payments: TIME, then AMOUNT (largest first)
        #expect(h.driver.model.panes[.payments]?.sort == PaneSort(column: "AMOUNT", descending: true))
        let amounts = h.driver.model.payments.map(\.amountUSD.units)
        #expect(amounts == amounts.sorted(by: >))
        #expect(h.terminal.contains("sort AMOUNT↓"))
        Snapshot.check(Snapshot.frame(h.terminal, styles: false), named: "frame-sort-payments-amount-120x40")
        await h.driver.press(.char("S"))                                   // reversed: smallest first
        let reversed = h.driver.model.payments.map(\.amountUSD.units)
        #expect(reversed == reversed.sorted())
        #expect(h.terminal.contains("sort AMOUNT↑"))
        // Sessions by name, A→Z, kept across reloads.
        await h.driver.press(.char("1"), .char("s"), .char("s"))
        #expect(h.driver.model.panes[.sessions]?.sort?.column == "NAME")
        await h.driver.refresh()
        let names = h.driver.model.sessions.map { $0.displayName.value.lowercased() }
        #expect(names == names.sorted())
        Snapshot.check(Snapshot.frame(h.terminal, styles: false), named: "frame-sort-sessions-name-120x40")
        // Cycling past the last column returns to the natural order.
        await h.driver.press(Array(repeating: Key.char("s"), count: ConsoleModel.sortColumns(.sessions).count - 1))
        #expect(h.driver.model.panes[.sessions]?.sort == nil)
        // Events cannot be sorted: s there does nothing to the order.
        await h.driver.press(.char("2"), .char("s"))
        #expect(h.driver.model.panes[.events]?.sort == nil)
    }

    @Test func longDialogTextWraps() async {
        let reason = "amount 2.50 USD is above the approval threshold of 1.00 USD set by operator:alice for every session of this wallet"
        let backend = ConsoleSampleData.backend(clock: ManualClock(Timestamp(milliseconds: ConsoleSampleData.now)))
        backend.replace(approvals: [ApprovalRecord(id: "apr_long", sessionID: "ses_research01", toolName: "x402_fetch", toolArgs: "{}",
                                                   amount: TokenAmount(units: 2_500_000, decimals: 6, symbol: "USDC"), amountUSD: .usd(micros: 2_500_000),
                                                   payee: ConsoleSampleData.payeeA, reason: reason,
                                                   createdAt: ConsoleSampleData.now - 1000, expiresAt: ConsoleSampleData.now + 60_000)])
        let h = await Harness.started(cols: 80, rows: 24, backend: backend)
        await h.driver.press(.char("3"), .char("r"))
        Snapshot.check(Snapshot.frame(h.terminal, styles: false), named: "frame-dialog-wrapped-80x24")
        // Every word of the reason is on screen, the last one included.
        for word in ["threshold", "operator:alice", "wallet"] { #expect(h.terminal.contains(word), "\(word) is cut off") }
    }

    @Test func newRowsAreFollowedUnlessTheSelectionMoved() async {
        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let backend = ConsoleSampleData.backend(clock: clock)
        let h = await Harness.started(backend: backend)
        func add(_ id: String, at time: EpochMillis) {
            let payments = ConsoleSampleData.payments() + [PaymentRecord(
                id: id, time: time, sessionID: "ses_research01", service: "New feed", resource: "https://new.example/x",
                payee: ConsoleSampleData.payeeA, payer: ConsoleSampleData.payeeB, amount: TokenAmount(units: 10_000, decimals: 6, symbol: "USDC"),
                amountUSD: .usd(micros: 10_000), status: .confirmed, txHash: nil, network: "cronos-testnet")]
            backend.replace(payments: payments)
        }
        await h.driver.press(.char("5"))
        add("pay_new1", at: ConsoleSampleData.now + 1000)
        await h.driver.refresh()
        #expect(h.driver.model.selectedPayment?.id == "pay_new1")          // following the newest
        #expect(h.terminal.contains("research-agent"))                     // the session's name, not its id
        await h.driver.press(.char("j"), .char("j"))
        let held = h.driver.model.selectedPayment?.id
        add("pay_new2", at: ConsoleSampleData.now + 2000)
        await h.driver.refresh()
        #expect(h.driver.model.selectedPayment?.id == held)                // moved: the selection stays put
        // A row chosen by command (`:session`) stays chosen across reloads too.
        await h.driver.press(.char(":"))
        await h.driver.type("session ses_runaway99")
        await h.driver.press(.enter, .esc)
        await h.driver.refresh()
        #expect(h.driver.model.selectedSession?.id == "ses_runaway99")
        await h.driver.press(.char("5"))
        await h.driver.press(.char("g"))                                    // back to the top: following again
        add("pay_new3", at: ConsoleSampleData.now + 3000)
        await h.driver.refresh()
        #expect(h.driver.model.selectedPayment?.id == "pay_new3")
    }

    @Test func filterHistoryWithUpAndDown() async {
        let h = await Harness.started()
        await h.driver.press(.char("/"))
        await h.driver.type("run")
        await h.driver.press(.enter, .char("/"), .ctrl("u"))
        await h.driver.type("agent")
        await h.driver.press(.enter, .char("/"), .ctrl("u"))
        #expect(h.driver.model.filterHistory == ["run", "agent"])
        await h.driver.press(.up)
        #expect(h.driver.model.prompt == .filter(LineEditor("agent")))
        #expect(h.driver.model.panes[.sessions]?.filter?.text == "agent")  // applied as it is recalled
        await h.driver.press(.up, .up)
        #expect(h.driver.model.prompt == .filter(LineEditor("run")))
        await h.driver.press(.down)
        #expect(h.driver.model.prompt == .filter(LineEditor("agent")))
        await h.driver.press(.down)
        #expect(h.driver.model.prompt == .filter(LineEditor("")))
        await h.driver.press(.esc)
        #expect(h.driver.model.prompt == nil)
    }

    @Test func mouseIsOffByDefaultAndClicksFocusAndSelect() async {
        let h = await Harness.started()
        guard let payments = h.driver.model.layout.panes[.payments] else { Issue.record("no payments pane"); return }
        let click = Key.mouse(MouseEvent(.click, row: payments.row + 4, col: payments.col + 3))
        await h.driver.press(click)
        #expect(h.driver.model.focus == .sessions)                           // off: ignored
        #expect(!h.terminal.mouseReporting)
        await h.driver.press(.char("m"))
        #expect(h.terminal.mouseReporting)
        await h.driver.press(click)
        #expect(h.driver.model.focus == .payments)
        #expect(h.driver.model.panes[.payments]?.selected == 2)              // third data row (border, headings, rows)
        await h.driver.press(.mouse(MouseEvent(.wheelUp, row: payments.row + 4, col: payments.col + 3)))
        #expect(h.driver.model.panes[.payments]?.selected == 0)
        await h.driver.press(.char("m"))
        #expect(!h.terminal.mouseReporting)
    }

    @Test func mouseCanBeOnFromTheConfig() async throws {
        let config = try ConsoleConfig.parse("mouse = true\n", file: "config.toml")
        let h = await Harness.started(config: config)
        #expect(h.terminal.mouseReporting)
        #expect(h.driver.model.mouseEnabled)
        #expect(throws: ConsoleFileError.self) { try ConsoleConfig.parse("mouse = \"yes\"\n", file: "config.toml") }
    }

    @Test func policyViewShowsLimitsAndEditsThemWithConfirmation() async {
        let h = await Harness.started()
        await h.driver.press(.char(":"))
        await h.driver.type("policy")
        await h.driver.press(.enter)
        #expect(h.driver.performed.contains(.loadPolicy))
        #expect(h.terminal.contains("Daily limit") && h.terminal.contains("20.00 USD per wallet per 24 h · used $14.60"))
        Snapshot.check(Snapshot.frame(h.terminal, styles: false), named: "frame-policy-120x40")
        // e: the form, prefilled; a bad amount is refused in the dialog, naming the field.
        await h.driver.press(.char("e"))
        guard case .dialog(let form)? = h.driver.model.overlay, case .policy = form.kind else { Issue.record("no policy form"); return }
        await h.driver.press(.ctrl("u"))
        await h.driver.type("1.2.3")
        await h.driver.press(.tab, .tab, .tab, .enter)
        guard case .dialog(let refused)? = h.driver.model.overlay else { Issue.record("the form closed on bad input"); return }
        #expect(refused.error?.contains("daily limit") == true)
        await h.driver.press(.ctrl("u"))
        await h.driver.type("25")
        await h.driver.press(.tab, .ctrl("u"))
        await h.driver.type("0.50")
        await h.driver.press(.tab, .tab, .enter)
        // The confirmation names old and new, and opens with Cancel focused.
        guard case .dialog(let confirm)? = h.driver.model.overlay else { Issue.record("no confirmation"); return }
        #expect(confirm.cancelFocused)
        #expect(confirm.lines.map(\.value.value) == ["20.00 USD → 25.00 USD", "0.25 USD → 0.50 USD"])
        Snapshot.check(Snapshot.frame(h.terminal, styles: false), named: "frame-policy-confirm-120x40")
        await h.driver.press(.tab, .enter)
        #expect(h.backend.commands.last == .setPolicy(dailyLimitUSD: "25.00", approvalThresholdUSD: "0.50"))
        #expect(h.backend.policyRecord.dailyLimitUSD == "25.00")
    }
}
