import Testing
@testable import PaygentConsole

/// Layout is a pure function of size, focus and zoom; these goldens pin it down.
@Suite struct LayoutTests {
    /// Draws a layout as ASCII: header row of `=`, footer row of `_`, each pane as a `+-|` box with
    /// its number and name, and the "too small" case as a message.
    static func ascii(_ layout: ScreenLayout) -> String {
        let rows = layout.size.rows, cols = layout.size.cols
        var grid = Array(repeating: Array(repeating: Character(" "), count: cols), count: rows)
        func put(_ text: String, _ r: Int, _ c: Int) {
            for (i, ch) in text.enumerated() where r >= 0 && r < rows && c + i >= 0 && c + i < cols { grid[r][c + i] = ch }
        }
        if layout.mode == .tooSmall {
            for r in 0..<rows { for c in 0..<cols { grid[r][c] = "." } }
            put("too small", rows / 2, max(0, (cols - 9) / 2))
        } else {
            for c in 0..<cols { grid[layout.header.row][c] = "="; grid[layout.footer.row][c] = "_" }
            for (pane, rect) in layout.panes {
                if rect.height == 1 {
                    for c in rect.col..<rect.right { grid[rect.row][c] = "-" }
                } else {
                    for c in rect.col..<rect.right { grid[rect.row][c] = "-"; grid[rect.bottom - 1][c] = "-" }
                    for r in rect.row..<rect.bottom { grid[r][rect.col] = "|"; grid[r][rect.right - 1] = "|" }
                    for (r, c) in [(rect.row, rect.col), (rect.row, rect.right - 1), (rect.bottom - 1, rect.col), (rect.bottom - 1, rect.right - 1)] {
                        grid[r][c] = "+"
                    }
                }
                put("\(pane.rawValue) \(pane.title)", rect.row, rect.col + 2)
            }
        }
        return grid.map { String($0) }.joined(separator: "\n") + "\n"
    }

    static let cases: [(cols: Int, rows: Int, focus: PaneID, zoom: Bool)] = [
        (80, 24, .sessions, false), (120, 40, .sessions, false), (200, 60, .events, false), (100, 30, .approvals, false),
        (99, 30, .approvals, false), (60, 20, .sessions, false), (40, 10, .payments, false), (40, 12, .events, false),
        (120, 40, .budgets, true), (39, 10, .sessions, false), (20, 5, .sessions, false),
    ]

    @Test(arguments: 0..<LayoutTests.cases.count)
    func golden(_ index: Int) {
        let c = Self.cases[index]
        let layout = ScreenLayout.compute(size: TerminalSize(rows: c.rows, cols: c.cols), focus: c.focus, zoom: c.zoom)
        Snapshot.check(Self.ascii(layout), named: "layout-\(c.cols)x\(c.rows)-\(c.focus)\(c.zoom ? "-zoom" : "")")
    }

    @Test func panesTileTheBodyExactly() {
        for cols in stride(from: 40, through: 240, by: 7) {
            for rows in stride(from: 10, through: 80, by: 5) {
                for focus in PaneID.allCases {
                    let layout = ScreenLayout.compute(size: TerminalSize(rows: rows, cols: cols), focus: focus, zoom: false)
                    var covered = Array(repeating: 0, count: rows * cols)
                    for rect in layout.panes.values {
                        #expect(rect.row >= layout.body.row && rect.bottom <= layout.body.bottom && rect.col >= 0 && rect.right <= cols)
                        for r in rect.row..<rect.bottom { for c in rect.col..<rect.right { covered[r * cols + c] += 1 } }
                    }
                    let body = (layout.body.row..<layout.body.bottom).flatMap { r in (0..<cols).map { covered[r * cols + $0] } }
                    #expect(body.allSatisfy { $0 == 1 }, "\(cols)x\(rows) focus \(focus)")
                    #expect(layout.panes[focus].map { $0.height >= 5 } ?? false, "focused pane too small at \(cols)x\(rows)")
                }
            }
        }
    }

    @Test func modes() {
        #expect(ScreenLayout.compute(size: TerminalSize(rows: 40, cols: 100), focus: .sessions, zoom: false).mode == .wide)
        #expect(ScreenLayout.compute(size: TerminalSize(rows: 40, cols: 99), focus: .sessions, zoom: false).mode == .stacked)
        #expect(ScreenLayout.compute(size: TerminalSize(rows: 9, cols: 200), focus: .sessions, zoom: false).mode == .tooSmall)
        #expect(ScreenLayout.compute(size: TerminalSize(rows: 0, cols: 0), focus: .sessions, zoom: false).mode == .tooSmall)
        let zoomed = ScreenLayout.compute(size: TerminalSize(rows: 30, cols: 90), focus: .events, zoom: true)
        #expect(zoomed.mode == .zoomed && zoomed.panes.keys.sorted(by: { $0.rawValue < $1.rawValue }) == [.events])
    }
}
