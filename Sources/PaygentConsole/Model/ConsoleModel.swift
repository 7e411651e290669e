import PaygentEVM
import PaygentFoundation
/// Everything the console shows, as plain values. Rendering reads it and nothing else; keys and
/// data change it through ``handle(_:registry:)``, ``apply(_:)`` and ``tick(now:)``, which return
/// effects (loads, commands) for the runtime to carry out. No I/O happens here.
public struct ConsoleModel: Sendable {
    // MARK: Configuration
    public var readOnly: Bool
    /// `embedded` or the server URL.
    public var modeLabel: String
    /// Offset of displayed times from UTC.
    public var utcOffsetSeconds: Int
    /// Approving at least this amount (in the approval's token units) asks first.
    public var confirmAbove: String
    /// Whether `y` copies with OSC 52 (config `clipboard = true`).
    public var clipboardEnabled = false
    /// Whether the terminal reports clicks and the wheel (`m`; config `mouse = true`).
    public var mouseEnabled = false
    /// Filters typed before, oldest first (`/` then up/down).
    public internal(set) var filterHistory: [String] = []
    /// Position in ``filterHistory`` while browsing it with up/down (nil: not browsing).
    var filterHistoryIndex: Int?
    /// Theme names offered by `:theme` completion.
    public var themeNames: [String]
    /// Current theme name (header).
    public var themeName: String
    /// Shown in an empty Sessions pane (first run).
    public var emptyHint: [String]
    /// Events per page loaded from the store.
    public var eventPageSize = 200

    // MARK: Time and layout
    public private(set) var now: EpochMillis
    public private(set) var layout: ScreenLayout
    public private(set) var focus: PaneID = .sessions
    public private(set) var zoomed = false

    // MARK: Data
    public private(set) var overview: OverviewRecord = .empty
    public internal(set) var sessions: [SessionRecord] = []
    public internal(set) var approvals: [ApprovalRecord] = []
    public internal(set) var payments: [PaymentRecord] = []
    public private(set) var budgets: [BudgetRecord] = []
    public private(set) var events: EventWindow
    public private(set) var connection: ConnectionState = .connecting
    /// Whether the first snapshot has arrived.
    public private(set) var loaded = false
    /// Why the last load failed, while nothing has loaded yet (panes show it instead of "Loading…").
    public private(set) var loadError: String?
    /// The policy, once `:policy` has loaded it.
    public private(set) var policy: PolicyRecord?
    /// USD spent per minute over the last hour (60 buckets, oldest first), in micro-dollars.
    public private(set) var spendSeries: [UInt64] = Array(repeating: 0, count: 60)

    // MARK: Interaction
    public internal(set) var panes: [PaneID: PaneState] = Dictionary(uniqueKeysWithValues: PaneID.allCases.map { ($0, PaneState()) })
    /// Events pane follows the live tail.
    public internal(set) var following = true
    public internal(set) var overlay: Overlay?
    public internal(set) var prompt: PromptMode?
    public internal(set) var status: StatusMessage?
    /// What must be redrawn; the renderer clears it.
    public var dirty: DirtySet = .all

    // MARK: Change tracking and scheduling
    /// Session id → until when its spend shows as changed.
    public private(set) var spendFlash: [String: EpochMillis] = [:]
    /// Approval id → until when it shows as new.
    public private(set) var newApprovals: [String: EpochMillis] = [:]
    var refreshWanted = false
    /// Whether to reload every ``periodicRefreshMillis`` without events. A remote console turns it
    /// off: its panes refresh from the event stream only, so an idle console sends no requests.
    public var periodicRefresh = true
    /// Contexts `:ctx` can switch to (`local` and the config's `[contexts.NAME]`), and the current one.
    public var contextNames: [String] = []
    public var contextName: String?
    var refreshInFlight = false
    var lastRefreshAt: EpochMillis = 0
    var loadingOlder = false
    var loadingNewer = false
    var lastSecond: Int64 = 0
    var lastMinute: Int64 = 0
    var seriesFromBackend = false

