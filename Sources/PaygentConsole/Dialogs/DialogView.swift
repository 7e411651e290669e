import PaygentFoundation
/// Draws a dialog centred over the panes: title, facts, warning, fields, and the two buttons.
enum DialogView {
    /// Word-wraps `text` to lines of at most `width` cells.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 4 else { return [DisplayWidth.truncate(text, to: max(1, width))] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if DisplayWidth.of(candidate) <= width {
                current = candidate
            } else {
                if !current.isEmpty { lines.append(current) }
                current = DisplayWidth.truncate(String(word), to: width)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func draw(_ canvas: Canvas, dialog: Dialog, area: Rect) {
        let width = min(area.width - 2, 72)
        let warningLines = dialog.warning.map { wrap($0, width: width - 4) } ?? []
        let labelWidth = 11
        // Facts wrap under their value column, so long reasons are read whole.
        let valueWidth = max(8, width - 4 - labelWidth - 1)
        let facts = dialog.lines.map { line in (line, wrap(line.value.value, width: valueWidth)) }
        let factRows = facts.reduce(0) { $0 + max(1, $1.1.count) }
        var height = 2 + factRows + 1 + 2   // border, facts, blank, buttons + blank
        if !warningLines.isEmpty { height += 1 + warningLines.count }
        height += dialog.fields.count * 2
        if dialog.error != nil { height += 1 }
        let rect = area.centered(width: width, height: min(height, area.height))
        canvas.clear(rect, role: .dialog)
        let titleRole: ThemeRole = dialog.destructive ? .danger : .focus
        canvas.box(rect, title: [StyledRun(" " + dialog.title + " ", canvas.theme[titleRole])], focused: true)
        let inner = rect.inner
        var row = inner.row
        func put(_ runs: [StyledRun]) {
            guard row < inner.bottom else { return }
            canvas.line([StyledRun(" ", canvas.theme[.dialog])] + runs, row: row, col: inner.col, width: inner.width, pad: canvas.theme[.dialog])
            row += 1
        }
        for (line, wrapped) in facts {
            let role: ThemeRole = line.label == "Amount" ? .money : .dialog
            for (index, part) in (wrapped.isEmpty ? [""] : wrapped).enumerated() {
                let label = index == 0 ? line.label : ""
                put([StyledRun(DisplayWidth.fit(label, to: labelWidth) + " ", canvas.theme[.dim]), StyledRun(part, canvas.theme[role])])
            }
        }
        if !warningLines.isEmpty {
            put([])
            for line in warningLines { put([StyledRun(line, canvas.theme[dialog.destructive ? .warn : .dim])]) }
        }
        for (index, field) in dialog.fields.enumerated() {
            put([])
            let focused = dialog.focus == index
            let fieldWidth = max(4, inner.width - labelWidth - 4)
            var text = UntrustedText(field.editor.text, maxWidth: 4000).value
            if DisplayWidth.of(text) >= fieldWidth { text = canvas.glyphs.ellipsis + String(text.suffix(fieldWidth - 2)) }
            let shown = DisplayWidth.fit(text + (focused ? canvas.glyphs.cursor : ""), to: fieldWidth)
            put([StyledRun(DisplayWidth.fit(field.label, to: labelWidth) + " ", canvas.theme[focused ? .focus : .dim]),
                 StyledRun(shown, canvas.theme[.input])])
        }
        if let error = dialog.error { put([StyledRun(error, canvas.theme[.danger])]) }
        // Buttons on the last inner row, right-aligned: [ Cancel ]  [ Kill ].
        let buttonRow = inner.bottom - 1
        guard buttonRow >= inner.row else { return }
        let cancel = dialog.cancelFocused ? "[ Cancel ]" : "  Cancel  "
        let confirm = dialog.confirmFocused ? "[ \(dialog.confirmLabel) ]" : "  \(dialog.confirmLabel)  "
        let cancelStyle = dialog.cancelFocused ? canvas.theme[.selection] : canvas.theme[.dialog]
        var confirmStyle = dialog.confirmFocused ? canvas.theme[.selection] : canvas.theme[dialog.destructive ? .danger : .ok]
        if dialog.confirmFocused && dialog.destructive { confirmStyle = canvas.theme[.danger].adding(.reverse) }
        let total = DisplayWidth.of(cancel) + 2 + DisplayWidth.of(confirm)
        let col = inner.col + max(0, inner.width - total - 1)
        canvas.terminal.put(cancel, row: buttonRow, col: col, style: cancelStyle, maxWidth: inner.width)
        canvas.terminal.put(confirm, row: buttonRow, col: col + DisplayWidth.of(cancel) + 2, style: confirmStyle, maxWidth: inner.width)
    }
}
