#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CNcursesw

/// Restores the terminal whatever happens: on normal exit (`atexit`), on SIGINT/SIGTERM/SIGHUP/SIGQUIT,
/// and on crashes (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE — Swift traps arrive as SIGILL/SIGTRAP).
/// The handler calls `endwin`, puts the default disposition back and re-raises the signal, so the
/// process still ends the way it would have (exit status, core dump) but with a usable shell.
enum TerminalGuard {
    /// Whether curses currently owns the screen. Written only by the UI thread; read by handlers.
    nonisolated(unsafe) static var active: Int32 = 0
    nonisolated(unsafe) static var installed = false

    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Installs the handlers once per process.
    static func install() {
        guard !installed else { return }
        installed = true
        atexit { TerminalGuard.restore() }
        for signal in signals {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { sig in
                TerminalGuard.restore()
                Glibc.signal(sig, SIG_DFL)
                raise(sig)
            }
            #else
            action.__sigaction_u.__sa_handler = { sig in
                TerminalGuard.restore()
                Darwin.signal(sig, SIG_DFL)
                raise(sig)
            }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

    /// Ends curses mode if it is on. Safe to call more than once.
    static func restore() {
        if active != 0 {
            active = 0
            curs_set(1)
            endwin()
        }
    }
}
