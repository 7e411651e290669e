import Synchronization

/// The Events pane: the live event log, coloured by type, following the tail or frozen.
enum EventsPane {
    static func draw(_ canvas: Canvas, model: ConsoleModel, rect: Rect) {
        let columns = [
            Column(title: "TIME", width: 8),
            Column(title: "TYPE", width: 18),
            Column(title: "SESSION", width: 14, priority: 2),
            Column(title: "SEQ", width: 8, right: true, priority: 3),
            Column(title: "SUMMARY", width: 0),
        ]
        let rows = model.events.rows
        var right: [StyledRun]
        if model.following {
            right = [StyledRun(" follow ", canvas.theme[.ok])]
        } else {
            right = [StyledRun(" frozen ", canvas.theme[.warn])]
            if model.events.unseen > 0 { right.append(StyledRun("+\(model.events.unseen) new ", canvas.theme[.warn])) }
        }
        let table = TableView(pane: .events, columns: columns, cell: { index, column in
            let e = rows[index]
            switch column {
            case "TIME": return (TimeFormat.clock(e.time, offsetSeconds: model.utcOffsetSeconds), .dim)
            case "TYPE": return (e.type.value, role(forType: e.type.value))
            case "SESSION": return (e.sessionID.flatMap { model.session(id: $0)?.displayName.value } ?? e.sessionLabel?.value ?? "", .dim)
            case "SEQ": return (String(e.seq), .dim)
            case "SUMMARY": return (e.summary.value, .text)
            default: return ("", .text)
            }
        }, empty: ["No events yet."], right: right)
        table.draw(canvas, model: model, rect: rect)
    }

    /// Colour of an event type (classified once per type, then remembered).
    static func role(forType type: String) -> ThemeRole {
        if let known = roleCache.withLock({ $0[type] }) { return known }
        let role = classify(type)
        roleCache.withLock { cache in
            if cache.count > 512 { cache.removeAll() }
            cache[type] = role
        }
        return role
    }

    private static let roleCache = Mutex([String: ThemeRole]())

    private static func classify(_ type: String) -> ThemeRole {
        if type.hasPrefix("approval.requested") { return .approval }
        if type.contains("killed") || type.contains("failed") || type.contains("denied") || type.contains("rejected")
            || type.contains("error") || type.contains("expired") { return .danger }
        if type.contains("paused") || type.contains("unknown") || type.contains("cancelled") || type.hasPrefix("hold") { return .warn }
        if type.hasPrefix("approval") { return .approval }
        if type.contains("settled") || type.hasPrefix("ledger") { return .money }
        if type.contains("completed") || type.contains("resumed") || type.contains("authorized") || type.contains("created") { return .ok }
        return .info
    }
}
