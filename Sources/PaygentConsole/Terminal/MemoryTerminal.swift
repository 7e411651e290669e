import PaygentFoundation
/// An in-memory terminal: a grid of cells with a style layer, scriptable keys, and text/style
/// renderings for snapshot tests and benchmarks. Behaves like the real screen for wide characters:
/// a wide character takes two cells and overwriting half of one blanks the other half.
public final class MemoryTerminal: Terminal {
    /// One screen cell.
    public struct Cell: Hashable, Sendable {
        /// The grapheme shown here; empty for the right half of a wide character.
        public var character: Character? {
            didSet { isWide = character.map { DisplayWidth.of($0) == 2 } ?? false }
        }
        public var style: CellStyle
        /// Whether ``character`` takes two cells (kept, not recomputed on every overwrite).
        private(set) var isWide: Bool

        public init(character: Character?, style: CellStyle) {
            self.character = character
            self.style = style
            isWide = character.map { DisplayWidth.of($0) == 2 } ?? false
        }

        init(character: Character?, style: CellStyle, wide: Bool) {
            self.character = character
            self.style = style
            isWide = wide
        }

        static let blank = Cell(character: " ", style: .plain, wide: false)

        public static func == (a: Cell, b: Cell) -> Bool { a.character == b.character && a.style == b.style }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(character)
            hasher.combine(style)
        }
    }

    public private(set) var size: TerminalSize
    public var colorDepth: ColorDepth
    public var supportsUnicode: Bool
    /// The committed screen (what the last ``flush()`` showed).
    public private(set) var screen: [Cell]
    /// The frame being drawn.
    private var pending: [Cell]
    /// Keys waiting to be read.
    public private(set) var keys: [Key] = []
    private var keyIndex = 0
    /// Number of frames flushed.
    public private(set) var flushCount = 0
    /// Number of cells written since creation (a measure of drawing work).
    public private(set) var cellWrites = 0
    /// Texts put on the clipboard, oldest first (what ``copyToClipboard(_:)`` received).
    public private(set) var clipboard: [String] = []
    /// Called whenever ``readKey(timeoutMs:)`` waits (used to advance an injected clock).
    public var onWait: ((Int) -> Void)?

    public init(rows: Int, cols: Int, colorDepth: ColorDepth = .truecolor, supportsUnicode: Bool = true) {
        size = TerminalSize(rows: rows, cols: cols)
        self.colorDepth = colorDepth
        self.supportsUnicode = supportsUnicode
        screen = Array(repeating: .blank, count: rows * cols)
        pending = screen
    }

    /// Whether mouse reporting is on (``MouseReporting``).
    public internal(set) var mouseReporting = false

    /// Queues keys for ``readKey(timeoutMs:)``.
    public func enqueue(_ newKeys: [Key]) { keys.append(contentsOf: newKeys) }
    public func enqueue(_ newKeys: Key...) { enqueue(newKeys) }
    /// Queues the characters of `text` as key presses.
    public func type(_ text: String) { enqueue(text.map { Key.char($0) }) }

    /// Whether queued keys remain.
    public var hasPendingKeys: Bool { keyIndex < keys.count }

    /// Changes the size (content is kept where it fits) and queues a resize key, as SIGWINCH would.
    public func resize(rows: Int, cols: Int) {
        func regrid(_ cells: [Cell]) -> [Cell] {
            var grid = Array(repeating: Cell.blank, count: rows * cols)
            for r in 0..<min(rows, size.rows) {
                for c in 0..<min(cols, size.cols) { grid[r * cols + c] = cells[r * size.cols + c] }
            }
            return grid
        }
        screen = regrid(screen)
        pending = regrid(pending)
        size = TerminalSize(rows: rows, cols: cols)
        enqueue(.resize)
    }

    @discardableResult
    public func put(_ text: String, row: Int, col: Int, style: CellStyle, maxWidth: Int) -> Int {
        guard row >= 0, row < size.rows, col < size.cols, maxWidth > 0 else { return 0 }
        let limit = min(size.cols, col + maxWidth)
        let base = row * size.cols
        let cols = size.cols
        let unicode = supportsUnicode
        var writes = 0
        // One exclusive access to the grid for the whole run (not one per cell).
        let end = pending.withUnsafeMutableBufferPointer { cells -> Int in
            var x = col
            func write(_ x: Int, _ cell: Cell) {
                Self.write(&cells, base: base, x: x, cols: cols, cell)
                writes += 1
            }
            if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) {
                for byte in text.utf8 {
                    if x >= limit { break }
                    if x >= 0 { write(x, Cell(character: Character(Unicode.Scalar(byte)), style: style, wide: false)) }
                    x += 1
                }
                return x
            }
            if unicode, DisplayWidth.isScalarSimple(text) {
                for scalar in text.unicodeScalars {
                    let w = DisplayWidth.of(scalar)
                    if w == 0 { continue }
                    if x + w > limit {
                        if x < limit, x >= 0 { write(x, Cell(character: " ", style: style, wide: false)); x += 1 }
                        break
                    }
                    if x >= 0 {
                        write(x, Cell(character: Character(scalar), style: style, wide: w == 2))
                        if w == 2 { write(x + 1, Cell(character: nil, style: style, wide: false)) }
                    }
                    x += w
                }
                return x
            }
            for character in text {
                let w = DisplayWidth.of(character)
                if w == 0 { continue }
                if x + w > limit {
                    // A wide character that does not fit leaves a blank, as curses does.
                    if x < limit, x >= 0 { write(x, Cell(character: " ", style: style, wide: false)); x += 1 }
                    break
                }
                if x >= 0 {
                    let shown: Character = unicode || character.isASCII ? character : AsciiFallback.map(character)
                    write(x, Cell(character: shown, style: style))
                    if w == 2 { write(x + 1, Cell(character: nil, style: style, wide: false)) }
                }
                x += w
            }
            return x
        }
        cellWrites += writes
        return max(0, end - col)
    }

    @inline(__always)
    private static func write(_ cells: inout UnsafeMutableBufferPointer<Cell>, base: Int, x: Int, cols: Int, _ cell: Cell) {
        let index = base + x
        // Writing over the right half of a wide character blanks its left half.
        if cells[index].character == nil, cell.character != nil, x > 0 { cells[index - 1].character = " " }
        // Writing over the left half of a wide character blanks its right half.
        if cells[index].isWide, x + 1 < cols { cells[index + 1].character = " " }
        cells[index] = cell
    }

    public func fill(_ rect: Rect, style: CellStyle) {
        let top = max(0, rect.row), bottom = min(size.rows, rect.bottom)
        let left = max(0, rect.col), right = min(size.cols, rect.right)
        guard top < bottom, left < right else { return }
        let blank = Cell(character: " ", style: style, wide: false)
        let cols = size.cols
        pending.withUnsafeMutableBufferPointer { cells in
            for r in top..<bottom {
                let base = r * cols
                if left > 0, cells[base + left].character == nil { cells[base + left - 1].character = " " }
                if right < cols, cells[base + right].character == nil { cells[base + right].character = " " }
                for c in left..<right { cells[base + c] = blank }
            }
        }
        cellWrites += (bottom - top) * (right - left)
    }

    public func copyToClipboard(_ text: String) {
        if OSC52.sequence(copying: text) != nil { clipboard.append(text) }
    }

    public func flush() {
        screen = pending
        flushCount += 1
    }

    public func readKey(timeoutMs: Int) -> Key? {
        if keyIndex < keys.count {
            defer { keyIndex += 1 }
            return keys[keyIndex]
        }
        onWait?(timeoutMs)
        return nil
    }

    // MARK: Inspection

    /// The cell at (row, col) of the committed screen.
    public func cell(row: Int, col: Int) -> Cell { screen[row * size.cols + col] }

    /// One line of the committed screen as text (wide characters once; trailing blanks kept).
    public func line(_ row: Int) -> String {
        var text = ""
        let base = row * size.cols
        for c in 0..<size.cols {
            if let character = screen[base + c].character { text.append(character) }
        }
        return text
    }

    /// The committed screen as text: one line per row, trailing blanks trimmed.
    public func renderText() -> String {
        (0..<size.rows).map { row -> String in
            var line = line(row)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The committed screen's styles: a letter per cell (same letter, same style) followed by a
    /// legend mapping each letter to its colours and attributes. Letters follow first appearance.
    public func renderStyles() -> String {
        var letters: [CellStyle: Character] = [:]
        var legend: [String] = []
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var rows: [String] = []
        for r in 0..<size.rows {
            var line = ""
            for c in 0..<size.cols {
                let style = screen[r * size.cols + c].style
                if let letter = letters[style] {
                    line.append(letter)
                } else {
                    let letter = letters.count < alphabet.count ? alphabet[letters.count] : "?"
                    letters[style] = letter
                    legend.append("\(letter): \(style)")
                    line.append(letter)
                }
            }
            rows.append(line)
        }
        return rows.joined(separator: "\n") + "\n--\n" + legend.joined(separator: "\n")
    }

    /// Whether the committed screen shows `text` anywhere (on one line).
    public func contains(_ text: String) -> Bool {
        (0..<size.rows).contains { line($0).contains(text) }
    }
}

/// ASCII stand-ins for the glyphs the console draws, used when the terminal cannot show Unicode.
public enum AsciiFallback {
    /// An ASCII character for `character`: box drawing → `+ - |`, blocks → `#`, arrows → `^ v < >`, others `?`.
    public static func map(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first else { return "?" }
        switch scalar.value {
        case 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254c, 0x254d, 0x2550: return "-"
        case 0x2502, 0x2503, 0x2506, 0x2507, 0x250a, 0x250b, 0x254e, 0x254f, 0x2551: return "|"
        case 0x250c...0x254b, 0x2552...0x256c, 0x256d...0x2570: return "+"
        case 0x2581...0x2588, 0x2589...0x258f, 0x2590...0x259f: return "#"
        case 0x2591: return "."
        case 0x2592, 0x2593: return ":"
        case 0x2026: return "."
        case 0x2191: return "^"
        case 0x2193: return "v"
        case 0x2190: return "<"
        case 0x2192: return ">"
        case 0x21b5, 0x23ce: return "|"
        case 0x25cf, 0x25c9, 0x2022: return "*"
        case 0x25cb: return "o"
        case 0x00b7: return "."
        default: return "?"
        }
    }
}

extension MemoryTerminal: MouseReporting {
    public func reportMouse(_ on: Bool) { mouseReporting = on }
}
