import PaygentFoundation
/// The one key registry: dispatch, footer hints and the help screen all come from it, so they
/// cannot disagree. Keys are remappable from the config file's `[keys]` table.
public struct KeyRegistry: Sendable {
    public private(set) var bindings: [KeyBinding]
    /// Read-only mode: mutating actions are neither dispatched nor shown.
    public var readOnly: Bool

    public init(bindings: [KeyBinding] = KeyRegistry.defaultBindings, readOnly: Bool = false) {
        self.bindings = bindings
        self.readOnly = readOnly
    }

    /// The shipped bindings.
    public static let defaultBindings: [KeyBinding] = [
        KeyBinding(keys: [.char("q"), .ctrl("c")], action: .quit, help: "quit", hint: "quit"),
        KeyBinding(keys: [.char("?")], action: .help, help: "show this help", hint: "help"),
        KeyBinding(keys: [.char("/")], action: .filter, help: "filter the pane (start with ! to invert)", hint: "filter"),
        KeyBinding(keys: [.char(":")], action: .command, help: "command prompt (:pause :resume :theme :session :quit)", hint: "cmd"),
        KeyBinding(keys: [.tab], action: .focusNext, help: "focus the next pane"),
        KeyBinding(keys: [.backTab], action: .focusPrevious, help: "focus the previous pane"),
        KeyBinding(keys: [.char("1")], action: .focusSessions, help: "focus Sessions"),
        KeyBinding(keys: [.char("2")], action: .focusEvents, help: "focus Events"),
        KeyBinding(keys: [.char("3")], action: .focusApprovals, help: "focus Approvals"),
        KeyBinding(keys: [.char("4")], action: .focusBudgets, help: "focus Budgets"),
        KeyBinding(keys: [.char("5")], action: .focusPayments, help: "focus Payments"),
        KeyBinding(keys: [.char("k"), .up], action: .up, help: "move up"),
        KeyBinding(keys: [.char("j"), .down], action: .down, help: "move down"),
        KeyBinding(keys: [.char("g"), .home], action: .top, help: "go to the first row"),
        KeyBinding(keys: [.char("G"), .end], action: .bottom, help: "go to the last row (Events: follow)"),
        KeyBinding(keys: [.pageUp, .ctrl("u")], action: .pageUp, help: "page up"),
        KeyBinding(keys: [.pageDown, .ctrl("d")], action: .pageDown, help: "page down"),
        KeyBinding(keys: [.enter], action: .detail, help: "open the selected row", hint: "detail"),
        KeyBinding(keys: [.esc], action: .back, help: "back: close, unzoom, clear the filter (never quits)"),
        KeyBinding(keys: [.char("z")], action: .zoom, help: "zoom the focused pane", hint: "zoom"),
        KeyBinding(keys: [.char("y")], action: .copy, help: "copy the selected id to the clipboard (OSC 52; clipboard = true in config.toml)"),
        KeyBinding(keys: [.char("f")], action: .follow, scope: [.events], help: "follow / freeze the event stream", hint: "follow"),
        KeyBinding(keys: [.char("a")], action: .approve, scope: [.approvals], help: "approve the selected request", hint: "approve"),
        KeyBinding(keys: [.char("r")], action: .reject, scope: [.approvals], help: "reject the selected request (optional reason)", hint: "reject", destructive: true),
        KeyBinding(keys: [.char("e")], action: .edit, scope: [.approvals], help: "edit: lower the amount, then approve", hint: "edit"),
        KeyBinding(keys: [.char("K")], action: .kill, scope: [.sessions, .approvals], help: "kill the selected session", hint: "kill", destructive: true),
        KeyBinding(keys: [.char("p")], action: .pauseSession, scope: [.sessions, .approvals], help: "pause / resume the selected session", hint: "pause"),
        KeyBinding(keys: [.char("P")], action: .pauseAll, help: "pause / resume every payment (panic stop)", hint: "PAUSE ALL", destructive: true),
        KeyBinding(keys: [.char("s")], action: .sort, scope: [.sessions, .approvals, .payments], help: "sort by the next column (then the natural order)", hint: "sort"),
        KeyBinding(keys: [.char("S")], action: .sortReverse, scope: [.sessions, .approvals, .payments], help: "reverse the sort"),
        KeyBinding(keys: [.char("m")], action: .mouse, help: "mouse on / off: click to focus and select, wheel to scroll (mouse = true in config.toml)"),
    ]

    /// The action `key` triggers with `pane` focused: a pane-scoped binding wins over a global one.
    /// Mutating actions are not dispatched in read-only mode (the caller reports the refusal).
    public func action(for key: Key, in pane: PaneID) -> ConsoleAction? {
        var global: ConsoleAction?
        for binding in bindings where binding.keys.contains(key) {
            guard binding.applies(to: pane) else { continue }
            if binding.scope != nil { return binding.action }
            if global == nil { global = binding.action }
        }
        return global
    }

