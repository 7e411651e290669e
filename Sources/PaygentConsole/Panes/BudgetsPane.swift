import PaygentEVM
import PaygentFoundation
/// The Budgets pane: a gauge per session budget and per daily limit, and the last hour's spend as a sparkline.
enum BudgetsPane {
    static func draw(_ canvas: Canvas, model: ConsoleModel, rect: Rect) {
        let focused = model.focus == .budgets
        let visible = model.visibleIndices(.budgets)
        let state = model.panes[.budgets] ?? PaneState()
        var title = [StyledRun(" 4 ", canvas.theme[focused ? .focus : .dim]), StyledRun("Budgets", canvas.theme[focused ? .focus : .title]),
                     StyledRun(" (\(model.budgets.count)) ", canvas.theme[.dim])]
        if let filter = state.filter { title.append(StyledRun("/" + UntrustedText(filter.typed, maxWidth: 30).value + " ", canvas.theme[.warn])) }
        canvas.box(rect, title: title, focused: focused)
        guard rect.height >= 3 else { return }
        let inner = rect.inner
        canvas.clear(inner)
        // Sparkline block at the bottom (3 rows: label, line, scale) when there is room.
        let sparkRows = inner.height >= 5 ? 3 : 0
        let listHeight = inner.height - sparkRows
        let labelWidth = min(18, max(8, inner.width / 4))
        let amountWidth = min(19, max(9, inner.width / 4))
        let percentWidth = 5
        let gaugeWidth = max(1, inner.width - labelWidth - amountWidth - percentWidth - 3)
        // Heading row.
        let heading = DisplayWidth.fit("BUDGET", to: labelWidth) + " " + DisplayWidth.fit("USED", to: gaugeWidth) + " "
            + DisplayWidth.fit("%", to: percentWidth, alignRight: true) + " " + DisplayWidth.fit("SPENT/LIMIT", to: amountWidth, alignRight: true)
        let showHeading = inner.height >= 2
        if showHeading { canvas.terminal.put(heading, row: inner.row, col: inner.col, style: canvas.theme[.dim], maxWidth: inner.width) }
        let firstRow = showHeading ? inner.row + 1 : inner.row
        if visible.isEmpty, listHeight > (showHeading ? 1 : 0) {
            canvas.terminal.put(model.loaded ? " No budget or limit in use yet — `paygent policy show` lists them." : model.loadError.map { " Could not load: " + $0 } ?? " Loading…", row: firstRow, col: inner.col,
                                style: canvas.theme[.text], maxWidth: inner.width)
        }
        for line in 0..<max(0, listHeight - (showHeading ? 1 : 0)) {
            let position = state.top + line
            guard position < visible.count else { break }
            let budget = model.budgets[visible[position]]
            let selected = focused && position == state.selected
            let permille = budget.spent.permille(of: budget.limit)
            let level: ThemeRole = permille >= 900 ? .danger : permille >= 700 ? .warn : .gauge
            let labelStyle = selected ? canvas.theme[.selection] : canvas.theme[.text]
            var runs = [StyledRun(DisplayWidth.fit(budget.label.value, to: labelWidth), labelStyle), StyledRun(" ", canvas.theme[.text])]
            runs += canvas.gauge(permille: permille, width: gaugeWidth, fill: canvas.theme[level], empty: canvas.theme[.gaugeEmpty])
            runs.append(StyledRun(" " + DisplayWidth.fit("\(permille / 10)%", to: percentWidth, alignRight: true) + " ", canvas.theme[level == .gauge ? .text : level]))
            runs.append(StyledRun(DisplayWidth.fit(budget.spent.compactText + "/" + budget.limit.compactText, to: amountWidth, alignRight: true), canvas.theme[.money]))
            canvas.line(runs, row: firstRow + line, col: inner.col, width: inner.width, pad: canvas.theme[.text])
        }
        guard sparkRows > 0 else { return }
        let base = inner.row + listHeight
        let total = model.spendSeries.reduce(UInt256.zero) { $0.addingReportingOverflow(UInt256($1)).partialValue }
        let peak = model.spendSeries.max() ?? 0
        let label = "Spend, last hour: " + TokenAmount.usd(micros: total).text + "  (peak " + TokenAmount.usd(micros: UInt256(peak)).text + "/min)"
        canvas.terminal.put(label, row: base, col: inner.col, style: canvas.theme[.dim], maxWidth: inner.width)
        canvas.terminal.put(canvas.sparkline(model.spendSeries, width: min(inner.width, 60)), row: base + 1, col: inner.col,
                            style: canvas.theme[.sparkline], maxWidth: inner.width)
        let scaleWidth = min(inner.width, 60)
        let scale = DisplayWidth.fit("-\(scaleWidth)m", to: scaleWidth - 3) + "now"
        canvas.terminal.put(scale, row: base + 2, col: inner.col, style: canvas.theme[.dim], maxWidth: inner.width)
    }
}
