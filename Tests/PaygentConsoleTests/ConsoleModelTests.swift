import Testing
import PaygentFoundation
@testable import PaygentConsole

@Suite struct ConsoleModelTests {
    @Test func nothingIsRedrawnWhileIdle() async {
        let h = await Harness.started()
        let frames = h.terminal.flushCount
        let writes = h.terminal.cellWrites
        // No approvals ticking: remove them so the console is truly idle.
        h.backend.replace(approvals: [])
        await h.driver.refresh()
        let afterRefresh = h.terminal.flushCount
        #expect(afterRefresh >= frames)
        let writesBefore = h.terminal.cellWrites
        for _ in 0..<20 { await h.driver.advance(ms: 50) }          // 1 s, nothing changes
        #expect(h.terminal.flushCount == afterRefresh)
        #expect(h.terminal.cellWrites == writesBefore)
        #expect(writes > 0)
    }

    @Test func onlyDirtyPanesRedraw() async {
        let h = await Harness.started()
        let before = h.terminal.cellWrites
        await h.driver.press(.char("j"))                             // moves the Sessions selection
        let oneKey = h.terminal.cellWrites - before
        h.driver.engine.invalidate()
        let full0 = h.terminal.cellWrites
        h.driver.engine.render()
        let full = h.terminal.cellWrites - full0
        #expect(oneKey > 0 && oneKey * 3 < full, "one pane \(oneKey) cells vs full \(full)")
    }

    @Test func liveEventsAreCoalescedIntoOneFrame() async {
        let h = await Harness.started()
        let frames = h.terminal.flushCount
        let batch = ConsoleSampleData.events(count: 500, now: ConsoleSampleData.now, firstSeq: 301)
        await h.driver.deliver(batch)
        #expect(h.terminal.flushCount == frames + 1)
        #expect(h.driver.model.events.rows.last?.seq == 800)
        #expect(h.driver.model.selectedEvent?.seq == 800)          // following the tail
    }

    @Test func eventWindowStaysBoundedAndPagesFromTheStore() async {
        var config = ConsoleConfig()
        config.eventWindow = 300
        let h = await Harness.started(config: config, eventCount: 5000)
        #expect(h.driver.model.events.rows.count == 200)             // newest page
        #expect(h.driver.model.events.rows.first?.seq == 4801)
        await h.driver.press(.char("2"), .char("g"))                   // top of the window, frozen
        #expect(!h.driver.model.following)
        await h.driver.press(.char("k"))                               // past the top: page older events in
        #expect(h.driver.performed.contains(.loadEventsBefore(4801)))
        #expect(h.driver.model.events.rows.count == 300)
        #expect(h.driver.model.events.rows.first?.seq == 4601)
        #expect(h.driver.model.selectedEvent?.seq == 4800)
        #expect(h.driver.model.events.hasNewer)
        // Live events while frozen and full are counted, not shown.
        await h.driver.deliver(ConsoleSampleData.events(count: 10, firstSeq: 5001))
        #expect(h.driver.model.events.unseen == 10)
        #expect(h.driver.model.events.rows.count == 300)
        // Following again reloads the tail.
        await h.driver.press(.char("f"))
        #expect(h.driver.model.following)
        #expect(h.driver.model.events.rows.last?.seq == 5000)
    }

    @Test func filterAndInvertedFilter() async {
        let h = await Harness.started()
        await h.driver.press(.char("/"))
        await h.driver.type("runaway")
        #expect(h.driver.model.visibleIndices(.sessions).count == 1)
        await h.driver.press(.enter)
        #expect(h.driver.model.panes[.sessions]?.filter?.text == "runaway")
        await h.driver.press(.char("/"), .ctrl("u"))
        await h.driver.type("!run")
        await h.driver.press(.enter)
        #expect(h.driver.model.visibleIndices(.sessions).count == 4)  // the four rows without "run" (status or name)
        await h.driver.press(.esc)                                      // esc clears the filter, never quits
        #expect(h.driver.model.panes[.sessions]?.filter == nil)
        #expect(!h.driver.quit)
    }

