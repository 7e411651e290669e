/// Text that came from outside (service names, agent output, tool arguments, remote errors) after
/// sanitising: the only form in which such text reaches a terminal, a pane, a log line or an error
/// message. The console's renderers accept nothing else for external strings; the CLI, the agent
/// runtime and the core's error messages sanitise through the same rules (``line(_:maxWidth:)``,
/// ``identifier(_:)``).
///
/// Sanitising removes C0 controls, DEL and C1 controls; removes escape sequences whole (CSI such as
/// `ESC [ 2 J`, OSC such as the clipboard write `ESC ] 52 ; c ; … BEL`, DCS/SOS/PM/APC strings, and
/// their 8-bit C1 forms); drops bidi overrides and isolates (U+202A–202E, U+2066–2069), invisible
/// marks and tag characters; turns tab into a space and line breaks into a visible `↵` (or keeps them
/// in multi-line mode); limits stacked combining marks; and caps the display width with an ellipsis.
public struct UntrustedText: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The sanitised text.
    public let value: String

    /// Default cap for one-line fields, in display cells.
    public static let defaultMaxWidth = 200

    /// Sanitises `raw` for one line, capped at `maxWidth` display cells.
    public init(_ raw: String, maxWidth: Int = UntrustedText.defaultMaxWidth) {
        value = Sanitizer.sanitize(raw, maxWidth: maxWidth, multiline: false)
    }

    /// Sanitises `raw` keeping line breaks (for detail views); each line is capped at `maxLineWidth`
    /// and at most `maxLines` lines are kept.
    public init(multiline raw: String, maxLineWidth: Int = 400, maxLines: Int = 200) {
        let text = Sanitizer.sanitize(raw, maxWidth: maxLineWidth * maxLines, multiline: true)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(maxLines + 1).map {
            DisplayWidth.truncate(String($0), to: maxLineWidth)
        }
        if lines.count > maxLines { lines = Array(lines.prefix(maxLines)) + ["…"] }
        value = lines.joined(separator: "\n")
    }

    /// Sanitises an identifier echoed back in a message (an id, a network name): one line, capped
    /// at ``identifierMaxWidth`` cells.
    public init(identifier raw: String) {
        self.init(raw, maxWidth: Self.identifierMaxWidth)
    }

    /// Cap for an echoed identifier, in display cells.
    public static let identifierMaxWidth = 64

    /// `raw` sanitised for one line and capped at `maxWidth` cells, as a plain string (for text
    /// printed by the CLI or kept in a message).
    public static func line(_ raw: String, maxWidth: Int = defaultMaxWidth) -> String {
        UntrustedText(raw, maxWidth: maxWidth).value
    }

    /// `raw` sanitised as an identifier (see ``init(identifier:)``), as a plain string.
    public static func identifier(_ raw: String) -> String {
        UntrustedText(identifier: raw).value
    }

    /// A literal from the console's own source (trusted, still sanitised: it costs nothing).
    public init(stringLiteral literal: String) {
        self.init(literal)
    }

    /// The empty text.
    public static let empty = UntrustedText("")

    public var description: String { value }
    public var isEmpty: Bool { value.isEmpty }
    /// Display width in cells.
    public var width: Int { DisplayWidth.of(value) }
    /// The lines of a multi-line text.
    public var lines: [String] { value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    public static func < (lhs: UntrustedText, rhs: UntrustedText) -> Bool { lhs.value < rhs.value }
}

/// The sanitising state machine behind ``UntrustedText``.
public enum Sanitizer {
    private enum State {
        case text
        case escape          // after ESC
        case escapeIntermediate
        case csi             // ESC [ or 0x9B: parameters until a final byte 0x40–0x7E
        case string          // OSC / DCS / SOS / PM / APC body until BEL or ST
        case stringEscape    // ESC seen inside a string: `\` ends it
    }

    /// Maximum combining marks kept on one base character (defeats "zalgo" text).
    static let maxCombiningMarks = 3

    /// Returns `raw` with everything unsafe removed and its display width capped at `maxWidth`
    /// (ellipsis included). Work is bounded by the cap, not by the input length.
    public static func sanitize(_ raw: String, maxWidth: Int, multiline: Bool) -> String {
        guard maxWidth > 0 else { return "" }
        // Fast path: plain printable ASCII.
        let utf8 = raw.utf8
        if utf8.count <= maxWidth, utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return raw }

