import PaygentFoundation
/// The detail view opened with `enter`: labelled lines, scrollable.
enum DetailOverlay {
    static func draw(_ canvas: Canvas, view: DetailView, area: Rect) {
        let rect = Rect(row: area.row, col: area.col, width: area.width, height: area.height)
        canvas.clear(rect, role: .dialog)
        canvas.box(rect, title: [StyledRun(" " + view.title + " ", canvas.theme[.focus])],
                   right: [StyledRun(" esc back ", canvas.theme[.dim])], focused: true)
        guard rect.height > 2 else { return }
        let inner = rect.inner
        let all = view.lines + view.extra
        let labelWidth = min(14, max(8, inner.width / 5))
        let maxScroll = max(0, all.count - inner.height)
        let start = min(view.scroll, maxScroll)
        for (offset, line) in all.dropFirst(start).prefix(inner.height).enumerated() {
            let runs = [StyledRun(" " + DisplayWidth.fit(line.label, to: labelWidth) + " ", canvas.theme[.dim]),
                        StyledRun(line.value.value, canvas.theme[.dialog])]
            canvas.line(runs, row: inner.row + offset, col: inner.col, width: inner.width, pad: canvas.theme[.dialog])
        }
    }
}
