/// The semantic roles a theme colours. Panes ask for a role, never for a colour.
public enum ThemeRole: String, CaseIterable, Hashable, Sendable {
    /// Plain text.
    case text
    /// Secondary text: column headings, timestamps, hints.
    case dim
    /// Pane borders.
    case border
    /// The focused pane's border and title.
    case focus
    /// Pane titles.
    case title
    /// The selected row of the focused pane.
    case selection
    /// The top bar.
    case header
    /// The bottom bar.
    case footer
    /// Key names in the footer and help.
    case key
    /// Good news: settled, running, connected.
    case ok
    /// Attention: paused, held, expiring.
    case warn
    /// Bad news and destructive actions: failed, killed, rejected, expiring now.
    case danger
    /// Approval requests.
    case approval
    /// Amounts of money.
    case money
    /// Informational accents (event types, links).
    case info
    /// Dialog and overlay body.
    case dialog
    /// Text input fields.
    case input
    /// Filled part of a gauge.
    case gauge
    /// Empty part of a gauge.
    case gaugeEmpty = "gauge_empty"
    /// The spend sparkline.
    case sparkline
    /// A value that just changed (k9s-style delta).
    case flash

    /// Attributes used at ``ColorDepth/mono`` when the theme says nothing else, so that
    /// NO_COLOR still shows focus, selection and danger.
    var monoDefault: TextAttributes {
        switch self {
        case .selection, .header, .gauge: return .reverse
        case .focus, .title, .key, .danger, .approval, .flash: return .bold
        case .dim, .gaugeEmpty: return .dim
        case .input: return .underline
        case .warn: return .bold
        default: return []
        }
    }
}
