import PaygentEVM
import PaygentFoundation

/// What each console action does to the model: the action semantics behind the keys, movement,
/// and the approval or session an action targets.
extension ConsoleModel {
    mutating func perform(_ action: ConsoleAction, registry: KeyRegistry) -> [ConsoleEffect] {
        switch action {
        case .quit:
            return [.quit]
        case .help:
            overlay = .help(scroll: 0)
            dirty.insert(.overlay)
        case .filter:
            filterHistoryIndex = nil
            prompt = .filter(LineEditor(panes[focus]?.filter?.typed ?? ""))
            dirty.insert(.footer)
        case .command:
            prompt = .command(LineEditor(), candidates: [], cycle: nil)
            dirty.insert(.footer)
        case .focusNext:
            setFocus(focus.next)
        case .focusPrevious:
            setFocus(focus.previous)
        case .focusSessions, .focusEvents, .focusApprovals, .focusBudgets, .focusPayments:
            setFocus(action.focusTarget!)
        case .up: return move(focus, by: -1)
        case .down: return move(focus, by: 1)
        case .pageUp: return move(focus, by: -max(1, contentHeight(focus) - 1))
        case .pageDown: return move(focus, by: max(1, contentHeight(focus) - 1))
        case .top: return move(focus, by: Int.min / 2)
        case .bottom:
            if focus == .events {
                return setFollowing(true)
            }
            return move(focus, by: Int.max / 2)
        case .detail:
            return openDetail(focus)
        case .back:
            if zoomed { toggleZoom() } else if panes[focus]?.filter != nil {
                panes[focus]?.filter = nil
                clamp(focus)
                markDirty(focus)
                setStatus("filter cleared", .dim)
            }
        case .zoom:
            toggleZoom()
        case .follow:
            guard focus == .events else { return [] }
            return setFollowing(!following)
        case .approve:
            guard let approval = targetApproval() else { setStatus("no approval selected", .warn); return [] }
            if needsConfirmation(approval) {
                overlay = .dialog(Dialog(kind: .confirm(.approve(approvalID: approval.id)), title: "Approve a large payment?",
                                         lines: approvalFacts(approval), warning: approval.amountUSD == nil
                                             ? "Its USD value is unknown, so it asks as if at the confirm_above threshold (\(confirmAbove) USD)."
                                             : "This is at or above the confirm_above threshold (\(confirmAbove)).",
                                         confirmLabel: "Approve", destructive: true))
                dirty.insert(.overlay)
                return []
            }
            setStatus("approving \(approval.label)…", .dim)
            return [.perform(.approve(approvalID: approval.id))]
        case .reject:
            guard let approval = targetApproval() else { setStatus("no approval selected", .warn); return [] }
            overlay = .dialog(Dialog(kind: .reject(approvalID: approval.id), title: "Reject this payment?", lines: approvalFacts(approval),
                                     warning: "The agent's step fails.", fields: [.init(label: "Reason (optional)", editor: LineEditor(limit: 200))],
                                     confirmLabel: "Reject", destructive: true))
            dirty.insert(.overlay)
        case .edit:
            guard let approval = targetApproval() else { setStatus("no approval selected", .warn); return [] }
            let amountText = approval.amount?.amountText ?? ""
            overlay = .dialog(Dialog(kind: .edit(approvalID: approval.id, askedUnits: approval.amount?.units,
                                                 decimals: approval.amount?.decimals ?? 6, originalArgs: approval.rawToolArgs),
                                     title: "Edit, then approve", lines: approvalFacts(approval),
                                     warning: "The amount may only go down.",
                                     fields: [.init(label: "Amount", editor: LineEditor(amountText, limit: 40)),
                                              .init(label: "Arguments", editor: LineEditor(approval.rawToolArgs, limit: 4000))],
                                     confirmLabel: "Approve edited", destructive: false))
            dirty.insert(.overlay)
        case .kill:
            guard let session = targetSession() else { setStatus("no session selected", .warn); return [] }
            if session.status.isFinal { setStatus("session \(session.label) is already \(session.status.rawValue)", .warn); return [] }
            overlay = .dialog(Dialog(kind: .confirm(.kill(sessionID: session.id)), title: "Kill this session?",
                                     lines: killFacts(session),
                                     warning: "No new payments, pending approvals rejected, unsigned payments cancelled. Cannot be undone.",
                                     confirmLabel: "Kill", destructive: true))
            dirty.insert(.overlay)
        case .pauseSession:
            guard let session = targetSession() else { setStatus("no session selected", .warn); return [] }
            if session.status.isFinal { setStatus("session \(session.label) is \(session.status.rawValue)", .warn); return [] }
            if session.status == .paused {
                setStatus("resuming \(session.displayName)…", .dim)
                return [.perform(.resumeSession(sessionID: session.id))]
            }
            setStatus("pausing \(session.displayName)…", .dim)
            return [.perform(.pauseSession(sessionID: session.id))]
        case .pauseAll:
            if overview.globalPause {
                setStatus("resuming all payments…", .dim)
                return [.perform(.resumeAll)]
            }
            let live = sessions.filter { !$0.status.isFinal }.count
            overlay = .dialog(Dialog(kind: .confirm(.pauseAll), title: "Pause ALL payments?",
                                     lines: [DetailLine("Scope", UntrustedText("every session and agent")),
                                             DetailLine("Live sessions", UntrustedText(String(live))),
                                             DetailLine("Pending approvals", UntrustedText(String(approvals.count)))],
                                     warning: "Panic stop: nothing is paid until you resume (P again or :resume).",
                                     confirmLabel: "Pause all", destructive: true))
            dirty.insert(.overlay)
        case .sort:
            cycleSort()
        case .sortReverse:
            reverseSort()
        case .mouse:
            mouseEnabled.toggle()
            setStatus(mouseEnabled ? "mouse on: click to focus and select, wheel to scroll (m: off)" : "mouse off (m: on)", .dim)
            return [.setMouse(mouseEnabled)]
        case .copy:
            guard let id = selectedID() else { setStatus("nothing selected to copy", .warn); return [] }
            guard clipboardEnabled else {
                setStatus("copy is off: set clipboard = true in config.toml (OSC 52) — id \(id)", .warn)
                return []
            }
            setStatus("copied \(id)", .ok)
            return [.copyToClipboard(id)]
        }
        return []
    }