    /// How long status messages stay.
    static let statusMillis: EpochMillis = 4000
    /// Coalescing interval for data reloads triggered by events. With the store's 40 ms watch of
    /// other processes' commits, a change anywhere on the store shows within 250 ms.
    static let refreshCoalesceMillis: EpochMillis = 200
    /// Reload even without events this often (clock-driven changes such as expiries elsewhere).
    static let periodicRefreshMillis: EpochMillis = 15_000
    /// Until the first snapshot has loaded, a failed load is retried this often.
    static let retryMillis: EpochMillis = 3_000
    /// An approval this close to its deadline is shown in the danger colour.
    public static let expiringMillis: EpochMillis = 30_000

    public init(size: TerminalSize, now: EpochMillis, readOnly: Bool = false, modeLabel: String = "embedded",
                utcOffsetSeconds: Int = 0, confirmAbove: String = "10.00", eventWindow: Int = 2000,
                themeNames: [String] = ThemeLoader.builtinNames, themeName: String = "default",
                emptyHint: [String] = ConsoleModel.defaultEmptyHint) {
        self.now = now
        self.readOnly = readOnly
        self.modeLabel = modeLabel
        self.utcOffsetSeconds = utcOffsetSeconds
        self.confirmAbove = confirmAbove
        self.themeNames = themeNames
        self.themeName = themeName
        self.emptyHint = emptyHint
        events = EventWindow(capacity: eventWindow)
        layout = ScreenLayout.compute(size: size, focus: .sessions, zoom: false)
        lastSecond = now / 1000
        lastMinute = now / 60_000
    }

    /// The first-run hint.
    public static let defaultEmptyHint = [
        "No agent sessions yet.",
        "Start an agent with `paygent agent run \"…\"`, or try the demo fleet: `paygent --demo`.",
        "Press ? for keys, q to quit.",
    ]

    /// Effects to run at start-up.
    public static let startupEffects: [ConsoleEffect] = [.refresh, .loadEventTail]

    // MARK: Layout

    /// Re-lays out for a new terminal size (after a debounced resize).
    public mutating func resize(_ size: TerminalSize) {
        layout = ScreenLayout.compute(size: size, focus: focus, zoom: zoomed)
        clampAll()
        dirty = .all
    }

    mutating func relayout() {
        let next = ScreenLayout.compute(size: layout.size, focus: focus, zoom: zoomed)
        if next != layout {
            layout = next
            dirty = .all
        }
        clampAll()
    }

    mutating func setFocus(_ pane: PaneID) {
        guard pane != focus else { return }
        markDirty(focus)
        focus = pane
        markDirty(pane)
        dirty.insert(.footer)
        relayout()
    }

    mutating func toggleZoom() {
        zoomed.toggle()
        relayout()
        dirty = .all
    }

    /// Rows available for data in a pane (inside the border, below the column headings).
    public func contentHeight(_ pane: PaneID) -> Int {
        guard let rect = layout.panes[pane], rect.height >= 3 else { return 0 }
        switch pane {
        case .budgets: return rect.height - 2 >= 5 ? rect.height - 6 : (rect.height == 3 ? 1 : max(0, rect.height - 3))
        default: return rect.height == 3 ? 1 : max(0, rect.height - 3)
        }
    }

    mutating func markDirty(_ pane: PaneID) {
        dirty.insert(.pane(pane))
        if overlay != nil { dirty.insert(.overlay) }
    }

    // MARK: Rows

