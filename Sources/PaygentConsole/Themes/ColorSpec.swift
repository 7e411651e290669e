import PaygentFoundation

/// A colour as written in a theme file: `default`, an ANSI name (`red`, `bright-blue`), a 256-palette
/// index (`color208` or an integer), or `#rrggbb`.
public enum ColorSpec: Hashable, Sendable, CustomStringConvertible {
    case `default`
    case ansi(UInt8)
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// Parses a colour value. Returns nil for anything unknown.
    public init?(parsing text: String) {
        let value = text.trimmed(.spacesAndTabs).lowercased()
        if value == "default" || value == "none" || value == "reset" { self = .default; return }
        if let index = Palette.ansiNames.firstIndex(of: value.replacing("_", with: "-")) {
            self = .ansi(UInt8(index)); return
        }
        if value == "gray" || value == "grey" { self = .ansi(8); return }
        if value.hasPrefix("#") {
            let hex = value.dropFirst()
            guard hex.count == 6 || hex.count == 3, let number = UInt32(hex, radix: 16) else { return nil }
            if hex.count == 3 {
                let r = UInt8((number >> 8) & 0xf) * 17, g = UInt8((number >> 4) & 0xf) * 17, b = UInt8(number & 0xf) * 17
                self = .rgb(r, g, b)
            } else {
                self = .rgb(UInt8(number >> 16), UInt8((number >> 8) & 0xff), UInt8(number & 0xff))
            }
            return
        }
        if value.hasPrefix("color"), let n = UInt8(value.dropFirst(5)) { self = .indexed(n); return }
        if let n = UInt8(value) { self = .indexed(n); return }
        return nil
    }

    public var description: String {
        switch self {
        case .default: return "default"
        case .ansi(let n): return Palette.ansiNames[Int(n)]
        case .indexed(let n): return "color\(n)"
        case .rgb(let r, let g, let b): return TerminalColor.rgb(r, g, b).description
        }
    }

    /// The colour as a terminal of `depth` shows it (nearest colour when the depth is lower).
    /// At ``ColorDepth/mono`` every colour is the terminal default.
    public func resolved(at depth: ColorDepth) -> TerminalColor {
        switch (self, depth) {
        case (.default, _), (_, .mono): return .default
        case (.ansi(let n), _): return .ansi(n)
        case (.indexed(let n), .ansi16): return .ansi(n < 16 ? n : Palette.nearestANSI(Palette.rgb(ofIndex: n)))
        case (.indexed(let n), _): return n < 16 ? .ansi(n) : .indexed(n)
        case (.rgb(let r, let g, let b), .truecolor): return .rgb(r, g, b)
        case (.rgb(let r, let g, let b), .ansi256): return .indexed(Palette.nearest256((r, g, b)))
        case (.rgb(let r, let g, let b), .ansi16): return .ansi(Palette.nearestANSI((r, g, b)))
        }
    }
}