        var out = String.UnicodeScalarView()
        var state = State.text
        var width = 0
        var combining = 0
        var lastWasCR = false
        let scanLimit = maxWidth + 2   // enough to know truncation is needed
        var overflow = false

        func emit(_ scalar: Unicode.Scalar) {
            let w = DisplayWidth.of(scalar)
            if w == 0 {
                if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
                    combining += 1
                    if combining > maxCombiningMarks { return }
                    if out.isEmpty || out.last == "\n" { out.append(" ") ; width += 1 }  // give a lone mark a base
                }
            } else {
                combining = 0
            }
            out.append(scalar)
            width += w
        }

        for scalar in raw.unicodeScalars {
            if width > scanLimit { overflow = true; break }
            let v = scalar.value
            switch state {
            case .text:
                if v == 0x1b { state = .escape; continue }
                if v == 0x9b { state = .csi; continue }
                if v == 0x9d || v == 0x90 || v == 0x98 || v == 0x9e || v == 0x9f { state = .string; continue }
                if v == 0x0d {                       // carriage return
                    if !multiline { emit("↵") }
                    lastWasCR = true
                    continue
                }
                if v == 0x0a || v == 0x85 || v == 0x2028 || v == 0x2029 {
                    if multiline { out.append("\n"); combining = 0 } else if !(lastWasCR && v == 0x0a) { emit("↵") }
                    lastWasCR = false
                    continue
                }
                lastWasCR = false
                if v == 0x09 { if multiline { for _ in 0..<4 { emit(" ") } } else { emit(" ") }; continue }
                if v < 0x20 || (0x7f...0x9f).contains(v) { continue }
                if isDropped(scalar) { continue }
                emit(scalar)
            case .escape:
                switch v {
                case 0x5b: state = .csi                                   // [
                case 0x5d, 0x50, 0x58, 0x5e, 0x5f: state = .string       // ] P X ^ _
                case 0x20...0x2f: state = .escapeIntermediate
                case 0x1b: state = .escape
                default: state = .text                                    // two-byte escape: drop the final byte too
                }
            case .escapeIntermediate:
                if (0x20...0x2f).contains(v) { continue }
                state = .text
            case .csi:
                if (0x20...0x3f).contains(v) { continue }                // parameters and intermediates
                if (0x40...0x7e).contains(v) { state = .text; continue } // final byte ends it
                if v == 0x1b { state = .escape; continue }
                if v < 0x20 || v == 0x7f { continue }                    // controls inside CSI: dropped
                state = .text                                            // malformed: abandon, keep the char
                if isDropped(scalar) || (0x80...0x9f).contains(v) { continue }
                emit(scalar)
            case .string:
                if v == 0x07 || v == 0x9c { state = .text; continue }    // BEL or ST ends it
                if v == 0x1b { state = .stringEscape }
            case .stringEscape:
                state = v == 0x5c ? .text : (v == 0x1b ? .stringEscape : .string)
            }
        }

        let result = String(out)
        if overflow || width > maxWidth { return DisplayWidth.truncate(result, to: maxWidth) }
        return result
    }

    /// Invisible or direction-changing characters that are dropped outright.
    @inline(__always)
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x200b { return v == 0x061c }
        if (0x200b...0x200b).contains(v) || v == 0x200e || v == 0x200f { return true }   // ZWSP, LRM, RLM
        if (0x202a...0x202e).contains(v) { return true }                                  // LRE RLE PDF LRO RLO
        if (0x2060...0x2069).contains(v) { return true }                                  // WJ, invisible ops, isolates
        if v == 0xfeff || (0xfff9...0xfffb).contains(v) { return true }                   // BOM, interlinear
        if (0xe0000...0xe007f).contains(v) { return true }                                // tag characters
        if (0xd800...0xdfff).contains(v) { return true }
        switch scalar.properties.generalCategory {
        case .unassigned, .privateUse, .surrogate: return true
        default: return scalar.properties.isNoncharacterCodePoint
        }
    }
}
