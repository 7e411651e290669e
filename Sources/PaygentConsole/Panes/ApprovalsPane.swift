/// The Approvals pane: pending requests, oldest first, with a countdown that turns red near the deadline.
enum ApprovalsPane {
    static func draw(_ canvas: Canvas, model: ConsoleModel, rect: Rect) {
        let columns = [
            Column(title: "EXPIRES", width: 8),
            Column(title: "AMOUNT", width: 12, right: true),
            Column(title: "SESSION", width: 14, priority: 2),
            Column(title: "TOOL", width: 12, priority: 3),
            Column(title: "ID", width: 12, priority: 4),
            Column(title: "PAYEE", width: 0),
        ]
        let approvals = model.approvals
        let table = TableView(pane: .approvals, columns: columns, cell: { index, column in
            let a = approvals[index]
            switch column {
            case "EXPIRES":
                let left = a.expiresAt - model.now
                let fresh = model.newApprovals[a.id] != nil
                if left <= 0 { return ("expired", .danger) }
                return ((fresh ? "new " : "") + TimeFormat.duration(ms: left), left <= ConsoleModel.expiringMillis ? .danger : fresh ? .flash : .approval)
            case "AMOUNT": return (a.amount?.text ?? "—", .money)
            case "SESSION":
                return (model.session(id: a.sessionID)?.displayName.value ?? a.sessionLabel.value, .text)
            case "TOOL": return (a.toolName.value, .dim)
            case "ID": return (a.label.value, .dim)
            case "PAYEE": return (a.payee?.value ?? "", .text)
            default: return ("", .text)
            }
        }, empty: ["Nothing waiting for you.", "Payments above the approval threshold wait here for a or r."])
        table.draw(canvas, model: model, rect: rect)
    }
}
