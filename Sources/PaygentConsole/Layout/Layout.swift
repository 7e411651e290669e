/// Where everything goes on screen: a pure function of terminal size, focused pane and zoom.
public struct ScreenLayout: Hashable, Sendable {
    /// How the body is arranged.
    public enum Mode: Hashable, Sendable {
        /// Two columns (wide terminals).
        case wide
        /// Panes stacked top to bottom, the focused one taller (narrow terminals, lazygit's portrait mode).
        case stacked
        /// One pane fills the body (`z`).
        case zoomed
        /// The terminal is below the minimum size; only a message is shown.
        case tooSmall
    }

    public var size: TerminalSize
    public var mode: Mode
    public var header: Rect
    public var footer: Rect
    /// The area between header and footer.
    public var body: Rect
    /// Rectangles of the visible panes (absent when hidden: zoom or too small). A pane of height 1
    /// is collapsed to its title line.
    public var panes: [PaneID: Rect]

    /// Below this many columns the body stacks.
    public static let stackBelowColumns = 100
    /// The two-column layout needs this many body rows (three panes of at least five rows on the right).
    public static let wideMinimumBodyHeight = 15
    /// The minimum usable size; below it the console shows "terminal too small".
    public static let minimumSize = TerminalSize(rows: 10, cols: 40)

    /// Computes the layout. Pure and cheap; called on every resize and focus change.
    public static func compute(size: TerminalSize, focus: PaneID, zoom: Bool) -> ScreenLayout {
        let cols = max(0, size.cols), rows = max(0, size.rows)
        if cols < minimumSize.cols || rows < minimumSize.rows {
            let all = Rect(row: 0, col: 0, width: cols, height: rows)
            return ScreenLayout(size: size, mode: .tooSmall, header: .zero, footer: .zero, body: all, panes: [:])
        }
        let header = Rect(row: 0, col: 0, width: cols, height: 1)
        let footer = Rect(row: rows - 1, col: 0, width: cols, height: 1)
        let body = Rect(row: 1, col: 0, width: cols, height: rows - 2)
        if zoom {
            return ScreenLayout(size: size, mode: .zoomed, header: header, footer: footer, body: body, panes: [focus: body])
        }
        if cols < stackBelowColumns || body.height < wideMinimumBodyHeight {
            return ScreenLayout(size: size, mode: .stacked, header: header, footer: footer, body: body,
                                panes: stacked(body: body, focus: focus))
        }
        return ScreenLayout(size: size, mode: .wide, header: header, footer: footer, body: body, panes: wide(body: body))
    }

    /// Wide: left column (60%) Sessions over Events; right column Approvals, Budgets, Payments.
    static func wide(body: Rect) -> [PaneID: Rect] {
        let leftWidth = body.width * 3 / 5
        let rightWidth = body.width - leftWidth
        let sessionsHeight = max(5, body.height * 2 / 5)
        let left = split(total: body.height, weights: [sessionsHeight, body.height - sessionsHeight], minimum: 3)
        let right = split(total: body.height, weights: [1, 1, 1], minimum: 3)
        var panes: [PaneID: Rect] = [:]
        panes[.sessions] = Rect(row: body.row, col: body.col, width: leftWidth, height: left[0])
        panes[.events] = Rect(row: body.row + left[0], col: body.col, width: leftWidth, height: left[1])
        var row = body.row
        for (index, pane) in [PaneID.approvals, .budgets, .payments].enumerated() {
            panes[pane] = Rect(row: row, col: body.col + leftWidth, width: rightWidth, height: right[index])
            row += right[index]
        }
        return panes
    }

    /// Stacked: every pane gets a small box (or a one-line title when space is short); the focused
    /// pane gets the rest.
    static func stacked(body: Rect, focus: PaneID) -> [PaneID: Rect] {
        let others = PaneID.allCases.filter { $0 != focus }
        let focusMinimum = 5
        var heights: [PaneID: Int] = [:]
        if body.height - 4 * 3 >= focusMinimum {
            // Every other pane as a box of 3–6 rows; the focused one gets the rest.
            let small = min(6, max(3, (body.height - max(focusMinimum, body.height / 2)) / 4))
            for pane in others { heights[pane] = small }
        } else {
            // Short terminal: other panes shrink to their title line, and drop out when even that does not fit.
            var spare = max(0, body.height - focusMinimum)
            for pane in others where spare > 0 {
                heights[pane] = 1
                spare -= 1
            }
        }
        heights[focus] = body.height - heights.values.reduce(0, +)
        var panes: [PaneID: Rect] = [:]
        var row = body.row
        for pane in PaneID.allCases {
            let h = heights[pane] ?? 0
            if h > 0 { panes[pane] = Rect(row: row, col: body.col, width: body.width, height: h) }
            row += h
        }
        return panes
    }

    /// Splits `total` proportionally to `weights`, each part at least `minimum` when possible;
    /// the parts always sum to `total`.
    static func split(total: Int, weights: [Int], minimum: Int) -> [Int] {
        let sum = max(1, weights.reduce(0, +))
        var parts = weights.map { max(minimum, total * $0 / sum) }
        var excess = parts.reduce(0, +) - total
        var index = parts.count - 1
        while excess > 0, parts.contains(where: { $0 > minimum }) {
            if parts[index] > minimum { parts[index] -= 1; excess -= 1 }
            index = index == 0 ? parts.count - 1 : index - 1
        }
        if excess < 0 { parts[parts.count - 1] -= excess }
        return parts
    }
}