    /// The id of what is selected: the detail view's subject, else the focused pane's row
    /// (an event gives its subject's id, or its sequence number).
    func selectedID() -> String? {
        if case .detail(let view)? = overlay {
            switch view.subject {
            case .session(let id), .approval(let id), .payment(let id), .budget(let id): return id
            case .policy: return nil
            case .event(let seq): return events.rows.first { $0.seq == seq }.flatMap { $0.subjectID?.value } ?? String(seq)
            }
        }
        switch focus {
        case .sessions: return selectedSession?.id
        case .approvals: return selectedApproval?.id
        case .payments: return selectedPayment?.id
        case .events: return selectedEvent.map { $0.subjectID?.value ?? String($0.seq) }
        case .budgets:
            guard let budget = selectedBudget, case .session(let id) = budget.scope else { return nil }
            return id
        }
    }

    // MARK: Movement

    mutating func move(_ pane: PaneID, by delta: Int) -> [ConsoleEffect] {
        let count = visibleIndices(pane).count
        guard var state = panes[pane] else { return [] }
        let target = state.selected + delta
        var effects: [ConsoleEffect] = []
        if pane == .events {
            if delta < 0 && following { following = false; dirty.insert(.footer) }
            let unfiltered = state.filter == nil
            if target < 0, state.selected == 0, unfiltered, events.hasOlder, !loadingOlder, let oldest = events.oldestSeq {
                loadingOlder = true
                effects.append(.loadEventsBefore(oldest))
            }
            if target >= count, state.selected >= count - 1, unfiltered, events.hasNewer, !loadingNewer, let newest = events.newestSeq {
                loadingNewer = true
                effects.append(.loadEventsAfter(newest))
            }
        }
        state.selected = max(0, min(count - 1, target))
        // Off the first row, new rows no longer pull the selection to the top; back on it, they do.
        state.moved = state.selected != 0
        panes[pane] = state
        clamp(pane)
        markDirty(pane)
        return effects
    }