    /// Indices of the rows of `pane` that pass its filter, in display order.
    public func visibleIndices(_ pane: PaneID) -> [Int] {
        let filter = panes[pane]?.filter
        func select(_ count: Int, _ text: (Int) -> String) -> [Int] {
            guard let filter, !filter.text.isEmpty else { return Array(0..<count) }
            return (0..<count).filter { filter.matches(text($0)) }
        }
        switch pane {
        case .sessions: return select(sessions.count) { sessions[$0].search }
        case .events: return select(events.rows.count) { events.rows[$0].search }
        case .approvals: return select(approvals.count) { approvals[$0].search }
        case .budgets: return select(budgets.count) { budgets[$0].search }
        case .payments: return select(payments.count) { payments[$0].search }
        }
    }

    func key(of pane: PaneID, index: Int) -> String? {
        switch pane {
        case .sessions: return sessions.indices.contains(index) ? sessions[index].id : nil
        case .events: return events.rows.indices.contains(index) ? String(events.rows[index].seq) : nil
        case .approvals: return approvals.indices.contains(index) ? approvals[index].id : nil
        case .budgets: return budgets.indices.contains(index) ? budgets[index].label.value : nil
        case .payments: return payments.indices.contains(index) ? payments[index].id : nil
        }
    }

    /// Index (into the pane's records) of the selected row.
    public func selectedIndex(_ pane: PaneID) -> Int? {
        let visible = visibleIndices(pane)
        guard let state = panes[pane], visible.indices.contains(state.selected) else { return nil }
        return visible[state.selected]
    }

    public var selectedSession: SessionRecord? { selectedIndex(.sessions).map { sessions[$0] } }
    public var selectedApproval: ApprovalRecord? { selectedIndex(.approvals).map { approvals[$0] } }
    public var selectedPayment: PaymentRecord? { selectedIndex(.payments).map { payments[$0] } }
    public var selectedEvent: EventRecord? { selectedIndex(.events).map { events.rows[$0] } }
    public var selectedBudget: BudgetRecord? { selectedIndex(.budgets).map { budgets[$0] } }

    public func session(id: String) -> SessionRecord? { sessions.first { $0.id == id } }

    mutating func clampAll() {
        for pane in PaneID.allCases { clamp(pane) }
    }

    mutating func clamp(_ pane: PaneID) {
        let count = visibleIndices(pane).count
        var state = panes[pane] ?? PaneState()
        if pane == .events && following { state.selected = max(0, count - 1) }
        state.clamp(count: count, height: contentHeight(pane))
        let visible = visibleIndices(pane)
        state.selectedKey = visible.indices.contains(state.selected) ? key(of: pane, index: visible[state.selected]) : nil
        panes[pane] = state
    }

    /// After data changed: find the previously selected row again by its key.
    mutating func reselect(_ pane: PaneID) {
        if pane != .events, panes[pane]?.moved != true {
            // Following: the first row (the newest in the natural order) stays selected and in view.
            panes[pane]?.selected = 0
            panes[pane]?.top = 0
            clamp(pane)
            return
        }
        guard let key = panes[pane]?.selectedKey else { clamp(pane); return }
        let visible = visibleIndices(pane)
        if let position = visible.firstIndex(where: { self.key(of: pane, index: $0) == key }) {
            panes[pane]?.selected = position
        }
        clamp(pane)
    }

    // MARK: Status

    mutating func setStatus(_ text: String, _ role: ThemeRole = .text) {
        status = StatusMessage(text: UntrustedText(text, maxWidth: 200).value, role: role, expiresAt: now + Self.statusMillis)
        dirty.insert(.footer)
    }

    // MARK: Data in

