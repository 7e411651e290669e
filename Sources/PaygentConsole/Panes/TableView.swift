import PaygentFoundation
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
        if let sort = state.sort {
            right.insert(StyledRun(" sort " + sort.label(glyphs: canvas.glyphs) + " ", canvas.theme[.title]), at: 0)
        }
        if let filter = state.filter {
            right.insert(StyledRun(" /" + UntrustedText(filter.typed, maxWidth: 30).value + " ", canvas.theme[.warn]), at: 0)
        }
        canvas.box(rect, title: title, right: right, focused: focused)
        guard rect.height >= 3 else { return }
        let inner = rect.inner
        // Rows are painted edge to edge below; only what they leave is cleared.
        var painted = 0
        defer {
            if painted < inner.height {
                canvas.clear(Rect(row: inner.row + painted, col: inner.col, width: inner.width, height: inner.height - painted))
            }
        }
        let fitted = Column.fit(columns, total: inner.width)
        // A one-row pane (stacked layout) shows its selected row instead of the headings.
        let showHeadings = inner.height >= 2
        // Headings.
        var headings: [StyledRun] = []
        for (index, column) in fitted.enumerated() {
            if index > 0 { headings.append(StyledRun(" ", canvas.theme[.dim])) }
            headings.append(StyledRun(DisplayWidth.fit(column.title, to: column.width, alignRight: column.right), canvas.theme[.dim]))
        }
        if showHeadings {
            canvas.line(headings, row: inner.row, col: inner.col, width: inner.width, pad: canvas.theme[.text])
            painted = 1
        }
        let firstRow = showHeadings ? inner.row + 1 : inner.row
        let height = showHeadings ? inner.height - 1 : inner.height
        guard height > 0 else { return }
        if visible.isEmpty {
            let lines: [String]
            if state.filter != nil {
                lines = ["No rows match the filter (esc clears it)."]
            } else if let error = model.loadError, !model.loaded {
                lines = ["Could not load: " + error, "Retrying every few seconds; check the store or server."]
            } else {
                lines = model.loaded ? empty : ["Loading…"]
            }
            // Wrapped to the pane, so a hint is read whole rather than cut mid-command.
            let wrapped = lines.flatMap { DialogView.wrap($0, width: inner.width - 1) }
            for (offset, text) in wrapped.prefix(height).enumerated() {
                canvas.line([StyledRun(" " + text, canvas.theme[offset == 0 ? .text : .dim])], row: firstRow + offset,
                            col: inner.col, width: inner.width, pad: canvas.theme[.text])
                painted += 1
            }
            return
        }
        for line in 0..<height {
            let position = state.top + line
            guard position < visible.count else { break }
            let record = visible[position]
            let selected = focused && position == state.selected
            let override = rowRole(record)
            let row = firstRow + line
            let plain = selected ? canvas.theme[.selection] : canvas.theme[.text]
            var x = inner.col
            for (index, column) in fitted.enumerated() {
                if index > 0 {
                    guard x < inner.right else { break }
                    canvas.terminal.put(" ", row: row, col: x, style: plain, maxWidth: 1)
                    x += 1
                }
                let width = min(column.width, inner.right - x)
                guard width > 0 else { break }
                let (text, role) = cell(record, column.title)
                let style = selected ? canvas.theme[.selection] : canvas.theme[override ?? role]
                canvas.cell(text, row: row, col: x, width: width, alignRight: column.right, style: style)
                x += width
            }
            if x < inner.right { canvas.terminal.fill(Rect(row: row, col: x, width: inner.right - x, height: 1), style: plain) }
            painted += 1
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
