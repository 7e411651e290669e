/// Display width of text in terminal cells, the way `wcwidth(3)` measures it in a UTF-8 locale:
/// combining and format characters take 0 cells, East Asian wide/fullwidth characters and emoji
/// presentation take 2, everything else printable takes 1. Implemented here (not via libc) so the
/// answer never depends on the process locale, and tests and the real screen agree.
public enum DisplayWidth {
    /// Width of one scalar: 0, 1 or 2. Control characters count 0 (the sanitiser removes them anyway).
    @inline(__always)
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7f { return v >= 0x20 ? 1 : 0 }
        if v < 0xa0 { return 0 }
        if v < 0x300 { return 1 }
        // Box drawing and blocks, dashes, quotes, bullets and the ellipsis: one cell, never joining.
        if (v >= 0x2500 && v < 0x25a0) || (v >= 0x2010 && v <= 0x2027) { return 1 }
        if isZeroWidth(scalar) { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Width of one grapheme cluster: the widest of its scalars, at most 2; a variation selector 16
    /// after an emoji makes it 2.
    @inline(__always)
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii != 0x7f ? 1 : 0 }
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first { return of(only) }
        var width = 0
        var emojiBase = false
        for scalar in scalars {
            if scalar.value == 0xfe0f, emojiBase { return 2 }
            let w = of(scalar)
            if w > width { width = w }
            if scalar.properties.isEmoji { emojiBase = true }
        }
        return min(width, 2)
    }

    /// Width of a whole string.
    public static func of(_ text: String) -> Int {
        var total = 0
        if text.utf8.allSatisfy({ $0 < 0x7f && $0 >= 0x20 }) { return text.utf8.count }
        if isScalarSimple(text) {
            for scalar in text.unicodeScalars { total += of(scalar) }
            return total
        }
        for character in text { total += of(character) }
        return total
    }

    /// Whether every scalar of `text` is a grapheme cluster by itself, so cells can be laid out
    /// scalar by scalar without grapheme segmentation (which costs far more than drawing). True
    /// for printable Latin text, general punctuation, arrows, technical symbols, box drawing,
    /// blocks and shapes — what the console draws most; false as soon as anything that can join
    /// a neighbour appears (combining marks, joiners, variation selectors, Hangul jamo, emoji
    /// modifiers, regional indicators), which then takes the grapheme path.
    @inline(__always)
    public static func isScalarSimple(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7f { return false }
            if v < 0x300 { continue }
            if v >= 0x2010, v < 0x2070 { continue }
            if v >= 0x2190, v < 0x2600 { continue }
            return false
        }
        return true
    }

    /// Clips `text` to at most `width` cells; when something was cut, the last cell is an ellipsis.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if text.utf8.count <= width, text.utf8.allSatisfy({ $0 < 0x7f && $0 >= 0x20 }) { return text }
        let total = of(text)
        if total <= width { return text }
        let ellipsisWidth = of(ellipsis)
        let budget = width - ellipsisWidth
        guard budget >= 0 else { return String(repeating: ".", count: width) }
        var result = ""
        var used = 0
        if isScalarSimple(text) {
            for scalar in text.unicodeScalars {
                let w = of(scalar)
                if used + w > budget { break }
                result.unicodeScalars.append(scalar)
                used += w
            }
            return result + ellipsis
        }
        for character in text {
            let w = of(character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        return result + ellipsis
    }

    /// Clips an identifier in the middle, keeping its kind and its tail (`ses_…e1d8c249b`,
    /// `0x9A1f…c0E1b3D5f7`): ids made close together share their leading digits
    /// (they start with the time), so the end is what tells them apart. Anything that does not look
    /// like an id, or a width too small to keep four characters of the tail, clips at the end.
    public static func truncateIdentifier(_ text: String, to width: Int) -> String {
        guard text.utf8.count > width else { return text }  // a cell takes at least one byte
        let bytes = Array(text.utf8)
        let isWord: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x41 && $0 <= 0x5a) }
        var headLength = 0
        if bytes.count > 2, bytes[0] == 0x30, bytes[1] == 0x78 {
            // Addresses and hashes keep their first four digits too (`0x9A1f…7f9A`).
            headLength = width >= 15 ? 6 : 2
        } else if let underscore = bytes.firstIndex(of: 0x5f), underscore > 0, underscore <= 6,
                  bytes[..<underscore].allSatisfy({ $0 >= 0x61 && $0 <= 0x7a }) {
            headLength = underscore + 1
        }
        let tailLength = width - headLength - 1
        guard headLength > 0, tailLength >= 4, bytes[headLength...].allSatisfy(isWord), bytes.count - headLength >= 8 else {
            return truncate(text, to: width)
        }
        return String(decoding: bytes[..<headLength], as: UTF8.self) + "…"
            + String(decoding: bytes[(bytes.count - tailLength)...], as: UTF8.self)
    }

    /// `text` clipped or padded with spaces to exactly `width` cells.
    public static func fit(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let clipped = truncate(text, to: width)
        let pad = width - of(clipped)
        if pad <= 0 { return clipped }
        let spaces = String(repeating: " ", count: pad)
        return alignRight ? spaces + clipped : clipped + spaces
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (0x1160...0x11ff).contains(v) || (0xd7b0...0xd7ff).contains(v) { return true } // Hangul medial/final jamo
        if v == 0x200b || v == 0x200c || v == 0x200d || v == 0x2060 || v == 0xfeff { return true }
        if (0xfe00...0xfe0f).contains(v) || (0xe0100...0xe01ef).contains(v) { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return v != 0xad
        default: return false
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges.
    @inline(__always)
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        if v <= 0x115f { return true }
        if v < 0x2e80 {
            return v == 0x2329 || v == 0x232a || (0x231a...0x231b).contains(v)
        }
        if v <= 0xa4cf { return v != 0x303f && !(0x4dc0...0x4dff).contains(v) }
        if (0xa960...0xa97f).contains(v) || (0xac00...0xd7a3).contains(v) { return true }
        if (0xf900...0xfaff).contains(v) || (0xfe10...0xfe19).contains(v) || (0xfe30...0xfe6f).contains(v) { return true }
        if (0xff00...0xff60).contains(v) || (0xffe0...0xffe6).contains(v) { return true }
        if (0x16fe0...0x18cff).contains(v) || (0x1b000...0x1b2ff).contains(v) { return true }
        if (0x1f300...0x1f64f).contains(v) || (0x1f900...0x1f9ff).contains(v) { return emojiWideFallback(v) }
        if (0x20000...0x2fffd).contains(v) || (0x30000...0x3fffd).contains(v) { return true }
        return false
    }

    /// In the pictograph blocks only emoji-presentation characters are wide; the caller checks that
    /// property too, so this only admits the symbols that are always wide.
    @inline(__always)
    static func emojiWideFallback(_ v: UInt32) -> Bool { false }
}
