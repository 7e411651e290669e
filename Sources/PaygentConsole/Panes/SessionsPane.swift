/// The Sessions pane: every agent session with status, spend and budget left.
enum SessionsPane {
    static func draw(_ canvas: Canvas, model: ConsoleModel, rect: Rect) {
        let columns = [
            Column(title: "STATUS", width: 10),
            Column(title: "NAME", width: 0),
            Column(title: "ID", width: 14, priority: 3),
            Column(title: "SPENT", width: 11, right: true),
            Column(title: "LEFT", width: 11, right: true, priority: 1),
            Column(title: "PAYS", width: 5, right: true, priority: 4),
            Column(title: "ACTIVE", width: 8, priority: 2),
        ]
        let sessions = model.sessions
        let table = TableView(pane: .sessions, columns: columns, cell: { index, column in
            let s = sessions[index]
            switch column {
            case "STATUS": return (canvas.glyphs.marker(s.status) + " " + s.status.rawValue, role(s.status))
            case "NAME": return (s.displayName.value, .text)
            case "ID": return (s.label.value, .dim)
            case "SPENT":
                let flash = model.spendFlash[s.id] != nil
                return ((flash ? canvas.glyphs.up : "") + s.spent.compactText, flash ? .flash : .money)
            case "LEFT":
                guard let left = s.remaining, let budget = s.budget else { return ("—", .dim) }
                let permille = left.permille(of: budget)
                return (left.compactText, permille < 100 ? .danger : permille < 250 ? .warn : .text)
            case "PAYS": return (String(s.payments), .dim)
            case "ACTIVE": return (TimeFormat.clock(s.lastActive, offsetSeconds: model.utcOffsetSeconds), .dim)
            default: return ("", .text)
            }
        }, empty: model.emptyHint)
        table.draw(canvas, model: model, rect: rect)
    }

    static func role(_ state: SessionState) -> ThemeRole {
        switch state {
        case .running: return .ok
        case .paused: return .warn
        case .awaiting: return .approval
        case .killed, .failed: return .danger
        case .done: return .dim
        }
    }
}
