import PaygentEVM
import PaygentFoundation

extension ConsoleModel {
    /// Handles a key: dialogs first, then the prompt, help, detail view, and finally the registry.
    public mutating func handle(_ key: Key, registry: KeyRegistry) -> [ConsoleEffect] {
        if key == .resize { return [] }
        if case .mouse(let event) = key { return handleMouse(event) }
        if case .dialog(var dialog)? = overlay {
            let outcome = dialog.handle(key)
            dirty.insert(.overlay)
            switch outcome {
            case .stay:
                overlay = .dialog(dialog)
                return []
            case .cancel:
                closeOverlay()
                setStatus("cancelled", .dim)
                return []
            case .submit:
                return submit(dialog)
            }
        }
        if prompt != nil { return handlePrompt(key) }
        if case .help(let scroll)? = overlay {
            let action = registry.action(for: key, in: focus)
            switch action {
            case .down?: overlay = .help(scroll: scroll + 1)
            case .up?: overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown?: overlay = .help(scroll: scroll + 10)
            case .pageUp?: overlay = .help(scroll: max(0, scroll - 10))
            case .quit? where key == .ctrl("c"): return [.quit]
            case .back?, .help?, .quit?: closeOverlay()
            default: break
            }
            dirty.insert(.overlay)
            return []
        }
        if case .detail(let view)? = overlay, view.subject == .policy, !readOnly,
           registry.binding(for: .edit)?.keys.contains(key) == true {
            return openPolicyEdit()
        }
        let pane: PaneID
        if case .detail(let view)? = overlay { pane = view.pane } else { pane = focus }
        guard let action = registry.action(for: key, in: pane) else { return [] }
        if action.mutates && readOnly {
            setStatus("read-only mode: \(action.rawValue.replacing("_", with: " ")) is disabled", .warn)
            return []
        }
        if case .detail(var view)? = overlay {
            switch action {
            case .down: view.scroll += 1; overlay = .detail(view); dirty.insert(.overlay); return []
            case .up: view.scroll = max(0, view.scroll - 1); overlay = .detail(view); dirty.insert(.overlay); return []
            case .pageDown: view.scroll += 10; overlay = .detail(view); dirty.insert(.overlay); return []
            case .pageUp: view.scroll = max(0, view.scroll - 10); overlay = .detail(view); dirty.insert(.overlay); return []
            case .top: view.scroll = 0; overlay = .detail(view); dirty.insert(.overlay); return []
            case .back, .detail: closeOverlay(); return []
            case .quit, .help, .command: break
            default:
                if !action.mutates { closeOverlay() }
            }
        }
        return perform(action, registry: registry)
    }

    mutating func closeOverlay() {
        overlay = nil
        dirty = .all
    }
}

extension ConsoleModel {
    /// Filters kept for `/` history.
    static let filterHistoryLimit = 50

    /// Adds a submitted filter to the history (not twice in a row, at most ``filterHistoryLimit``).
    mutating func remember(filter text: String) {
        guard !text.isEmpty, filterHistory.last != text else { return }
        filterHistory.append(text)
        if filterHistory.count > Self.filterHistoryLimit { filterHistory.removeFirst(filterHistory.count - Self.filterHistoryLimit) }
    }
}