    /// The binding of an action.
    public func binding(for action: ConsoleAction) -> KeyBinding? { bindings.first { $0.action == action } }

    /// Whether an action is destructive (confirms with Cancel focused).
    public func isDestructive(_ action: ConsoleAction) -> Bool { binding(for: action)?.destructive ?? false }

    /// Footer hints for a pane: pane actions first, then global ones; mutating ones hidden when read-only.
    public func hints(for pane: PaneID) -> [(key: String, label: String, destructive: Bool)] {
        let visible = bindings.filter { $0.hint != nil && $0.applies(to: pane) && !(readOnly && $0.action.mutates) && !$0.keys.isEmpty }
        let scoped = visible.filter { $0.scope != nil }
        let global = visible.filter { $0.scope == nil }
        return (scoped + global).map { ($0.keys[0].hintLabel, $0.hint!, $0.destructive) }
    }

    /// Help sections: (title, rows of (keys, help, destructive)).
    public func helpSections() -> [(title: String, rows: [(keys: String, help: String, destructive: Bool)])] {
        func rows(_ filter: (KeyBinding) -> Bool) -> [(keys: String, help: String, destructive: Bool)] {
            bindings.filter { filter($0) && !(readOnly && $0.action.mutates) && !$0.keys.isEmpty }
                .map { ($0.keys.map(\.description).joined(separator: " "), $0.help, $0.destructive) }
        }
        let navigation: Set<ConsoleAction> = [.up, .down, .top, .bottom, .pageUp, .pageDown, .focusNext, .focusPrevious,
                                              .focusSessions, .focusEvents, .focusApprovals, .focusBudgets, .focusPayments]
        var sections: [(String, [(keys: String, help: String, destructive: Bool)])] = [
            ("General", rows { $0.scope == nil && !navigation.contains($0.action) && !$0.action.mutates }),
            ("Navigation", rows { navigation.contains($0.action) }),
        ]
        for pane in PaneID.allCases {
            let paneRows = rows { $0.scope?.contains(pane) ?? false }
            if !paneRows.isEmpty { sections.append((pane.title, paneRows)) }
        }
        let globalActions = rows { $0.scope == nil && $0.action.mutates }
        if !globalActions.isEmpty { sections.append(("Everywhere", globalActions)) }
        return sections.map { (title: $0.0, rows: $0.1) }
    }

    /// Applies the config file's `[keys]` table: `action = "key"` or `action = ["key", "key"]`.
    /// A remapped action loses its default keys. Errors name the action and the bad key, and a
    /// key bound to two actions that can apply in the same pane is an error too.
    public mutating func remap(_ table: [String: [String]], file: String = "config.toml", source: String = "") throws(ConsoleFileError) {
        for (name, keyNames) in table.sorted(by: { $0.key < $1.key }) {
            let line = TOMLLocator.line(of: name, inTable: "keys", source: source)
            guard let action = ConsoleAction(rawValue: name) else {
                let known = ConsoleAction.allCases.map(\.rawValue).joined(separator: ", ")
                throw ConsoleFileError(file: file, line: line, key: "keys.\(name)", message: "unknown action (known: \(known))")
            }
            var keys: [Key] = []
            for keyName in keyNames {
                guard let key = Key(name: keyName) else {
                    throw ConsoleFileError(file: file, line: line, key: "keys.\(name)",
                                           message: "unknown key \"\(UntrustedText(keyName, maxWidth: 20))\" (examples: a, K, ctrl-x, tab, shift-tab, enter, esc, up, pgdn, f5, space)")
                }
                keys.append(key)
            }
            guard let index = bindings.firstIndex(where: { $0.action == action }) else { continue }
            bindings[index].keys = keys
        }
        // Conflicts: the same key on two actions that can both apply in one pane.
        for (i, a) in bindings.enumerated() {
            for b in bindings[(i + 1)...] {
                let overlap = PaneID.allCases.contains { a.applies(to: $0) && b.applies(to: $0) && (a.scope == nil) == (b.scope == nil) }
                guard overlap, let key = a.keys.first(where: { b.keys.contains($0) }) else { continue }
                let line = TOMLLocator.line(of: a.action.rawValue, inTable: "keys", source: source)
                    ?? TOMLLocator.line(of: b.action.rawValue, inTable: "keys", source: source)
                throw ConsoleFileError(file: file, line: line, key: "keys",
                                       message: "key \"\(key)\" is bound to both \(a.action.rawValue) and \(b.action.rawValue)")
            }
        }
    }
}
