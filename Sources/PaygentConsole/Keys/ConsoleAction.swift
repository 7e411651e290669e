/// Everything a key can do. The raw value is the name used in the `[keys]` table of the config file.
public enum ConsoleAction: String, CaseIterable, Hashable, Sendable {
    case quit
    case help
    case filter
    case command
    case focusNext = "focus_next"
    case focusPrevious = "focus_previous"
    case focusSessions = "focus_sessions"
    case focusEvents = "focus_events"
    case focusApprovals = "focus_approvals"
    case focusBudgets = "focus_budgets"
    case focusPayments = "focus_payments"
    case up
    case down
    case top
    case bottom
    case pageUp = "page_up"
    case pageDown = "page_down"
    case detail
    case back
    case zoom
    case follow
    case approve
    case reject
    case edit
    case kill
    case pauseSession = "pause"
    case pauseAll = "pause_all"
    case copy
    case sort
    case sortReverse = "sort_reverse"
    case mouse

    /// Whether the action changes anything in the store (refused and hidden in read-only mode).
    public var mutates: Bool {
        switch self {
        case .approve, .reject, .edit, .kill, .pauseSession, .pauseAll: return true
        default: return false
        }
    }

    /// The pane a focus action moves to.
    var focusTarget: PaneID? {
        switch self {
        case .focusSessions: return .sessions
        case .focusEvents: return .events
        case .focusApprovals: return .approvals
        case .focusBudgets: return .budgets
        case .focusPayments: return .payments
        default: return nil
        }
    }
}