    mutating func setFollowing(_ on: Bool) -> [ConsoleEffect] {
        following = on
        markDirty(.events)
        dirty.insert(.footer)
        if on {
            setStatus("following the event stream", .dim)
            if events.hasNewer {
                loadingNewer = true
                return [.loadEventTail]
            }
            clamp(.events)
        } else {
            setStatus("event stream frozen (f to follow)", .dim)
        }
        return []
    }

    // MARK: Targets

    func targetApproval() -> ApprovalRecord? {
        if case .detail(let view)? = overlay, case .approval(let id) = view.subject { return approvals.first { $0.id == id } }
        return focus == .approvals ? selectedApproval : nil
    }

    func targetSession() -> SessionRecord? {
        if case .detail(let view)? = overlay {
            switch view.subject {
            case .session(let id): return session(id: id)
            case .approval(let id): return approvals.first { $0.id == id }.flatMap { session(id: $0.sessionID) }
            default: break
            }
        }
        switch focus {
        case .sessions: return selectedSession
        case .approvals: return selectedApproval.flatMap { session(id: $0.sessionID) }
        default: return nil
        }
    }

    /// Whether approving `approval` asks first: its USD value (from the price table) is at least
    /// `confirm_above` dollars. Fails closed: an approval whose USD value is unknown, or a threshold
    /// that does not parse, asks too.
    func needsConfirmation(_ approval: ApprovalRecord) -> Bool {
        guard let usd = approval.amountUSD, usd.symbol == "USD", usd.decimals == TokenAmount.zeroUSD.decimals,
              let threshold = TokenAmount.parseUnits(confirmAbove, decimals: usd.decimals) else { return true }
        return usd.units >= threshold
    }

    func approvalFacts(_ approval: ApprovalRecord) -> [DetailLine] {
        let session = self.session(id: approval.sessionID)
        var lines = [
            DetailLine("Approval", approval.label),
            DetailLine("Session", UntrustedText(session.map { "\($0.displayName) (\($0.label))" } ?? approval.sessionLabel.value)),
            DetailLine("Amount", UntrustedText(approval.amount.map { amount in
                amount.text + (approval.amountUSD.map { $0.symbol == amount.symbol ? "" : " (\($0.text))" } ?? "")
            } ?? "none")),
            DetailLine("Payee", approval.payee ?? "unknown"),
            DetailLine("Tool", approval.toolName),
        ]
        if !approval.reason.isEmpty { lines.append(DetailLine("Why asked", approval.reason)) }
        return lines
    }

    func killFacts(_ session: SessionRecord) -> [DetailLine] {
        var lines = [
            DetailLine("Session", UntrustedText("\(session.displayName) (\(session.label))")),
            DetailLine("Status", UntrustedText(session.status.rawValue)),
            DetailLine("Spent", UntrustedText(session.spent.text + (session.budget.map { " of \($0.text)" } ?? ""))),
        ]
        let pending = approvals.filter { $0.sessionID == session.id }
        for approval in pending.prefix(3) {
            lines.append(DetailLine("Pending", UntrustedText("\(approval.label) \(approval.amount?.text ?? "") → \(approval.payee?.value ?? "?")")))
        }
        if pending.count > 3 { lines.append(DetailLine("", UntrustedText("… and \(pending.count - 3) more"))) }
        return lines
    }
}
