import PaygentFoundation
/// The `?` screen, generated from the key registry.
enum HelpOverlay {
    static func draw(_ canvas: Canvas, registry: KeyRegistry, scroll: Int, area: Rect) {
        var lines: [[StyledRun]] = []
        for section in registry.helpSections() {
            if !lines.isEmpty { lines.append([]) }
            lines.append([StyledRun(section.title, canvas.theme[.title])])
            for row in section.rows {
                var runs = [StyledRun("  " + DisplayWidth.fit(row.keys, to: 16), canvas.theme[row.destructive ? .danger : .key]),
                            StyledRun(row.help, canvas.theme[.dialog])]
                if row.destructive { runs.append(StyledRun("  (asks first)", canvas.theme[.dim])) }
                lines.append(runs)
            }
        }
        if registry.readOnly {
            lines.insert([StyledRun("Read-only mode: actions are hidden and refused.", canvas.theme[.warn])], at: 0)
        }
        let width = min(area.width - 4, 92)
        let height = min(area.height - 2, lines.count + 2)
        let rect = area.centered(width: width, height: height)
        canvas.clear(rect, role: .dialog)
        canvas.box(rect, title: [StyledRun(" Keys ", canvas.theme[.focus])], right: [StyledRun(" esc closes ", canvas.theme[.dim])], focused: true)
        let inner = rect.inner
        let maxScroll = max(0, lines.count - inner.height)
        let start = min(scroll, maxScroll)
        for (offset, runs) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            canvas.line([StyledRun(" ", canvas.theme[.dialog])] + runs, row: inner.row + offset, col: inner.col, width: inner.width, pad: canvas.theme[.dialog])
        }
    }
}
