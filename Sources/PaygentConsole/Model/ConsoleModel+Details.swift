import PaygentEVM
import PaygentFoundation

/// Detail views: what `Enter` opens for the selected row, and keeping it current.
extension ConsoleModel {
    // MARK: Detail views

    mutating func openDetail(_ pane: PaneID) -> [ConsoleEffect] {
        let subject: DetailSubject
        switch pane {
        case .sessions:
            guard let session = selectedSession else { return [] }
            subject = .session(session.id)
        case .events:
            guard let event = selectedEvent else { return [] }
            subject = .event(event.seq)
        case .approvals:
            guard let approval = selectedApproval else { return [] }
            subject = .approval(approval.id)
        case .payments:
            guard let payment = selectedPayment else { return [] }
            subject = .payment(payment.id)
        case .budgets:
            guard let budget = selectedBudget else { return [] }
            if case .session(let id) = budget.scope, session(id: id) != nil {
                subject = .session(id)
            } else {
                subject = .budget(budget.label.value)
            }
        }
        guard let (title, lines) = detailContent(subject) else { return [] }
        overlay = .detail(DetailView(subject: subject, title: title, lines: lines, pane: pane == .budgets ? .sessions : pane))
        dirty.insert(.overlay)
        if case .session(let id) = subject { return [.loadSessionDetails(id)] }
        return []
    }

    mutating func refreshDetail() {
        guard case .detail(var view)? = overlay, let (title, lines) = detailContent(view.subject) else { return }
        if lines != view.lines || title != view.title {
            view.title = title
            view.lines = lines
            overlay = .detail(view)
            dirty.insert(.overlay)
        }
    }

    func time(_ ms: EpochMillis) -> String { TimeFormat.dateTime(ms, offsetSeconds: utcOffsetSeconds) }

    func detailContent(_ subject: DetailSubject) -> (String, [DetailLine])? {
        switch subject {
        case .policy:
            guard let policy else { return ("Policy", [DetailLine("", UntrustedText("Loading the policy…"))]) }
            return (readOnly ? "Policy" : "Policy — e edits the daily limit and approval threshold", policy.lines)
        case .session(let id):
            guard let s = session(id: id) else { return nil }
            var lines = [
                DetailLine("Session", s.label),
                DetailLine("Name", s.name.isEmpty ? "—" : s.name),
                DetailLine("Status", UntrustedText(s.status.rawValue + (s.statusReason.map { " — \($0)" } ?? ""))),
                DetailLine("Wallet", s.wallet ?? "—"),
                DetailLine("Spent", UntrustedText(s.spent.text)),
                DetailLine("Held", UntrustedText(s.held.text)),
                DetailLine("Budget", UntrustedText(s.budget?.text ?? "none")),
                DetailLine("Left", UntrustedText(s.remaining?.text ?? "—")),
                DetailLine("Payments", UntrustedText(String(s.payments))),
                DetailLine("Created", UntrustedText(time(s.createdAt))),
                DetailLine("Last active", UntrustedText(time(s.lastActive))),
            ]
            for approval in approvals where approval.sessionID == id {
                lines.append(DetailLine("Pending", UntrustedText("\(approval.label) \(approval.toolName) \(approval.amount?.text ?? "")")))
            }
            lines += s.details
            return ("Session \(s.displayName)", lines)
        case .approval(let id):
            guard let a = approvals.first(where: { $0.id == id }) else { return nil }
            let left = a.expiresAt - now
            var lines = approvalFacts(a)
            lines.append(DetailLine("Requested", UntrustedText(time(a.createdAt))))
            lines.append(DetailLine("Expires", UntrustedText(time(a.expiresAt) + (left > 0 ? " (in \(TimeFormat.duration(ms: left)))" : " (expired)"))))
            let argLines = a.toolArgs.lines
            for (index, line) in argLines.enumerated() {
                lines.append(DetailLine(index == 0 ? "Arguments" : "", UntrustedText(line, maxWidth: 400)))
            }
            return ("Approval \(a.label)", lines)
        case .payment(let id):
            guard let p = payments.first(where: { $0.id == id }) else { return nil }
            var lines = [
                DetailLine("Payment", p.label),
                DetailLine("Status", UntrustedText(p.status.rawValue + (p.failureReason.map { " — \($0)" } ?? ""))),
                DetailLine("Session", p.sessionLabel ?? "—"),
                DetailLine("Service", p.service),
                DetailLine("Resource", p.resource),
                DetailLine("Amount", UntrustedText(p.amount.text + (p.amountUSD.symbol == p.amount.symbol ? "" : " (\(p.amountUSD.text))")
                    + (p.maximum.map { max in p.status == .confirmed ? " charged, of at most \(max.text) (upto)" : " held, at most (upto)" } ?? ""))),
                DetailLine("Payee", p.payee),
                DetailLine("Payer", p.payer),
                DetailLine("Network", p.network),
                DetailLine("Tx hash", p.txHash ?? "—"),
                DetailLine("Created", UntrustedText(time(p.time))),
            ]
            if let settled = p.settledAt {
                lines.append(DetailLine("Settled", UntrustedText(time(settled) + " (\(settled - p.time) ms)")))
            }
            if let valid = p.validBefore { lines.append(DetailLine("Valid before", UntrustedText(time(valid)))) }
            return ("Payment \(p.label)", lines)
        case .event(let seq):
            guard let e = events.rows.first(where: { $0.seq == seq }) else { return nil }
            var lines = [
                DetailLine("Seq", UntrustedText(String(e.seq))),
                DetailLine("Time", UntrustedText(time(e.time))),
                DetailLine("Type", e.type),
                DetailLine("Session", e.sessionLabel ?? "—"),
                DetailLine("Subject", e.subjectID ?? "—"),
                DetailLine("Actor", e.actor),
            ]
            for (index, line) in e.detail.lines.enumerated() {
                lines.append(DetailLine(index == 0 ? "Data" : "", UntrustedText(line, maxWidth: 400)))
            }
            return ("Event #\(e.seq)", lines)
        case .budget(let label):
            guard let b = budgets.first(where: { $0.label.value == label }) else { return nil }
            return ("Budget \(b.label)", [
                DetailLine("Budget", b.label),
                DetailLine("Spent", UntrustedText(b.spent.text)),
                DetailLine("Limit", UntrustedText(b.limit.text)),
                DetailLine("Used", UntrustedText("\(b.spent.permille(of: b.limit) / 10)%")),
            ])
        }
    }
}
