import PaygentFoundation
/// Drawing helpers shared by panes, header, footer and overlays.
struct Canvas {
    let terminal: any Terminal
    let theme: ResolvedTheme
    let glyphs: Glyphs

    /// Draws a box with a title in its top border; a rect of height 1 draws just the title line.
    func box(_ rect: Rect, title: [StyledRun], right: [StyledRun] = [], focused: Bool) {
        guard rect.width >= 2, rect.height >= 1 else { return }
        let border = focused ? theme[.focus] : theme[.border]
        let inner = rect.width - 2
        // Top line: corner, title, fill, right text, corner.
        let top = rect.height == 1 ? glyphs.horizontal : glyphs.topLeft
        let topEnd = rect.height == 1 ? glyphs.horizontal : glyphs.topRight
        terminal.put(top, row: rect.row, col: rect.col, style: border, maxWidth: 1)
        var used = terminal.put(glyphs.horizontal, row: rect.row, col: rect.col + 1, style: border, maxWidth: inner)
        used += terminal.put(runs: title, row: rect.row, col: rect.col + 1 + used, maxWidth: max(0, inner - used - 1))
        let rightWidth = min(runsWidth(right), max(0, inner - used - 2))
        let fill = inner - used - rightWidth - (rightWidth > 0 ? 1 : 0)
        if fill > 0 {
            terminal.put(String(repeating: glyphs.horizontal, count: fill), row: rect.row, col: rect.col + 1 + used, style: border, maxWidth: fill)
            used += fill
        }
        if rightWidth > 0 {
            used += terminal.put(runs: right, row: rect.row, col: rect.col + 1 + used, maxWidth: rightWidth)
            used += terminal.put(glyphs.horizontal, row: rect.row, col: rect.col + 1 + used, style: border, maxWidth: 1)
        }
        if used < inner {
            terminal.put(String(repeating: glyphs.horizontal, count: inner - used), row: rect.row, col: rect.col + 1 + used, style: border, maxWidth: inner - used)
        }
        terminal.put(topEnd, row: rect.row, col: rect.right - 1, style: border, maxWidth: 1)
        guard rect.height >= 2 else { return }
        for r in (rect.row + 1)..<(rect.bottom - 1) {
            terminal.put(glyphs.vertical, row: r, col: rect.col, style: border, maxWidth: 1)
            terminal.put(glyphs.vertical, row: r, col: rect.right - 1, style: border, maxWidth: 1)
        }
        terminal.put(glyphs.bottomLeft + String(repeating: glyphs.horizontal, count: inner) + glyphs.bottomRight,
                     row: rect.bottom - 1, col: rect.col, style: border, maxWidth: rect.width)
    }

    func runsWidth(_ runs: [StyledRun]) -> Int { runs.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    /// Fills a rect with blanks in the text style.
    func clear(_ rect: Rect, role: ThemeRole = .text) {
        terminal.fill(rect, style: theme[role])
    }

    /// Writes one line of runs, padding the rest of `width` with blanks in `padStyle`.
    func line(_ runs: [StyledRun], row: Int, col: Int, width: Int, pad padStyle: CellStyle) {
        guard width > 0 else { return }
        let used = terminal.put(runs: runs, row: row, col: col, maxWidth: width)
        if used < width { terminal.fill(Rect(row: row, col: col + used, width: width - used, height: 1), style: padStyle) }
    }

    /// Writes `text` into exactly `width` cells: clipped with an ellipsis when too long, padded with
    /// blanks (on the left when `alignRight`) when short — ``DisplayWidth/fit(_:to:alignRight:)``
    /// without building the padded string.
    func cell(_ text: String, row: Int, col: Int, width: Int, alignRight: Bool, style: CellStyle) {
        guard width > 0 else { return }
        let clipped = DisplayWidth.truncateIdentifier(text, to: width)
        let pad = max(0, width - DisplayWidth.of(clipped))
        if alignRight {
            if pad > 0 { terminal.fill(Rect(row: row, col: col, width: pad, height: 1), style: style) }
            let used = terminal.put(clipped, row: row, col: col + pad, style: style, maxWidth: width - pad)
            if pad + used < width { terminal.fill(Rect(row: row, col: col + pad + used, width: width - pad - used, height: 1), style: style) }
        } else {
            let used = terminal.put(clipped, row: row, col: col, style: style, maxWidth: width)
            if used < width { terminal.fill(Rect(row: row, col: col + used, width: width - used, height: 1), style: style) }
        }
    }

    /// A horizontal gauge of `permille`/1000 in `width` cells (eighth-cell resolution).
    func gauge(permille: Int, width: Int, fill: CellStyle, empty: CellStyle) -> [StyledRun] {
        guard width > 0 else { return [] }
        let eighths = max(0, min(width * 8, permille * width * 8 / 1000))
        let full = eighths / 8, partial = eighths % 8
        var runs = [StyledRun(String(repeating: glyphs.gaugeFull, count: full), fill)]
        var used = full
        if partial > 0, used < width {
            runs.append(StyledRun(glyphs.gaugeEighths[partial - 1], fill))
            used += 1
        }
        if used < width { runs.append(StyledRun(String(repeating: glyphs.gaugeEmpty, count: width - used), empty)) }
        return runs
    }

    /// A sparkline of the last `width` values, scaled to the largest.
    func sparkline(_ values: [UInt64], width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let peak = shown.max() ?? 0
        var text = String(repeating: " ", count: max(0, width - shown.count))
        for value in shown {
            if peak == 0 || value == 0 {
                text += value == 0 ? glyphs.spark[0] : glyphs.spark[glyphs.spark.count - 1]
            } else {
                let level = Int((value &* UInt64(glyphs.spark.count - 1) + peak - 1) / peak)
                text += glyphs.spark[max(0, min(glyphs.spark.count - 1, level))]
            }
        }
        return text
    }
}

/// A table column: heading, width (0 = flexible), alignment, and priority (lower survives longer).
struct Column {
    var title: String
    var width: Int
    var right = false
    var priority = 0

    /// Fits columns into `total` cells with one space between columns: drops the highest priority
    /// numbers first while they do not fit; the flexible column takes what is left (at least 8).
    static func fit(_ columns: [Column], total: Int) -> [Column] {
        var kept = columns
        func need(_ cols: [Column]) -> Int {
            cols.reduce(0) { $0 + ($1.width == 0 ? 16 : $1.width) } + max(0, cols.count - 1)
        }
        while need(kept) > total, kept.count > 1 {
            guard let worst = kept.indices.max(by: { kept[$0].priority < kept[$1].priority }), kept[worst].priority > 0 else { break }
            kept.remove(at: worst)
        }
        let fixed = kept.reduce(0) { $0 + $1.width } + max(0, kept.count - 1)
        if let flex = kept.firstIndex(where: { $0.width == 0 }) {
            kept[flex].width = max(1, total - fixed)
        }
        return kept
    }
}
