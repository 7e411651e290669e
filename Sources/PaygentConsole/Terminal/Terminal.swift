/// A terminal size in character cells.
public struct TerminalSize: Hashable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int
    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }
    public var description: String { "\(cols)x\(rows)" }
}

/// The drawing surface every pane renders into. Two implementations: ``CursesTerminal`` (the real
/// screen, ncursesw) and ``MemoryTerminal`` (a cell grid with a style layer, for tests and benchmarks).
///
/// Not thread-safe by design: exactly one task (the UI thread) owns a terminal and makes every call.
public protocol Terminal: AnyObject {
    /// Current size. Changes after a ``Key/resize`` key was read.
    var size: TerminalSize { get }
    /// The colour depth the terminal can actually show.
    var colorDepth: ColorDepth { get }
    /// Whether non-ASCII text can be shown (UTF-8 locale). When false, renderers use ASCII glyphs.
    var supportsUnicode: Bool { get }

    /// Draws `text` at (row, col), display-width aware (wide characters take two cells), clipped to
    /// `maxWidth` columns and to the screen. Returns the number of columns used.
    @discardableResult
    func put(_ text: String, row: Int, col: Int, style: CellStyle, maxWidth: Int) -> Int

    /// Fills a rectangle with blanks in `style`.
    func fill(_ rect: Rect, style: CellStyle)

    /// Puts `text` on the terminal's clipboard (an OSC 52 sequence; see ``OSC52``).
    func copyToClipboard(_ text: String)

    /// Ends a frame: everything drawn since the last flush reaches the screen in one update.
    func flush()

    /// Waits up to `timeoutMs` milliseconds for a key; nil when none came (or when woken early).
    func readKey(timeoutMs: Int) -> Key?
}

extension Terminal {
    /// Turns click and wheel reports (``Key/mouse(_:)``) on or off; terminals without a mouse ignore it.
    public func setMouseReporting(_ on: Bool) {
        (self as? any MouseReporting)?.reportMouse(on)
    }

    /// Draws styled runs one after another from (row, col), clipped to `maxWidth` columns. Returns columns used.
    @discardableResult
    public func put(runs: [StyledRun], row: Int, col: Int, maxWidth: Int) -> Int {
        var used = 0
        for run in runs where used < maxWidth {
            used += put(run.text, row: row, col: col + used, style: run.style, maxWidth: maxWidth - used)
        }
        return used
    }
}

/// A terminal that can report clicks and the wheel.
public protocol MouseReporting: AnyObject {
    /// Starts (true) or stops reporting mouse events as ``Key/mouse(_:)`` keys.
    func reportMouse(_ on: Bool)
}
