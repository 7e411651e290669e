/// One key press as the console understands it, independent of the terminal that produced it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    /// A printable character (already decoded from UTF-8 / wide input).
    case char(Character)
    /// Control plus a letter (`ctrl(c)` is ctrl-c). Tab, enter, backspace and esc have their own cases.
    case ctrl(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, esc, tab, backTab, backspace, delete, insert
    /// Function key F1…F12.
    case function(Int)
    /// The terminal changed size (ncurses KEY_RESIZE).
    case resize
    /// A click or a wheel step, when mouse reporting is on (`m`).
    case mouse(MouseEvent)

    /// The name used in the config file and in help text: `a`, `K`, `ctrl-c`, `tab`, `shift-tab`, `pgup`, `f1`…
    public var description: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .enter: return "enter"
        case .esc: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .insert: return "insert"
        case .function(let n): return "f\(n)"
        case .resize: return "resize"
        case .mouse(let event): return "mouse-\(event.kind.rawValue)"
        }
    }

    /// Short form for the footer: arrows and such as glyphs.
    public var hintLabel: String {
        switch self {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "⏎"
        default: return description
        }
    }

    /// Parses a key name as written in the config file (see ``description``). Case matters for letters.
    public init?(name: String) {
        let lower = name.lowercased()
        switch lower {
        case "space": self = .char(" "); return
        case "up": self = .up; return
        case "down": self = .down; return
        case "left": self = .left; return
        case "right": self = .right; return
        case "home": self = .home; return
        case "end": self = .end; return
        case "pgup", "pageup": self = .pageUp; return
        case "pgdn", "pgdown", "pagedown": self = .pageDown; return
        case "enter", "return": self = .enter; return
        case "esc", "escape": self = .esc; return
        case "tab": self = .tab; return
        case "shift-tab", "backtab", "btab": self = .backTab; return
        case "backspace": self = .backspace; return
        case "delete", "del": self = .delete; return
        case "insert", "ins": self = .insert; return
        default: break
        }
        if lower.hasPrefix("ctrl-") || lower.hasPrefix("c-") {
            let rest = lower.drop(while: { $0 != "-" }).dropFirst()
            guard rest.count == 1, let c = rest.first, c.isLetter, c.isASCII else { return nil }
            self = .ctrl(c)
            return
        }
        if lower.count >= 2, lower.first == "f", let n = Int(lower.dropFirst()), (1...12).contains(n) {
            self = .function(n)
            return
        }
        guard name.count == 1, let c = name.first, !c.isWhitespace,
              c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) else { return nil }
        self = .char(c)
    }
}

/// A mouse report: where (screen cell) and what.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case click
        case wheelUp = "wheel-up"
        case wheelDown = "wheel-down"
    }

    public var kind: Kind
    public var row: Int
    public var col: Int

    public init(_ kind: Kind, row: Int, col: Int) {
        self.kind = kind
        self.row = row
        self.col = col
    }
}
