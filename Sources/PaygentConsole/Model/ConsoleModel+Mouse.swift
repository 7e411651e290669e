extension ConsoleModel {
    /// Rows the wheel moves per step.
    static let wheelRows = 3

    /// A click focuses the pane under it and selects the row clicked; the wheel scrolls the pane
    /// under the pointer. Ignored while mouse reporting is off or a dialog or prompt is open.
    mutating func handleMouse(_ event: MouseEvent) -> [ConsoleEffect] {
        guard mouseEnabled, prompt == nil else { return [] }
        if case .dialog? = overlay { return [] }
        if overlay != nil {
            // Help and detail views scroll with the wheel; a click closes them.
            switch (event.kind, overlay) {
            case (.wheelUp, .help(let scroll)?): overlay = .help(scroll: max(0, scroll - Self.wheelRows))
            case (.wheelDown, .help(let scroll)?): overlay = .help(scroll: scroll + Self.wheelRows)
            case (.wheelUp, .detail(var view)?): view.scroll = max(0, view.scroll - Self.wheelRows); overlay = .detail(view)
            case (.wheelDown, .detail(var view)?): view.scroll += Self.wheelRows; overlay = .detail(view)
            default: closeOverlay()
            }
            dirty.insert(.overlay)
            return []
        }
        guard let (pane, rect) = layout.panes.first(where: { $0.value.contains(row: event.row, col: event.col) }) else { return [] }
        setFocus(pane)
        switch event.kind {
        case .wheelUp: return move(pane, by: -Self.wheelRows)
        case .wheelDown: return move(pane, by: Self.wheelRows)
        case .click:
            // Border, then the headings row (tables of two rows or more), then the data rows.
            guard pane != .budgets, rect.height >= 4 else { return [] }
            let firstDataRow = rect.row + 2
            let offset = event.row - firstDataRow
            guard offset >= 0, offset < contentHeight(pane), let state = panes[pane] else { return [] }
            let target = state.top + offset
            guard target < visibleIndices(pane).count else { return [] }
            if pane == .events && following && target != state.selected {
                following = false
                dirty.insert(.footer)
            }
            return move(pane, by: target - state.selected)
        }
    }
}
