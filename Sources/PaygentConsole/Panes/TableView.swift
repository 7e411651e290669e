/// Draws a bordered table pane: title, column headings, the visible slice of rows, selection.
struct TableView {
    var pane: PaneID
    var columns: [Column]
    /// Text and role of a cell: (record index, column title) → run.
    var cell: (Int, String) -> (String, ThemeRole)
    /// Role for a whole row, overriding cell roles (nil: cell roles).
    var rowRole: (Int) -> ThemeRole? = { _ in nil }
    /// Lines shown when there are no rows.
    var empty: [String]
    /// Extra text at the right of the title bar.
    var right: [StyledRun] = []

    func draw(_ canvas: Canvas, model: ConsoleModel, rect: Rect) {
        let focused = model.focus == pane
        let visible = model.visibleIndices(pane)
        let state = model.panes[pane] ?? PaneState()
        let total = totalCount(model)
        var title = [StyledRun(" \(pane.rawValue) ", canvas.theme[focused ? .focus : .dim]),
                     StyledRun(pane.title, canvas.theme[focused ? .focus : .title])]
        let countText = visible.count == total ? " (\(total)) " : " (\(visible.count)/\(total)) "
        title.append(StyledRun(countText, canvas.theme[.dim]))
        var right = self.right
        if let filter = state.filter {
            right.insert(StyledRun(" /" + SafeText(filter.typed, maxWidth: 30).value + " ", canvas.theme[.warn]), at: 0)
        }
        canvas.box(rect, title: title, right: right, focused: focused)
        guard rect.height >= 3 else { return }
        let inner = rect.inner
        canvas.clear(inner)
        let fitted = Column.fit(columns, total: inner.width)
        // A one-row pane (stacked layout) shows its selected row instead of the headings.
        let showHeadings = inner.height >= 2
        // Headings.
        var headings: [StyledRun] = []
        for (index, column) in fitted.enumerated() {
            if index > 0 { headings.append(StyledRun(" ", canvas.theme[.dim])) }
            headings.append(StyledRun(DisplayWidth.fit(column.title, to: column.width, alignRight: column.right), canvas.theme[.dim]))
        }
        if showHeadings { canvas.line(headings, row: inner.row, col: inner.col, width: inner.width, pad: canvas.theme[.text]) }
        let firstRow = showHeadings ? inner.row + 1 : inner.row
        let height = showHeadings ? inner.height - 1 : inner.height
        guard height > 0 else { return }
        if visible.isEmpty {
            let lines = state.filter != nil ? ["No rows match the filter (esc clears it)."] : empty
            for (offset, text) in lines.prefix(height).enumerated() {
                canvas.terminal.put(" " + text, row: firstRow + offset, col: inner.col, style: canvas.theme[offset == 0 ? .text : .dim], maxWidth: inner.width)
            }
            return
        }
        for line in 0..<height {
            let position = state.top + line
            guard position < visible.count else { break }
            let record = visible[position]
            let selected = focused && position == state.selected
            let override = rowRole(record)
            var runs: [StyledRun] = []
            for (index, column) in fitted.enumerated() {
                let (text, role) = cell(record, column.title)
                let style = selected ? canvas.theme[.selection] : canvas.theme[override ?? role]
                if index > 0 { runs.append(StyledRun(" ", selected ? canvas.theme[.selection] : canvas.theme[.text])) }
                runs.append(StyledRun(DisplayWidth.fit(text, to: column.width, alignRight: column.right), style))
            }
            canvas.line(runs, row: firstRow + line, col: inner.col, width: inner.width,
                        pad: selected ? canvas.theme[.selection] : canvas.theme[.text])
        }
    }

    func totalCount(_ model: ConsoleModel) -> Int {
        switch pane {
        case .sessions: return model.sessions.count
        case .events: return model.events.rows.count
        case .approvals: return model.approvals.count
        case .budgets: return model.budgets.count
        case .payments: return model.payments.count
        }
    }
}