    /// Applies a result from the runtime.
    public mutating func apply(_ message: ConsoleMessage) -> [ConsoleEffect] {
        switch message {
        case .snapshot(let snapshot):
            refreshInFlight = false
            applySnapshot(snapshot)
        case .eventTail(let page):
            events.resetToTail(page, pageLimit: eventPageSize)
            following = true
            loadingNewer = false
            clamp(.events)
            markDirty(.events)
        case .olderEvents(let page):
            loadingOlder = false
            let added = events.prependOlder(page, pageLimit: eventPageSize)
            if added > 0 {
                panes[.events]?.selected += added
                panes[.events]?.top += added
                // Keep the row under the cursor where it was, then step onto the first new row above.
                panes[.events]?.selected -= 1
            }
            clamp(.events)
            markDirty(.events)
        case .newerEvents(let page):
            loadingNewer = false
            let dropped = events.appendNewer(page, pageLimit: eventPageSize)
            if dropped > 0 {
                panes[.events]?.selected -= dropped
                panes[.events]?.top -= dropped
            }
            panes[.events]?.selected += page.isEmpty ? 0 : 1
            clamp(.events)
            markDirty(.events)
        case .live(let batch):
            guard !batch.isEmpty else { return [] }
            let dropped = events.appendLive(batch, following: following)
            if !following, dropped > 0 {
                panes[.events]?.selected -= dropped
                panes[.events]?.top -= dropped
            }
            clamp(.events)
            markDirty(.events)
            refreshWanted = true
        case .connection(let state):
            if connection != state {
                // Back after a disconnect: the replayed events refresh the panes, and so does this
                // (changes that made no event, such as a restart, show at once).
                if state == .live, connection != .connecting {
                    refreshWanted = true
                    lastRefreshAt = 0
                }
                connection = state
                dirty.insert(.header)
            }
        case .commandSucceeded(let command, let text):
            setStatus(text.isEmpty ? "\(command): done" : text, .ok)
            refreshWanted = true
            lastRefreshAt = 0
            if case .setPolicy = command { return [.loadPolicy] }
        case .commandFailed(_, let text):
            setStatus(text, .danger)
            refreshWanted = true
            lastRefreshAt = 0
        case .policy(let record):
            policy = record
            refreshDetail()
        case .sessionDetails(let id, let lines):
            if case .detail(var view)? = overlay, view.subject == .session(id) {
                view.extra = lines
                overlay = .detail(view)
                dirty.insert(.overlay)
            }
        case .loadFailed(let text):
            if !loaded {
                loadError = UntrustedText(text, maxWidth: 160).value
                dirty = .all
            }
            refreshInFlight = false
            loadingOlder = false
            loadingNewer = false
            setStatus(text, .danger)
        case .status(let text, let role):
            setStatus(text, role)
        }
        return []
    }

    mutating func applySnapshot(_ snapshot: DataSnapshot) {
        let firstLoad = !loaded
        loaded = true
        // Every pane drew "Loading…" before this: redraw them all, also those whose data is empty
        // (an empty list equals the empty list before, and would otherwise never be repainted).
        if firstLoad { dirty = .all }
        if loadError != nil {
            loadError = nil
            dirty = .all
        }
        if snapshot.overview != overview {
            overview = snapshot.overview
            dirty.insert(.header)
        }
        // Sessions: live ones first, newest first (or the operator's sort).
        let sortedSessions = ordered(sessions: snapshot.sessions)
        if sortedSessions != sessions {
            let before = Dictionary(sessions.map { ($0.id, $0.spent.units) }, uniquingKeysWith: { a, _ in a })
            for session in sortedSessions {
                if let old = before[session.id], session.spent.units > old { spendFlash[session.id] = now + 3000 }
            }
            sessions = sortedSessions
            reselect(.sessions)
            markDirty(.sessions)
        }
        let sortedApprovals = ordered(approvals: snapshot.approvals)
        if sortedApprovals != approvals {
            let known = Set(approvals.map(\.id))
            if !firstLoad {
                let fresh = sortedApprovals.filter { !known.contains($0.id) }
                for approval in fresh { newApprovals[approval.id] = now + 5000 }
                if let first = fresh.first {
                    let amount = first.amount?.text ?? ""
                    setStatus("New approval \(first.label) · \(first.sessionLabel) · \(amount)", .approval)
                }
            }
            approvals = sortedApprovals
            reselect(.approvals)
            markDirty(.approvals)
        }
        let sortedPayments = ordered(payments: snapshot.payments)
        if sortedPayments != payments {
            payments = sortedPayments
            reselect(.payments)
            markDirty(.payments)
            recomputeSpendSeries()
        }
        if let series = snapshot.spendPerMinute {
            seriesFromBackend = true
            let fitted = Array((Array(repeating: UInt64(0), count: 60) + series).suffix(60))
            if fitted != spendSeries {
                spendSeries = fitted
                markDirty(.budgets)
            }
        }
        if snapshot.budgets != budgets {
            budgets = snapshot.budgets
            reselect(.budgets)
            markDirty(.budgets)
        }
        refreshDetail()
    }

