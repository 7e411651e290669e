import PaygentFoundation
/// Turns a ``ConsoleModel`` into a frame: redraws only what the model marked dirty, then flushes once.
public struct ConsoleRenderer {
    public var theme: ResolvedTheme
    public var glyphs: Glyphs
    public var registry: KeyRegistry
    /// Frames drawn (for tests and benchmarks).
    public private(set) var frames = 0

    public init(theme: ResolvedTheme, glyphs: Glyphs, registry: KeyRegistry) {
        self.theme = theme
        self.glyphs = glyphs
        self.registry = registry
    }

    /// Draws the dirty parts of `model` into `terminal`, clears the dirty set and flushes.
    /// Returns false (and touches nothing) when nothing was dirty.
    @discardableResult
    public mutating func render(_ model: inout ConsoleModel, on terminal: any Terminal) -> Bool {
        let dirty = model.dirty
        guard !dirty.isEmpty else { return false }
        model.dirty = []
        frames += 1
        let canvas = Canvas(terminal: terminal, theme: theme, glyphs: glyphs)
        let layout = model.layout
        if layout.mode == .tooSmall {
            drawTooSmall(canvas, size: layout.size)
            terminal.flush()
            return true
        }
        let everything = dirty.contains(.layout)
        if everything { canvas.clear(Rect(row: 0, col: 0, width: layout.size.cols, height: layout.size.rows)) }
        if everything || dirty.contains(.header) { HeaderBar.draw(canvas, model: model, rect: layout.header) }
        // A detail view covers the whole body: the panes under it are not drawn at all.
        var coversBody = false
        if case .detail? = model.overlay { coversBody = true }
        if !coversBody {
            for (pane, rect) in layout.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where everything || dirty.contains(.pane(pane)) {
                switch pane {
                case .sessions: SessionsPane.draw(canvas, model: model, rect: rect)
                case .events: EventsPane.draw(canvas, model: model, rect: rect)
                case .approvals: ApprovalsPane.draw(canvas, model: model, rect: rect)
                case .budgets: BudgetsPane.draw(canvas, model: model, rect: rect)
                case .payments: PaymentsPane.draw(canvas, model: model, rect: rect)
                }
            }
        }
        // Panes redrawn under an overlay mark the overlay dirty too (ConsoleModel.markDirty).
        if let overlay = model.overlay, everything || dirty.contains(.overlay) {
            switch overlay {
            case .help(let scroll): HelpOverlay.draw(canvas, registry: registry, scroll: scroll, area: layout.body)
            case .detail(let view): DetailOverlay.draw(canvas, view: view, area: layout.body)
            case .dialog(let dialog): DialogView.draw(canvas, dialog: dialog, area: layout.body)
            }
        }
        if everything || dirty.contains(.footer) { FooterBar.draw(canvas, model: model, registry: registry, rect: layout.footer) }
        terminal.flush()
        return true
    }

    func drawTooSmall(_ canvas: Canvas, size: TerminalSize) {
        let all = Rect(row: 0, col: 0, width: size.cols, height: size.rows)
        canvas.clear(all)
        let lines = ["Terminal too small", "\(size.cols)x\(size.rows), need \(ScreenLayout.minimumSize.cols)x\(ScreenLayout.minimumSize.rows)", "q quits"]
        let top = max(0, (size.rows - lines.count) / 2)
        for (offset, line) in lines.enumerated() where top + offset < size.rows {
            let text = DisplayWidth.truncate(line, to: size.cols)
            let col = max(0, (size.cols - DisplayWidth.of(text)) / 2)
            canvas.terminal.put(text, row: top + offset, col: col, style: canvas.theme[offset == 0 ? .warn : .dim], maxWidth: size.cols)
        }
    }
}
