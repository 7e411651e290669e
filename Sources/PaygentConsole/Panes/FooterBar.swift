import PaygentFoundation
/// The bottom bar: the focused pane's key hints (from the registry) and self-clearing status
/// messages; or the filter / command prompt while one is open.
enum FooterBar {
    static func draw(_ canvas: Canvas, model: ConsoleModel, registry: KeyRegistry, rect: Rect) {
        let base = canvas.theme[.footer]
        switch model.prompt {
        case .filter(let editor)?:
            let runs = [StyledRun("/", canvas.theme[.key]), StyledRun(UntrustedText(editor.text).value, canvas.theme[.input]),
                        StyledRun(canvas.glyphs.cursor, canvas.theme[.key]),
                        StyledRun("   enter keep · esc clear · start with ! to invert", canvas.theme[.dim])]
            canvas.line(runs, row: rect.row, col: rect.col, width: rect.width, pad: base)
            return
        case .command(let editor, let candidates, let cycle)?:
            var runs = [StyledRun(":", canvas.theme[.key]), StyledRun(UntrustedText(editor.text).value, canvas.theme[.input]),
                        StyledRun(canvas.glyphs.cursor, canvas.theme[.key])]
            if !candidates.isEmpty {
                runs.append(StyledRun("   ", base))
                for (index, candidate) in candidates.prefix(12).enumerated() {
                    runs.append(StyledRun(UntrustedText(candidate, maxWidth: 30).value + " ", canvas.theme[index == cycle ? .selection : .dim]))
                }
            } else {
                runs.append(StyledRun("   tab completes · " + ConsoleModel.commandNames.joined(separator: " "), canvas.theme[.dim]))
            }
            canvas.line(runs, row: rect.row, col: rect.col, width: rect.width, pad: base)
            return
        case nil:
            break
        }
        var hints: [StyledRun] = []
        let pane: PaneID
        if case .detail(let view)? = model.overlay { pane = view.pane } else { pane = model.focus }
        var list = registry.hints(for: pane)
        if case .dialog? = model.overlay {
            list = [("tab", "move", false), ("enter", "choose", false), ("esc", "cancel", false)]
        } else if case .help? = model.overlay {
            list = [("j/k", "scroll", false), ("esc", "close", false)]
        } else if case .detail? = model.overlay {
            list = [("esc", "back", false), ("j/k", "scroll", false)] + list.filter { !["detail", "zoom", "filter"].contains($0.label) }
        }
        for hint in list {
            hints.append(StyledRun(hint.key, hint.destructive ? canvas.theme[.danger] : canvas.theme[.key]))
            hints.append(StyledRun(" " + hint.label + "  ", base))
        }
        var statusRuns: [StyledRun] = []
        if let status = model.status {
            statusRuns = [StyledRun(" " + status.text + " ", canvas.theme[status.role])]
        }
        let statusWidth = min(canvas.runsWidth(statusRuns), rect.width * 2 / 3)
        let hintWidth = rect.width - statusWidth
        canvas.line(hints, row: rect.row, col: rect.col, width: hintWidth, pad: base)
        if statusWidth > 0 {
            canvas.terminal.put(runs: statusRuns, row: rect.row, col: rect.col + hintWidth, maxWidth: statusWidth)
        }
    }
}
