/// How many colours the terminal can show. Themes are resolved at one depth (nearest-colour degradation).
public enum ColorDepth: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// No colour at all (NO_COLOR, or a terminal without colours): roles map to attributes.
    case mono = 0
    /// The 16 ANSI colours.
    case ansi16 = 1
    /// The xterm-256 palette.
    case ansi256 = 2
    /// 24-bit colour.
    case truecolor = 3

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .mono: return "mono"
        case .ansi16: return "16"
        case .ansi256: return "256"
        case .truecolor: return "truecolor"
        }
    }

    /// Parses `mono`, `16`, `256`, `truecolor` (also `24bit`, `8`).
    public init?(name: String) {
        switch name.lowercased() {
        case "mono", "none", "0", "2": self = .mono
        case "8", "16", "ansi": self = .ansi16
        case "256": self = .ansi256
        case "truecolor", "24bit", "24-bit", "rgb": self = .truecolor
        default: return nil
        }
    }

    /// Detects the depth from the environment: `NO_COLOR` (set, non-empty) → mono; `COLORTERM`
    /// truecolor/24bit → truecolor; `TERM` containing `256color` → 256; `TERM` dumb or unset → mono; else 16.
    public static func detect(environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .mono }
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .truecolor }
        let term = (environment["TERM"] ?? "").lowercased()
        if term.contains("direct") { return .truecolor }
        if term.contains("256color") { return .ansi256 }
        if term.isEmpty || term == "dumb" { return .mono }
        return .ansi16
    }
}
