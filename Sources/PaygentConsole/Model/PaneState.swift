/// A row filter: case-insensitive substring; a leading `!` inverts it.
public struct RowFilter: Hashable, Sendable {
    public var text: String
    public var inverted: Bool
    private let needle: String

    /// Parses what was typed after `/`: `!foo` keeps rows that do not contain "foo".
    public init(typed: String) {
        inverted = typed.hasPrefix("!")
        text = inverted ? String(typed.dropFirst()) : typed
        needle = text.lowercased()
    }

    /// The filter as typed.
    public var typed: String { (inverted ? "!" : "") + text }

    public func matches(_ haystack: String) -> Bool {
        guard !needle.isEmpty else { return true }
        return haystack.contains(needle) != inverted
    }
}

/// Selection and scrolling of one pane.
public struct PaneState: Hashable, Sendable {
    /// Index of the selected row among the visible (filtered) rows.
    public var selected = 0
    /// First visible row.
    public var top = 0
    public var filter: RowFilter?
    /// Identity of the selected row, so selection survives reloads.
    public var selectedKey: String?
    /// The operator's sort (nil: the pane's natural order, newest first).
    public var sort: PaneSort?
    /// The operator moved the selection away from the newest row: new rows no longer pull it
    /// to the top (as freezing does in Events). `g` (first row) follows again.
    public var moved = false

    public init() {}

    /// Keeps `selected` within `count` rows and in view of `height` rows.
    mutating func clamp(count: Int, height: Int) {
        selected = count == 0 ? 0 : max(0, min(selected, count - 1))
        let h = max(1, height)
        if selected < top { top = selected }
        if selected >= top + h { top = selected - h + 1 }
        top = max(0, min(top, max(0, count - h)))
    }
}

/// A one-line text input (filter, command prompt, dialog fields).
public struct LineEditor: Hashable, Sendable {
    public var text: String
    /// Maximum characters accepted.
    public var limit: Int

    public init(_ text: String = "", limit: Int = 200) {
        self.text = text
        self.limit = limit
    }

    /// Applies an editing key; returns false when the key is not an editing key.
    mutating func edit(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            if text.count < limit, !c.isNewline { text.append(c) }
            return true
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            return true
        case .ctrl("u"):
            text = ""
            return true
        case .ctrl("w"):
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
            return true
        default:
            return false
        }
    }
}
