/// What a detail view shows.
public enum DetailSubject: Hashable, Sendable {
    case session(String)
    case approval(String)
    case payment(String)
    case event(Int64)
    case budget(String)
    /// The `:policy` view.
    case policy
}

/// The detail view opened with `enter`.
public struct DetailView: Hashable, Sendable {
    public var subject: DetailSubject
    public var title: String
    public var lines: [DetailLine]
    /// Extra lines loaded from the backend (session plan, steps).
    public var extra: [DetailLine] = []
    public var scroll = 0
    /// The pane it was opened from (actions apply as if that pane had focus).
    public var pane: PaneID
}

/// What sits on top of the panes.
public enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    case detail(DetailView)
    case dialog(Dialog)
}

/// The footer's input line, when one is open.
public enum PromptMode: Hashable, Sendable {
    case filter(LineEditor)
    case command(LineEditor, candidates: [String], cycle: Int?)
}

/// A status-bar message that clears itself.
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var role: ThemeRole
    public var expiresAt: EpochMillis
}

/// Which parts of the screen must be redrawn.
public struct DirtySet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let header = DirtySet(rawValue: 1 << 0)
    public static let footer = DirtySet(rawValue: 1 << 1)
    public static let overlay = DirtySet(rawValue: 1 << 2)
    /// Everything, including clearing the screen (resize, theme, layout change).
    public static let layout = DirtySet(rawValue: 1 << 3)
    public static func pane(_ id: PaneID) -> DirtySet { DirtySet(rawValue: 1 << (3 + UInt16(id.rawValue))) }
    public static let allPanes: DirtySet = [.pane(.sessions), .pane(.events), .pane(.approvals), .pane(.budgets), .pane(.payments)]
    public static let all: DirtySet = [.header, .footer, .overlay, .layout, .allPanes]
}
