/// A colour as a terminal can show it. Which cases appear depends on the ``ColorDepth`` a theme was resolved at.
public enum TerminalColor: Hashable, Sendable, CustomStringConvertible {
    /// The terminal's own foreground or background (ncurses `use_default_colors`, colour -1).
    case `default`
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(UInt8)
    /// An xterm-256 palette index.
    case indexed(UInt8)
    /// 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    public var description: String {
        switch self {
        case .default: return "default"
        case .ansi(let n): return "ansi\(n)"
        case .indexed(let n): return "c\(n)"
        case .rgb(let r, let g, let b):
            let hex = (Int(r) << 16) | (Int(g) << 8) | Int(b)
            let text = String(hex, radix: 16)
            return "#" + String(repeating: "0", count: 6 - text.count) + text
        }
    }
}

/// Text attributes, typed (never in-band markup).
public struct TextAttributes: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let reverse = TextAttributes(rawValue: 8)
    public static let italic = TextAttributes(rawValue: 16)

    public var description: String {
        var names: [String] = []
        if contains(.bold) { names.append("bold") }
        if contains(.dim) { names.append("dim") }
        if contains(.underline) { names.append("underline") }
        if contains(.reverse) { names.append("reverse") }
        if contains(.italic) { names.append("italic") }
        return names.joined(separator: "+")
    }
}

/// The resolved look of one cell: foreground, background, attributes.
public struct CellStyle: Hashable, Sendable, CustomStringConvertible {
    public var fg: TerminalColor
    public var bg: TerminalColor
    public var attrs: TextAttributes

    public init(fg: TerminalColor = .default, bg: TerminalColor = .default, attrs: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }

    /// The terminal's default colours, no attributes.
    public static let plain = CellStyle()

    public var description: String {
        var text = "fg=\(fg) bg=\(bg)"
        if !attrs.isEmpty { text += " " + attrs.description }
        return text
    }

    /// This style with extra attributes.
    public func adding(_ extra: TextAttributes) -> CellStyle {
        var copy = self
        copy.attrs.formUnion(extra)
        return copy
    }
}

/// A piece of text in one style; a line is a sequence of runs.
public struct StyledRun: Hashable, Sendable {
    public var text: String
    public var style: CellStyle
    public init(_ text: String, _ style: CellStyle) {
        self.text = text
        self.style = style
    }
}
