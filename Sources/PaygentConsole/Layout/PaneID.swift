/// The five panes, numbered as the `1`–`5` focus keys.
public enum PaneID: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case sessions = 1
    case events = 2
    case approvals = 3
    case budgets = 4
    case payments = 5

    /// Title shown in the pane border and in help.
    public var title: String {
        switch self {
        case .sessions: return "Sessions"
        case .events: return "Events"
        case .approvals: return "Approvals"
        case .budgets: return "Budgets"
        case .payments: return "Payments"
        }
    }

    public var description: String { title.lowercased() }

    /// The next pane in focus order (tab), wrapping.
    public var next: PaneID { PaneID(rawValue: rawValue % 5 + 1)! }
    /// The previous pane in focus order (shift-tab), wrapping.
    public var previous: PaneID { PaneID(rawValue: (rawValue + 3) % 5 + 1)! }
}
