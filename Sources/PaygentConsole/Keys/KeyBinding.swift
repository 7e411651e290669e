/// One entry of the key registry: which keys trigger an action, where, and how it is described.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    public var action: ConsoleAction
    /// Panes where the binding applies; nil means everywhere.
    public var scope: Set<PaneID>?
    /// Help text (the `?` screen).
    public var help: String
    /// Short label for the footer; nil keeps it out of the footer.
    public var hint: String?
    /// Destructive actions confirm in a dialog with Cancel focused.
    public var destructive: Bool

    public init(keys: [Key], action: ConsoleAction, scope: Set<PaneID>? = nil, help: String, hint: String? = nil, destructive: Bool = false) {
        self.keys = keys
        self.action = action
        self.scope = scope
        self.help = help
        self.hint = hint
        self.destructive = destructive
    }

    /// Whether the binding applies when `pane` has focus.
    public func applies(to pane: PaneID) -> Bool { scope?.contains(pane) ?? true }
}