    @Test func commandPromptCompletes() async {
        let h = await Harness.started()
        await h.driver.press(.char(":"))
        await h.driver.type("th")
        await h.driver.press(.tab)
        guard case .command(let editor, _, _)? = h.driver.model.prompt else { Issue.record("no prompt"); return }
        #expect(editor.text == "theme ")
        await h.driver.type("so")
        await h.driver.press(.tab)
        guard case .command(let editor2, _, _)? = h.driver.model.prompt else { Issue.record("no prompt"); return }
        #expect(editor2.text == "theme solarized-dark")
        await h.driver.press(.enter)
        #expect(h.driver.model.themeName == "solarized-dark")
        await h.driver.press(.char(":"))
        await h.driver.type("session ses_run")
        await h.driver.press(.tab, .enter)
        guard case .detail(let view)? = h.driver.model.overlay else { Issue.record("no detail"); return }
        #expect(view.subject == .session("ses_runaway99"))
        await h.driver.press(.char(":"))
        await h.driver.type("pa")                                      // unique ("p" is also :policy)
        await h.driver.press(.tab)
        guard case .command(let editor3, _, _)? = h.driver.model.prompt else { Issue.record("no prompt"); return }
        #expect(editor3.text == "pause ")
    }

    @Test func approveSendsTheCommand() async {
        let h = await Harness.started()
        await h.driver.press(.char("3"), .char("a"))                   // apr_0001, $0.50: below confirm_above
        #expect(h.backend.commands == [.approve(approvalID: "apr_0001")])
        #expect(!h.backend.pendingApprovalIDs.contains("apr_0001"))
        #expect(h.driver.model.approvals.map(\.id) == ["apr_0002"])
    }

