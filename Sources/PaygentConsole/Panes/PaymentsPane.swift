/// The Payments pane: history, newest first.
enum PaymentsPane {
    static func draw(_ canvas: Canvas, model: ConsoleModel, rect: Rect) {
        let columns = [
            Column(title: "TIME", width: 8),
            Column(title: "AMOUNT", width: 12, right: true),
            Column(title: "STATUS", width: 9),
            Column(title: "SERVICE", width: 0),
            Column(title: "SESSION", width: 14, priority: 2),
            Column(title: "TX", width: 12, priority: 3),
        ]
        let payments = model.payments
        let table = TableView(pane: .payments, columns: columns, cell: { index, column in
            let p = payments[index]
            switch column {
            case "TIME": return (TimeFormat.clock(p.time, offsetSeconds: model.utcOffsetSeconds), .dim)
            case "AMOUNT": return (p.amount.text, .money)
            case "STATUS": return (p.status.rawValue, role(p.status))
            case "SERVICE": return (p.service.value, .text)
            case "SESSION": return (model.paymentSessionName(p), .dim)
            case "TX": return (p.txHash?.value ?? "", .dim)
            default: return ("", .text)
            }
        }, empty: ["No payments yet — run `paygent agent run …`."])
        table.draw(canvas, model: model, rect: rect)
    }

    static func role(_ state: PaymentState) -> ThemeRole {
        switch state {
        case .confirmed: return .ok
        case .pending: return .warn
        case .failed: return .danger
        case .unknown: return .warn
        }
    }
}
