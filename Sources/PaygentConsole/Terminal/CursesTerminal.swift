#if canImport(Glibc)
import Glibc
import PaygentFoundation
#elseif canImport(Darwin)
import Darwin
#endif
internal import CNcursesw

/// Errors starting the real terminal.
public struct TerminalError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Wakes a terminal blocked in ``CursesTerminal/readKey(timeoutMs:)`` from another thread (a
/// self-pipe), so new events are drawn at once instead of after the input timeout.
public struct TerminalWaker: Sendable {
    let fd: Int32
    /// A waker that does nothing (for terminals that never block).
    public static let none = TerminalWaker(fd: -1)
    /// Wakes the reader. Cheap and safe from any thread; extra wakes coalesce.
    public func wake() {
        guard fd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }
}

/// The real screen through ncursesw. Create, use and close it on one thread only (the UI thread).
///
/// Start-up: `setlocale(LC_ALL, "")` first; `newterm` on the tty; raw mode (ctrl-c arrives as a key),
/// noecho, keypad, `set_escdelay(25)`, invisible cursor, `start_color` + `use_default_colors`.
/// Each frame is `wnoutrefresh` + one `doupdate`. Colour pairs are allocated once per (fg, bg) and
/// cached. The terminal is restored by ``close()``, and by ``TerminalGuard`` on exit, signals and crashes.
public final class CursesTerminal: Terminal {
    public private(set) var size: TerminalSize
    public let colorDepth: ColorDepth
    public let supportsUnicode: Bool
    /// True when the terminal takes direct RGB colour numbers (terminfo with 2^24 colours).
    private let directColor: Bool
    private let colorCount: Int32
    private let window: UnsafeMutablePointer<WINDOW>
    private let screen: OpaquePointer
    /// The stream curses writes to (a dup of stdout); OSC sequences go there too.
    private let output: UnsafeMutablePointer<FILE>
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private var closed = false

    private struct PairKey: Hashable { let fg: Int32; let bg: Int32 }

    /// Opens the screen. `requestedDepth` is what the environment asked for (``ColorDepth/detect(environment:)``);
    /// the depth used is the lower of that and what the terminal can show.
    public init(requestedDepth: ColorDepth) throws {
        setlocale(LC_ALL, "")
        let codeset = String(cString: paygent_codeset()).uppercased()
        supportsUnicode = codeset == "UTF-8" || codeset == "UTF8"
        set_escdelay(25)
        guard isatty(0) != 0, isatty(1) != 0 else { throw TerminalError(message: "the console needs a terminal (stdin and stdout must be a tty)") }
        guard let output = fdopen(dup(1), "w"), let input = fdopen(dup(0), "r") else {
            throw TerminalError(message: "cannot open the terminal")
        }
        guard let screen = newterm(nil, output, input) else {
            let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw TerminalError(message: "cannot start the terminal (TERM=\(term)); try TERM=xterm-256color")
        }
        self.screen = screen
        self.output = output
        set_term(screen)
        TerminalGuard.install()
        TerminalGuard.active = 1
        guard let stdscr = paygent_stdscr() else { throw TerminalError(message: "ncurses has no screen") }
        window = stdscr
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        intrflush(window, false)
        curs_set(0)
        var depth = requestedDepth
        var colors: Int32 = 0
        if has_colors() && depth > .mono {
            start_color()
            use_default_colors()
            colors = paygent_colors()
            let capability: ColorDepth = colors >= 0x1000000 ? .truecolor : colors >= 256 ? .ansi256 : colors >= 8 ? .ansi16 : .mono
            depth = min(depth, capability)
        } else {
            depth = .mono
        }
        colorDepth = depth
        colorCount = colors
        directColor = colors >= 0x1000000
        maxPairs = paygent_color_pairs()
        size = TerminalSize(rows: Int(paygent_lines()), cols: Int(paygent_cols()))
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            wakeRead = fds[0]
            wakeWrite = fds[1]
            _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
            _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
        }
        werase(window)
    }

    deinit { close() }

    /// A handle other threads use to wake ``readKey(timeoutMs:)``.
    public var waker: TerminalWaker { TerminalWaker(fd: wakeWrite) }

    /// Restores the terminal (cursor, modes, screen). Idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        TerminalGuard.restore()
        delscreen(screen)
        for fd in [wakeRead, wakeWrite] where fd >= 0 { closeDescriptor(fd) }
    }

    // MARK: Drawing

    @discardableResult
    public func put(_ text: String, row: Int, col: Int, style: CellStyle, maxWidth: Int) -> Int {
        guard row >= 0, row < size.rows, col < size.cols, maxWidth > 0 else { return 0 }
        let limit = min(size.cols, col + maxWidth)
        let (attrs, pair) = resolve(style)
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) {
            // Printable ASCII: one curses call for the whole run.
            let shown = min(utf8.count, limit - col)
            let skip = max(0, -col)
            if shown > skip {
                var bytes = Array(utf8.prefix(shown))
                bytes.append(0)
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { start in
                        _ = paygent_mvaddnstr_attr(window, Int32(row), Int32(col + skip), start + skip, Int32(shown - skip), attrs, pair)
                    }
                }
            }
            return max(0, shown)
        }
        var x = col
        var buffer = [wchar_t](repeating: 0, count: 6)
        for character in text {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if x + w > limit {
                if x < limit, x >= 0 { buffer[0] = 32; buffer[1] = 0; _ = paygent_mvadd_wch_ext(window, Int32(row), Int32(x), buffer, attrs, pair) }
                break
            }
            if x >= 0 {
                if supportsUnicode {
                    var n = 0
                    for scalar in character.unicodeScalars where n < 5 {
                        buffer[n] = wchar_t(bitPattern: scalar.value)
                        n += 1
                    }
                    buffer[n] = 0
                } else {
                    let ascii = character.isASCII ? character : AsciiFallback.map(character)
                    buffer[0] = wchar_t(ascii.asciiValue ?? 63)
                    buffer[1] = 0
                    if w == 2 { // keep alignment: two ASCII cells
                        _ = paygent_mvadd_wch_ext(window, Int32(row), Int32(x), buffer, attrs, pair)
                        _ = paygent_mvadd_wch_ext(window, Int32(row), Int32(x + 1), buffer, attrs, pair)
                        x += 2
                        continue
                    }
                }
                _ = paygent_mvadd_wch_ext(window, Int32(row), Int32(x), buffer, attrs, pair)
            }
            x += w
        }
        return max(0, x - col)
    }

    public func fill(_ rect: Rect, style: CellStyle) {
        let top = max(0, rect.row), bottom = min(size.rows, rect.bottom)
        let left = max(0, rect.col), right = min(size.cols, rect.right)
        guard top < bottom, left < right else { return }
        let blank = String(repeating: " ", count: right - left)
        for r in top..<bottom { put(blank, row: r, col: left, style: style, maxWidth: right - left) }
    }

    public func copyToClipboard(_ text: String) {
        guard let sequence = OSC52.sequence(copying: text) else { return }
        // After curses' own output, on the same stream, so the two never interleave.
        fflush(output)
        fputs(sequence, output)
        fflush(output)
    }

    public func flush() {
        wnoutrefresh(window)
        doupdate()
    }

    /// Maps a style to curses attributes and a (cached) colour pair.
    private func resolve(_ style: CellStyle) -> (attr_t, Int32) {
        var attrs = paygent_a_normal()
        if style.attrs.contains(.bold) { attrs |= paygent_a_bold() }
        if style.attrs.contains(.dim) { attrs |= paygent_a_dim() }
        if style.attrs.contains(.underline) { attrs |= paygent_a_underline() }
        if style.attrs.contains(.reverse) { attrs |= paygent_a_reverse() }
        if style.attrs.contains(.italic) { attrs |= paygent_a_italic() }
        guard colorDepth > .mono else { return (attrs, 0) }
        var fg = number(style.fg)
        let bg = number(style.bg)
        if colorCount < 16, fg >= 8, fg < 16 { fg -= 8; attrs |= paygent_a_bold() }
        if fg == -1 && bg == -1 { return (attrs, 0) }
        let key = PairKey(fg: fg, bg: colorCount < 16 && bg >= 8 ? bg - 8 : bg)
        if let pair = pairs[key] { return (attrs, pair) }
        guard nextPair < maxPairs else { return (attrs, 0) }
        let pair = nextPair
        nextPair += 1
        init_extended_pair(pair, key.fg, key.bg)
        pairs[key] = pair
        return (attrs, pair)
    }

    private func number(_ color: TerminalColor) -> Int32 {
        switch color {
        case .default: return -1
        case .ansi(let n): return Int32(n)
        case .indexed(let n): return colorCount >= 256 ? Int32(n) : Int32(Palette.nearestANSI(Palette.rgb(ofIndex: n)))
        case .rgb(let r, let g, let b):
            if directColor { return (Int32(r) << 16) | (Int32(g) << 8) | Int32(b) }
            if colorCount >= 256 { return Int32(Palette.nearest256((r, g, b))) }
            return Int32(Palette.nearestANSI((r, g, b)))
        }
    }

    // MARK: Input

    public func readKey(timeoutMs: Int) -> Key? {
        if let key = readNow() { return key }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let count = wakeRead >= 0 ? 2 : 1
        _ = poll(&fds, nfds_t(count), Int32(max(0, timeoutMs)))   // EINTR (SIGWINCH) falls through to a read
        if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            if let key = readNow() { return key }
            // The terminal is gone (its window closed, tmux killed): poll would return at once
            // forever. End as a terminal program does on hang-up (TerminalGuard restores first).
            raise(SIGHUP)
        }
        if count == 2, fds[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while read(wakeRead, &drain, 64) > 0 {}
        }
        return readNow()
    }

    private func readNow() -> Key? {
        var value: Int32 = 0
        let result = paygent_get_wch(window, &value)
        if result == paygent_err() { return nil }
        if result == paygent_key_code_yes() { return functionKey(value) }
        return characterKey(value)
    }

    private func characterKey(_ value: Int32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .esc
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(value) + 96)))
        case 0, 28...31: return nil
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: value)) else { return nil }
            return .char(Character(scalar))
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case paygent_key_mouse():
            var row: Int32 = 0, col: Int32 = 0
            switch paygent_get_mouse(&row, &col) {
            case 1: return .mouse(MouseEvent(.click, row: Int(row), col: Int(col)))
            case 2: return .mouse(MouseEvent(.wheelUp, row: Int(row), col: Int(col)))
            case 3: return .mouse(MouseEvent(.wheelDown, row: Int(row), col: Int(col)))
            default: return nil
            }
        case paygent_key_resize():
            size = TerminalSize(rows: Int(paygent_lines()), cols: Int(paygent_cols()))
            return .resize
        case paygent_key_up(): return .up
        case paygent_key_down(): return .down
        case paygent_key_left(): return .left
        case paygent_key_right(): return .right
        case paygent_key_home(): return .home
        case paygent_key_end(): return .end
        case paygent_key_npage(): return .pageDown
        case paygent_key_ppage(): return .pageUp
        case paygent_key_enter(): return .enter
        case paygent_key_backspace(): return .backspace
        case paygent_key_btab(): return .backTab
        case paygent_key_dc(): return .delete
        case paygent_key_ic(): return .insert
        default:
            for n in 1...12 where code == paygent_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}

private func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

extension CursesTerminal: MouseReporting {
    public func reportMouse(_ on: Bool) { paygent_mouse(on ? 1 : 0) }
}
