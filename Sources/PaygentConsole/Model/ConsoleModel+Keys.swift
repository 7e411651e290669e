import PaygentEVM
extension ConsoleModel {
    /// Handles a key: dialogs first, then the prompt, help, detail view, and finally the registry.
    public mutating func handle(_ key: Key, registry: KeyRegistry) -> [ConsoleEffect] {
        if key == .resize { return [] }
        if case .mouse(let event) = key { return handleMouse(event) }
        if case .dialog(var dialog)? = overlay {
            let outcome = dialog.handle(key)
            dirty.insert(.overlay)
            switch outcome {
            case .stay:
                overlay = .dialog(dialog)
                return []
            case .cancel:
                closeOverlay()
                setStatus("cancelled", .dim)
                return []
            case .submit:
                return submit(dialog)
            }
        }
        if prompt != nil { return handlePrompt(key) }
        if case .help(let scroll)? = overlay {
            let action = registry.action(for: key, in: focus)
            switch action {
            case .down?: overlay = .help(scroll: scroll + 1)
            case .up?: overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown?: overlay = .help(scroll: scroll + 10)
            case .pageUp?: overlay = .help(scroll: max(0, scroll - 10))
            case .quit? where key == .ctrl("c"): return [.quit]
            case .back?, .help?, .quit?: closeOverlay()
            default: break
            }
            dirty.insert(.overlay)
            return []
        }
        if case .detail(let view)? = overlay, view.subject == .policy, !readOnly,
           registry.binding(for: .edit)?.keys.contains(key) == true {
            return openPolicyEdit()
        }
        let pane: PaneID
        if case .detail(let view)? = overlay { pane = view.pane } else { pane = focus }
        guard let action = registry.action(for: key, in: pane) else { return [] }
        if action.mutates && readOnly {
            setStatus("read-only mode: \(action.rawValue.replacing("_", with: " ")) is disabled", .warn)
            return []
        }
        if case .detail(var view)? = overlay {
            switch action {
            case .down: view.scroll += 1; overlay = .detail(view); dirty.insert(.overlay); return []
            case .up: view.scroll = max(0, view.scroll - 1); overlay = .detail(view); dirty.insert(.overlay); return []
            case .pageDown: view.scroll += 10; overlay = .detail(view); dirty.insert(.overlay); return []
            case .pageUp: view.scroll = max(0, view.scroll - 10); overlay = .detail(view); dirty.insert(.overlay); return []
            case .top: view.scroll = 0; overlay = .detail(view); dirty.insert(.overlay); return []
            case .back, .detail: closeOverlay(); return []
            case .quit, .help, .command: break
            default:
                if !action.mutates { closeOverlay() }
            }
        }
        return perform(action, registry: registry)
    }

