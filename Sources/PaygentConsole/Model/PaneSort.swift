import PaygentEVM

/// A pane's sort order chosen by the operator: `s` cycles the column (then back to the pane's
/// natural order), `S` reverses the direction. Shown in the pane's title.
public struct PaneSort: Hashable, Sendable {
    /// Column title, as in the pane's headings.
    public var column: String
    public var descending: Bool

    public init(column: String, descending: Bool) {
        self.column = column
        self.descending = descending
    }

    /// Title text: `AMOUNT↓`.
    public func label(glyphs: Glyphs) -> String { column + (descending ? glyphs.down : glyphs.up) }
}

/// What a cell sorts by: numbers as numbers (amounts exactly, in base units; a missing amount
/// first), text case-insensitively.
enum SortKey: Comparable {
    case number(Int64)
    case amount(UInt256)
    case text(String)

    static func money(_ money: TokenAmount?) -> SortKey { money.map { .amount($0.units) } ?? .number(-1) }
}

extension ConsoleModel {
    /// Columns `s` cycles through, per sortable pane (Sessions, Approvals, Payments).
    public static func sortColumns(_ pane: PaneID) -> [String] {
        switch pane {
        case .sessions: return ["STATUS", "NAME", "SPENT", "LEFT", "PAYS", "ACTIVE"]
        case .approvals: return ["EXPIRES", "AMOUNT", "SESSION", "TOOL"]
        case .payments: return ["TIME", "AMOUNT", "STATUS", "SERVICE", "SESSION"]
        case .events, .budgets: return []
        }
    }

    /// `s`: the next column (numbers start largest first, text A→Z), after the last one the natural order.
    mutating func cycleSort() {
        let columns = Self.sortColumns(focus)
        guard !columns.isEmpty else {
            setStatus("\(focus.title) cannot be sorted", .dim)
            return
        }
        let current = panes[focus]?.sort
        let next: PaneSort?
        if let current, let index = columns.firstIndex(of: current.column) {
            next = index + 1 < columns.count ? PaneSort(column: columns[index + 1], descending: defaultDescending(columns[index + 1])) : nil
        } else {
            next = PaneSort(column: columns[0], descending: defaultDescending(columns[0]))
        }
        setSort(next)
        setStatus(next.map { "sorted by \($0.column)\($0.descending ? " (descending)" : "")" } ?? "natural order", .dim)
    }

    /// `S`: reverses the current sort (the natural order reversed when none is chosen).
    mutating func reverseSort() {
        let columns = Self.sortColumns(focus)
        guard !columns.isEmpty else { return }
        var sort = panes[focus]?.sort ?? PaneSort(column: columns[0], descending: defaultDescending(columns[0]))
        sort.descending.toggle()
        setSort(sort)
    }

    private func defaultDescending(_ column: String) -> Bool {
        !["NAME", "SESSION", "TOOL", "SERVICE", "STATUS", "EXPIRES"].contains(column)
    }

    private mutating func setSort(_ sort: PaneSort?) {
        panes[focus]?.sort = sort
        switch focus {
        case .sessions: sessions = ordered(sessions: sessions)
        case .approvals: approvals = ordered(approvals: approvals)
        case .payments: payments = ordered(payments: payments)
        case .events, .budgets: break
        }
        reselect(focus)
        markDirty(focus)
    }

    // MARK: Orders

    /// Sessions in their natural order (live first, newest first), then the operator's sort.
    func ordered(sessions records: [SessionRecord]) -> [SessionRecord] {
        let natural = records.sorted {
            if $0.status.isFinal != $1.status.isFinal { return !$0.status.isFinal }
            if $0.createdAt != $1.createdAt { return $0.createdAt > $1.createdAt }
            return $0.id < $1.id
        }
        return Self.sorted(natural, by: panes[.sessions]?.sort) { s, column in
            switch column {
            case "STATUS": return .text(s.status.rawValue)
            case "NAME": return .text(s.displayName.value.lowercased())
            case "SPENT": return .money(s.spent)
            case "LEFT": return .money(s.remaining)
            case "PAYS": return .number(Int64(s.payments))
            default: return .number(s.lastActive)
            }
        }
    }

    /// Approvals in their natural order — oldest first, as the oldest is nearest its deadline
    /// (CONSOLE.md) — then the operator's sort.
    func ordered(approvals records: [ApprovalRecord]) -> [ApprovalRecord] {
        let natural = records.sorted { $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id }
        return Self.sorted(natural, by: panes[.approvals]?.sort) { a, column in
            switch column {
            case "AMOUNT": return .money(a.amountUSD ?? a.amount)
            case "SESSION": return .text((session(id: a.sessionID)?.displayName.value ?? a.sessionLabel.value).lowercased())
            case "TOOL": return .text(a.toolName.value.lowercased())
            default: return .number(a.expiresAt)
            }
        }
    }

    /// Payments in their natural order (newest first), then the operator's sort.
    func ordered(payments records: [PaymentRecord]) -> [PaymentRecord] {
        let natural = records.sorted { $0.time != $1.time ? $0.time > $1.time : $0.id > $1.id }
        return Self.sorted(natural, by: panes[.payments]?.sort) { p, column in
            switch column {
            case "AMOUNT": return .money(p.amountUSD)
            case "STATUS": return .text(p.status.rawValue)
            case "SERVICE": return .text(p.service.value.lowercased())
            case "SESSION": return .text(paymentSessionName(p).lowercased())
            default: return .number(p.time)
            }
        }
    }

    /// The session name shown for a payment (the id label when the session is unknown).
    func paymentSessionName(_ p: PaymentRecord) -> String {
        guard let id = p.sessionID else { return "" }
        return session(id: id)?.displayName.value ?? p.sessionLabel?.value ?? id
    }

    /// Stable sort by `key` of `sort.column` (ties keep the natural order).
    static func sorted<T>(_ records: [T], by sort: PaneSort?, key: (T, String) -> SortKey) -> [T] {
        guard let sort else { return records }
        let keyed = records.enumerated().map { (offset: $0.offset, key: key($0.element, sort.column), record: $0.element) }
        return keyed.sorted { a, b in
            if a.key != b.key { return sort.descending ? a.key > b.key : a.key < b.key }
            return a.offset < b.offset
        }.map(\.record)
    }
}