    @Test func largeApprovalsConfirmWithCancelFocused() async {
        let h = await Harness.started()
        await h.driver.press(.char("3"), .char("j"), .char("a"))       // apr_0002, $25.00
        guard case .dialog(let dialog)? = h.driver.model.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.cancelFocused)
        await h.driver.press(.enter)                                     // enter on Cancel cancels
        #expect(h.backend.commands.isEmpty)
        await h.driver.press(.char("a"), .tab, .enter)
        #expect(h.backend.commands == [.approve(approvalID: "apr_0002")])
    }

    @Test func killNamesTheSessionAndNeedsConfirmation() async {
        let h = await Harness.started()
        // Sessions sorted live-first, newest first: runaway-scraper is the second row.
        let order = h.driver.model.sessions.map(\.id)
        let row = order.firstIndex(of: "ses_runaway99")!
        await h.driver.press(Array(repeating: Key.char("j"), count: row) + [.char("K")])
        guard case .dialog(let dialog)? = h.driver.model.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.cancelFocused)
        let facts = dialog.lines.map { "\($0.label): \($0.value)" }
        #expect(facts.contains("Session: runaway-scraper (ses_runaway99)"))
        #expect(facts.contains { $0.contains("apr_0002") && $0.contains("25.00 USDC") && $0.contains(ConsoleSampleData.payeeB) })
        await h.driver.press(.esc)
        #expect(h.backend.commands.isEmpty)
        await h.driver.press(.char("K"), .right, .enter)
        #expect(h.backend.commands == [.kill(sessionID: "ses_runaway99")])
        #expect(h.backend.sessionStatus("ses_runaway99") == .killed)
    }

    @Test func rejectWithReasonAndEditLowersTheAmount() async {
        let h = await Harness.started()
        await h.driver.press(.char("3"), .char("r"))
        await h.driver.type("too pricey")
        await h.driver.press(.tab, .enter)                                 // Cancel → Reject
        #expect(h.backend.commands == [.reject(approvalID: "apr_0001", reason: "too pricey")])
        await h.driver.press(.char("e"))                                   // apr_0002 now first
        await h.driver.press(.ctrl("u"))
        await h.driver.type("30")
        await h.driver.press(.tab, .tab, .tab, .enter)                     // amount → args → Cancel → Approve edited
        guard case .dialog(let dialog)? = h.driver.model.overlay else { Issue.record("dialog closed"); return }
        #expect(dialog.error?.contains("only go down") == true)
        #expect(dialog.focus == 0)                                         // back in the amount field
        await h.driver.press(.ctrl("u"))
        await h.driver.type("12.5")
        await h.driver.press(.tab, .tab, .tab, .enter)
        #expect(h.backend.commands.last == .edit(approvalID: "apr_0002", amount: "12.50", args: nil))
    }

    @Test func readOnlyRefusesEveryAction() async {
        let h = await Harness.started(options: ConsoleOptions(readOnly: true, environment: [:]))
        await h.driver.press(.char("3"), .char("a"), .char("r"), .char("e"), .char("K"), .char("p"), .char("P"))
        await h.driver.press(.char(":"))
        await h.driver.type("pause")
        await h.driver.press(.enter)
        #expect(h.backend.commands.isEmpty)
        #expect(h.driver.model.overlay == nil)
        #expect(h.driver.model.status?.text.contains("read-only") == true)
        #expect(!h.terminal.line(39).contains("approve"))
    }

    @Test func panicStopAndResume() async {
        let h = await Harness.started()
        await h.driver.press(.char("P"))
        guard case .dialog(let dialog)? = h.driver.model.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.cancelFocused && dialog.destructive)
        await h.driver.press(.tab, .enter)
        #expect(h.backend.globalPause)
        #expect(h.terminal.line(0).contains("ALL PAYMENTS PAUSED"))
        await h.driver.press(.char("P"))                                    // resuming needs no confirmation
        #expect(!h.backend.globalPause)
        #expect(h.backend.commands == [.pauseAll, .resumeAll])
    }

    @Test func approvalCountdownTurnsRed() async {
        let h = await Harness.started()
        let theme = ThemeLoader.defaultTheme.resolved(at: .ansi256)
        func style(of text: String) -> CellStyle? {
            for row in 0..<h.terminal.size.rows {
                let line = h.terminal.line(row)
                guard let range = line.range(of: text) else { continue }
                return h.terminal.cell(row: row, col: DisplayWidth.of(String(line[..<range.lowerBound]))).style
            }
            return nil
        }
        // apr_0002 expires in 20 s: danger; apr_0001 in 4 min: the approval colour.
        #expect(style(of: "20s") == theme[.danger])
        #expect(style(of: "4m00s") == theme[.approval])
        await h.driver.advance(ms: 1000)
        #expect(style(of: "19s") == theme[.danger])
        await h.driver.advance(ms: 20_000)
        #expect(style(of: "expired") == theme[.danger])
    }

    @Test func resizeIsDebounced() async {
        let h = await Harness.started(cols: 120, rows: 40)
        h.terminal.resize(rows: 24, cols: 80)
        _ = h.driver.engine.handle(.resize, now: h.clock.now().milliseconds)
        await h.driver.advance(ms: 10)
        #expect(h.driver.model.layout.size == TerminalSize(rows: 40, cols: 120))
        await h.driver.advance(ms: 40)
        #expect(h.driver.model.layout.size == TerminalSize(rows: 24, cols: 80))
        #expect(h.driver.model.layout.mode == .stacked)
        #expect(h.text.split(separator: "\n").count <= 24)
    }

    @Test func quitKeys() async {
        let h = await Harness.started()
        await h.driver.press(.esc, .esc)
        #expect(!h.driver.quit)
        await h.driver.press(.char("q"))
        #expect(h.driver.quit)
        let h2 = await Harness.started()
        await h2.driver.press(.ctrl("c"))
        #expect(h2.driver.quit)
    }
}