    mutating func closeOverlay() {
        overlay = nil
        dirty = .all
    }

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
                                     lines: [DetailLine("Scope", SafeText("every session and agent")),
                                             DetailLine("Live sessions", SafeText(String(live))),
                                             DetailLine("Pending approvals", SafeText(String(approvals.count)))],
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
        guard let usd = approval.amountUSD, usd.symbol == "USD", usd.decimals == Money.zeroUSD.decimals,
              let threshold = Money.parseUnits(confirmAbove, decimals: usd.decimals) else { return true }
        return usd.units >= threshold
    }

    func approvalFacts(_ approval: ApprovalRecord) -> [DetailLine] {
        let session = self.session(id: approval.sessionID)
        var lines = [
            DetailLine("Approval", approval.label),
            DetailLine("Session", SafeText(session.map { "\($0.displayName) (\($0.label))" } ?? approval.sessionLabel.value)),
            DetailLine("Amount", SafeText(approval.amount.map { amount in
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
            DetailLine("Session", SafeText("\(session.displayName) (\(session.label))")),
            DetailLine("Status", SafeText(session.status.rawValue)),
            DetailLine("Spent", SafeText(session.spent.text + (session.budget.map { " of \($0.text)" } ?? ""))),
        ]
        let pending = approvals.filter { $0.sessionID == session.id }
        for approval in pending.prefix(3) {
            lines.append(DetailLine("Pending", SafeText("\(approval.label) \(approval.amount?.text ?? "") → \(approval.payee?.value ?? "?")")))
        }
        if pending.count > 3 { lines.append(DetailLine("", SafeText("… and \(pending.count - 3) more"))) }
        return lines
    }

    // MARK: Dialog submit

    mutating func submit(_ dialog: Dialog) -> [ConsoleEffect] {
        switch dialog.kind {
        case .confirm(let command):
            closeOverlay()
            if case .setPolicy = command {
                // Back to the policy view, which reloads once the change is made.
                overlay = .detail(DetailView(subject: .policy, title: "Policy", lines: [], pane: focus))
                refreshDetail()
            }
            setStatus("\(command)…", .dim)
            return [.perform(command)]
        case .reject(let id):
            let reason = dialog.fields.first?.editor.text.trimmedSpaces() ?? ""
            closeOverlay()
            setStatus("rejecting \(SafeText(id))…", .dim)
            return [.perform(.reject(approvalID: id, reason: reason.isEmpty ? nil : reason))]
        case .policy(let oldDaily, let oldThreshold):
            return submitPolicy(dialog, oldDaily: oldDaily, oldThreshold: oldThreshold)
        case .edit(let id, let asked, let decimals, let originalArgs):
            var dialog = dialog
            let amountText = dialog.fields[0].editor.text.trimmedSpaces()
            var units: UInt256?
            if !amountText.isEmpty {
                guard let parsed = Money.parseUnits(amountText, decimals: decimals) else {
                    dialog.error = "not an amount: \(SafeText(amountText, maxWidth: 20)) (up to \(decimals) decimals)"
                    dialog.focus = 0
                    overlay = .dialog(dialog)
                    return []
                }
                if let asked, parsed > asked {
                    dialog.error = "the amount may only go down (asked \(Money.format(units: asked, decimals: decimals)))"
                    dialog.focus = 0
                    overlay = .dialog(dialog)
                    return []
                }
                if parsed.isZero {
                    dialog.error = "the amount must be above zero (reject instead)"
                    dialog.focus = 0
                    overlay = .dialog(dialog)
                    return []
                }
                units = parsed == asked ? nil : parsed
            }
            let args = dialog.fields[1].editor.text.trimmedSpaces()
            let editedArgs = args == originalArgs.trimmedSpaces() || args.isEmpty ? nil : args
            closeOverlay()
            if units == nil && editedArgs == nil {
                setStatus("nothing edited: approving as asked…", .dim)
                return [.perform(.approve(approvalID: id))]
            }
            setStatus("approving \(SafeText(id)) with edits…", .dim)
            return [.perform(.edit(approvalID: id, amount: units.map { Money.format(units: $0, decimals: decimals) }, args: editedArgs))]
        }
    }

    // MARK: Prompt

    mutating func handlePrompt(_ key: Key) -> [ConsoleEffect] {
        dirty.insert(.footer)
        switch prompt {
        case .filter(var editor)?:
            switch key {
            case .esc:
                prompt = nil
                filterHistoryIndex = nil
                panes[focus]?.filter = nil
                clamp(focus)
                markDirty(focus)
            case .enter:
                prompt = nil
                filterHistoryIndex = nil
                remember(filter: editor.text)
                panes[focus]?.filter = editor.text.isEmpty ? nil : RowFilter(typed: editor.text)
                if focus == .events, panes[.events]?.filter != nil, following { following = false }
                clamp(focus)
                markDirty(focus)
            default:
                if key == .up || key == .down {
                    // History: up goes back to older filters, down forward (past the newest: empty).
                    guard !filterHistory.isEmpty else { return [] }
                    let position = filterHistoryIndex ?? filterHistory.count
                    let next = key == .up ? max(0, position - 1) : position + 1
                    filterHistoryIndex = next < filterHistory.count ? next : nil
                    editor.text = filterHistoryIndex.map { filterHistory[$0] } ?? ""
                } else {
                    guard editor.edit(key) else { return [] }
                }
                prompt = .filter(editor)
                panes[focus]?.filter = editor.text.isEmpty ? nil : RowFilter(typed: editor.text)
                if focus == .events, following, panes[.events]?.filter != nil { following = false }
                panes[focus]?.selected = 0
                panes[focus]?.top = 0
                clamp(focus)
                markDirty(focus)
            }
        case .command(var editor, let candidates, let cycle)?:
            switch key {
            case .esc:
                prompt = nil
            case .enter:
                prompt = nil
                return runCommand(editor.text)
            case .tab:
                let (text, options, next) = complete(editor.text, candidates: candidates, cycle: cycle)
                editor.text = text
                prompt = .command(editor, candidates: options, cycle: next)
            default:
                guard editor.edit(key) else { return [] }
                prompt = .command(editor, candidates: [], cycle: nil)
            }
        case nil:
            break
        }
        return []
    }

    /// Command names for `:`.
    public static let commandNames = ["help", "kill", "pause", "policy", "quit", "resume", "session", "theme"]

    /// Tab completion: completes the command word, then its argument (theme names, session ids).
    /// With several candidates the first tab fills their common prefix and lists them; further
    /// tabs cycle through them.
    func complete(_ text: String, candidates previous: [String], cycle: Int?) -> (String, [String], Int?) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let completingArgument = parts.count == 2
        let word = completingArgument ? parts[1] : (parts.first ?? "")
        let prefix = completingArgument ? parts[0] + " " : ""
        if let cycle, !previous.isEmpty {
            let next = (cycle + 1) % previous.count
            return (prefix + previous[next], previous, next)
        }
        let pool: [String]
        if completingArgument {
            switch parts[0] {
            case "theme": pool = themeNames
            case "session", "kill", "pause", "resume": pool = sessions.map(\.id)
            default: pool = []
            }
        } else {
            pool = Self.commandNames
        }
        let matches = pool.filter { $0.hasPrefix(word) }.sorted()
        guard !matches.isEmpty else { return (text, [], nil) }
        if matches.count == 1 { return (prefix + matches[0] + (completingArgument ? "" : " "), [], nil) }
        var common = matches[0]
        for match in matches.dropFirst() {
            while !match.hasPrefix(common) { common.removeLast() }
        }
        if common.count > word.count { return (prefix + common, matches, nil) }
        return (prefix + matches[0], matches, 0)
    }

    mutating func runCommand(_ text: String) -> [ConsoleEffect] {
        let parts = text.trimmedSpaces().split(separator: " ", maxSplits: 1).map { String($0).trimmedSpaces() }
        guard let name = parts.first else { return [] }
        let argument = parts.count > 1 ? parts[1] : nil
        func requireWritable() -> Bool {
            if readOnly { setStatus("read-only mode: :\(name) is disabled", .warn) }
            return !readOnly
        }
        switch name {
        case "q", "quit", "exit":
            return [.quit]
        case "help", "h", "?":
            overlay = .help(scroll: 0)
            dirty.insert(.overlay)
        case "pause":
            guard requireWritable() else { return [] }
            if let argument {
                guard let session = findSession(argument) else { setStatus("no session \(SafeText(argument, maxWidth: 40))", .warn); return [] }
                return [.perform(.pauseSession(sessionID: session.id))]
            }
            return [.perform(.pauseAll)]
        case "resume":
            guard requireWritable() else { return [] }
            if let argument {
                guard let session = findSession(argument) else { setStatus("no session \(SafeText(argument, maxWidth: 40))", .warn); return [] }
                return [.perform(.resumeSession(sessionID: session.id))]
            }
            return [.perform(.resumeAll)]
        case "kill":
            guard requireWritable() else { return [] }
            guard let argument else { setStatus("usage: :kill SESSION_ID", .warn); return [] }
            guard let session = findSession(argument) else { setStatus("no session \(SafeText(argument, maxWidth: 40))", .warn); return [] }
            selectSession(session.id)
            return perform(.kill, registry: KeyRegistry())
        case "policy":
            overlay = .detail(DetailView(subject: .policy, title: "Policy", lines: [DetailLine("", SafeText("Loading the policy…"))], pane: focus))
            dirty.insert(.overlay)
            refreshDetail()
            return [.loadPolicy]
        case "theme":
            guard let argument else { setStatus("themes: \(themeNames.joined(separator: ", "))", .dim); return [] }
            return [.setTheme(argument)]
        case "session", "s":
            guard let argument, let session = findSession(argument) else {
                setStatus(argument == nil ? "usage: :session ID" : "no session \(SafeText(argument ?? "", maxWidth: 40))", .warn)
                return []
            }
            selectSession(session.id)
            return openDetail(.sessions)
        default:
            setStatus("unknown command :\(SafeText(name, maxWidth: 30)) (try :help)", .warn)
        }
        return []
    }

    func findSession(_ text: String) -> SessionRecord? {
        sessions.first { $0.id == text } ?? sessions.first { $0.id.hasPrefix(text) } ?? sessions.first { $0.name.value == text }
    }

    mutating func selectSession(_ id: String) {
        setFocus(.sessions)
        panes[.sessions]?.filter = nil
        if let index = sessions.firstIndex(where: { $0.id == id }) {
            panes[.sessions]?.selected = index
            // Chosen by the operator: new rows must not pull the selection away from it.
            panes[.sessions]?.moved = index != 0
        }
        clamp(.sessions)
        markDirty(.sessions)
    }

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
            guard let policy else { return ("Policy", [DetailLine("", SafeText("Loading the policy…"))]) }
            return (readOnly ? "Policy" : "Policy — e edits the daily limit and approval threshold", policy.lines)
        case .session(let id):
            guard let s = session(id: id) else { return nil }
            var lines = [
                DetailLine("Session", s.label),
                DetailLine("Name", s.name.isEmpty ? "—" : s.name),
                DetailLine("Status", SafeText(s.status.rawValue + (s.statusReason.map { " — \($0)" } ?? ""))),
                DetailLine("Wallet", s.wallet ?? "—"),
                DetailLine("Spent", SafeText(s.spent.text)),
                DetailLine("Held", SafeText(s.held.text)),
                DetailLine("Budget", SafeText(s.budget?.text ?? "none")),
                DetailLine("Left", SafeText(s.remaining?.text ?? "—")),
                DetailLine("Payments", SafeText(String(s.payments))),
                DetailLine("Created", SafeText(time(s.createdAt))),
                DetailLine("Last active", SafeText(time(s.lastActive))),
            ]
            for approval in approvals where approval.sessionID == id {
                lines.append(DetailLine("Pending", SafeText("\(approval.label) \(approval.toolName) \(approval.amount?.text ?? "")")))
            }
            lines += s.details
            return ("Session \(s.displayName)", lines)
        case .approval(let id):
            guard let a = approvals.first(where: { $0.id == id }) else { return nil }
            let left = a.expiresAt - now
            var lines = approvalFacts(a)
            lines.append(DetailLine("Requested", SafeText(time(a.createdAt))))
            lines.append(DetailLine("Expires", SafeText(time(a.expiresAt) + (left > 0 ? " (in \(TimeFormat.duration(ms: left)))" : " (expired)"))))
            let argLines = a.toolArgs.lines
            for (index, line) in argLines.enumerated() {
                lines.append(DetailLine(index == 0 ? "Arguments" : "", SafeText(line, maxWidth: 400)))
            }
            return ("Approval \(a.label)", lines)
        case .payment(let id):
            guard let p = payments.first(where: { $0.id == id }) else { return nil }
            var lines = [
                DetailLine("Payment", p.label),
                DetailLine("Status", SafeText(p.status.rawValue + (p.failureReason.map { " — \($0)" } ?? ""))),
                DetailLine("Session", p.sessionLabel ?? "—"),
                DetailLine("Service", p.service),
                DetailLine("Resource", p.resource),
                DetailLine("Amount", SafeText(p.amount.text + (p.amountUSD.symbol == p.amount.symbol ? "" : " (\(p.amountUSD.text))")
                    + (p.maximum.map { max in p.status == .confirmed ? " charged, of at most \(max.text) (upto)" : " held, at most (upto)" } ?? ""))),
                DetailLine("Payee", p.payee),
                DetailLine("Payer", p.payer),
                DetailLine("Network", p.network),
                DetailLine("Tx hash", p.txHash ?? "—"),
                DetailLine("Created", SafeText(time(p.time))),
            ]
            if let settled = p.settledAt {
                lines.append(DetailLine("Settled", SafeText(time(settled) + " (\(settled - p.time) ms)")))
            }
            if let valid = p.validBefore { lines.append(DetailLine("Valid before", SafeText(time(valid)))) }
            return ("Payment \(p.label)", lines)
        case .event(let seq):
            guard let e = events.rows.first(where: { $0.seq == seq }) else { return nil }
            var lines = [
                DetailLine("Seq", SafeText(String(e.seq))),
                DetailLine("Time", SafeText(time(e.time))),
                DetailLine("Type", e.type),
                DetailLine("Session", e.sessionLabel ?? "—"),
                DetailLine("Subject", e.subjectID ?? "—"),
                DetailLine("Actor", e.actor),
            ]
            for (index, line) in e.detail.lines.enumerated() {
                lines.append(DetailLine(index == 0 ? "Data" : "", SafeText(line, maxWidth: 400)))
            }
            return ("Event #\(e.seq)", lines)
        case .budget(let label):
            guard let b = budgets.first(where: { $0.label.value == label }) else { return nil }
            return ("Budget \(b.label)", [
                DetailLine("Budget", b.label),
                DetailLine("Spent", SafeText(b.spent.text)),
                DetailLine("Limit", SafeText(b.limit.text)),
                DetailLine("Used", SafeText("\(b.spent.permille(of: b.limit) / 10)%")),
            ])
        }
    }
}

extension ConsoleModel {
    /// Filters kept for `/` history.
    static let filterHistoryLimit = 50

    /// Adds a submitted filter to the history (not twice in a row, at most ``filterHistoryLimit``).
    mutating func remember(filter text: String) {
        guard !text.isEmpty, filterHistory.last != text else { return }
        filterHistory.append(text)
        if filterHistory.count > Self.filterHistoryLimit { filterHistory.removeFirst(filterHistory.count - Self.filterHistoryLimit) }
    }
}