    mutating func recomputeSpendSeries() {
        guard !seriesFromBackend else { return }
        var series = Array(repeating: UInt64(0), count: 60)
        let minuteNow = now / 60_000
        for payment in payments where payment.status != .failed {
            let age = minuteNow - payment.time / 60_000
            guard age >= 0, age < 60 else { continue }
            // The sparkline is in whole micro-dollars per minute; a minute past 2^64 of them pins at the top.
            let (sum, overflow) = UInt256(series[59 - Int(age)]).addingReportingOverflow(payment.amountUSD.units)
            series[59 - Int(age)] = overflow ? .max : sum.uint64Value ?? .max
        }
        if series != spendSeries {
            spendSeries = series
            markDirty(.budgets)
        }
    }

    // MARK: Time

    /// Advances the clock: expires status messages and highlights, ticks countdowns and the header
    /// clock (minute resolution, so an idle console redraws nothing), and schedules coalesced reloads.
    public mutating func tick(now newNow: EpochMillis) -> [ConsoleEffect] {
        now = newNow
        var effects: [ConsoleEffect] = []
        if let status, status.expiresAt <= now {
            self.status = nil
            dirty.insert(.footer)
        }
        let second = now / 1000, minute = now / 60_000
        if minute != lastMinute {
            lastMinute = minute
            dirty.insert(.header)
            recomputeSpendSeries()
        }
        if second != lastSecond {
            lastSecond = second
            if !approvals.isEmpty { markDirty(.approvals) }
            if case .detail(let view)? = overlay, case .approval = view.subject { refreshDetail() }
        }
        for (id, until) in spendFlash where until <= now {
            spendFlash[id] = nil
            markDirty(.sessions)
        }
        for (id, until) in newApprovals where until <= now {
            newApprovals[id] = nil
            markDirty(.approvals)
        }
        if !refreshInFlight {
            let due = (refreshWanted && now - lastRefreshAt >= Self.refreshCoalesceMillis)
                || (loaded && periodicRefresh && now - lastRefreshAt >= Self.periodicRefreshMillis)
                || (loadError != nil && now - lastRefreshAt >= Self.retryMillis)
            if due {
                refreshWanted = false
                refreshInFlight = true
                lastRefreshAt = now
                effects.append(.refresh)
            }
        }
        return effects
    }

    /// Milliseconds until something time-based needs attention (the runtime sleeps at most this long).
    public func millisUntilNextDeadline() -> EpochMillis {
        var next: EpochMillis = 60_000 - now % 60_000
        if let status { next = min(next, status.expiresAt - now) }
        if !approvals.isEmpty { next = min(next, 1000 - now % 1000) }
        for until in spendFlash.values { next = min(next, until - now) }
        for until in newApprovals.values { next = min(next, until - now) }
        if refreshWanted && !refreshInFlight { next = min(next, Self.refreshCoalesceMillis - (now - lastRefreshAt)) }
        if loaded && periodicRefresh && !refreshInFlight { next = min(next, Self.periodicRefreshMillis - (now - lastRefreshAt)) }
        if loadError != nil && !refreshInFlight { next = min(next, Self.retryMillis - (now - lastRefreshAt)) }
        return max(1, next)
    }
}
