import Testing
import PaygentFoundation
@testable import PaygentConsole

/// Whole-frame snapshots (text + styles) of scripted key sequences, stored under Snapshots/.
/// Re-record with PAYGENT_RECORD_SNAPSHOTS=1.
@Suite struct FrameSnapshotTests {
    static let scenarios: [(name: String, cols: Int, rows: Int, keys: [Key])] = [
        ("startup-120x40", 120, 40, []),
        ("startup-80x24", 80, 24, []),
        ("startup-200x60", 200, 60, []),
        ("startup-60x20", 60, 20, []),
        ("too-small-30x8", 30, 8, []),
        ("focus-events-120x40", 120, 40, [.char("2")]),
        ("focus-approvals-120x40", 120, 40, [.char("3")]),
        ("focus-budgets-120x40", 120, 40, [.char("4")]),
        ("focus-payments-120x40", 120, 40, [.tab, .tab, .tab, .tab]),
        ("focus-approvals-80x24", 80, 24, [.char("3")]),
        ("zoom-events-120x40", 120, 40, [.char("2"), .char("z")]),
        ("zoom-payments-80x24", 80, 24, [.char("5"), .char("z")]),
        ("help-120x40", 120, 40, [.char("?")]),
        ("filter-typing-120x40", 120, 40, [.char("/"), .char("r"), .char("u"), .char("n")]),
        ("filter-inverted-120x40", 120, 40, [.char("2"), .char("/"), .char("!"), .char("l"), .char("o"), .char("g"), .enter]),
        ("command-completion-120x40", 120, 40, [.char(":"), .char("t"), .char("h"), .tab, .tab]),
        ("dialog-kill-120x40", 120, 40, [.char("j"), .char("K")]),
        ("dialog-reject-120x40", 120, 40, [.char("3"), .char("r"), .char("s"), .char("p"), .char("a"), .char("m")]),
        ("dialog-edit-120x40", 120, 40, [.char("3"), .char("e")]),
        ("dialog-approve-large-120x40", 120, 40, [.char("3"), .char("j"), .char("a")]),
        ("dialog-pause-all-80x24", 80, 24, [.char("P")]),
        ("detail-approval-120x40", 120, 40, [.char("3"), .enter]),
        ("detail-payment-120x40", 120, 40, [.char("5"), .enter]),
        ("detail-session-120x40", 120, 40, [.enter]),
        ("detail-event-120x40", 120, 40, [.char("2"), .enter]),
        ("events-frozen-120x40", 120, 40, [.char("2"), .char("k"), .char("k"), .char("k")]),
    ]

    @Test(arguments: 0..<FrameSnapshotTests.scenarios.count)
    func scenario(_ index: Int) async {
        let s = Self.scenarios[index]
        let h = await Harness.started(cols: s.cols, rows: s.rows)
        await h.driver.press(s.keys)
        Snapshot.check(Snapshot.frame(h.terminal), named: "frame-" + s.name)
        for row in 0..<s.rows { #expect(DisplayWidth.of(h.terminal.line(row)) == s.cols) }
    }

    @Test func readOnlyFrame() async {
        let h = await Harness.started(options: ConsoleOptions(readOnly: true, environment: [:]))
        await h.driver.press(.char("3"))
        Snapshot.check(Snapshot.frame(h.terminal), named: "frame-read-only-120x40")
    }

    @Test func asciiFallbackFrame() async {
        let h = await Harness.started(cols: 100, rows: 30, unicode: false)
        Snapshot.check(Snapshot.frame(h.terminal, styles: false), named: "frame-ascii-100x30")
        #expect(h.text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    /// Each theme at each colour depth, with the approvals pane focused and a dialog open so that
    /// selection, danger, approval, money and dialog roles all appear.
    @Test(arguments: ThemeLoader.builtinNames, ColorDepth.allCases)
    func themeAtDepth(_ theme: String, _ depth: ColorDepth) async {
        let h = await Harness.started(cols: 100, rows: 30, depth: depth, options: ConsoleOptions(theme: theme, environment: [:]))
        await h.driver.press(.char("3"), .char("j"), .char("r"))
        Snapshot.check(Snapshot.frame(h.terminal), named: "theme-\(theme)-\(depth)")
        #expect(h.driver.engine.depth == depth)
        if depth == .mono {
            for row in 0..<30 { for col in 0..<100 {
                let style = h.terminal.cell(row: row, col: col).style
                #expect(style.fg == .default && style.bg == .default)
            } }
        }
    }

    @Test func noColorEnvironmentForcesMono() async {
        let h = await Harness.started(depth: .truecolor, options: ConsoleOptions(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor", "TERM": "xterm-256color"]))
        #expect(h.driver.engine.depth == .mono)
    }
}
