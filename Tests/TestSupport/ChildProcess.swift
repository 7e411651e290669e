import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How a child process ended.
public enum Termination: Equatable, Sendable, CustomStringConvertible {
    /// It called `exit(status)`.
    case exited(Int32)
    /// A signal ended it.
    case signalled(Int32)

    /// The exit status, or 128 + the signal number, as a shell reports it.
    public var status: Int32 {
        switch self {
        case .exited(let status): status
        case .signalled(let signal): 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let status): "exit \(status)"
        case .signalled(let signal): "signal \(signal)"
        }
    }
}

/// A child process for tests, started with `posix_spawn` — never Foundation's `Process`, whose
/// `run()` crashes now and then on Linux (swiftlang/swift-corelibs-foundation#5472) and whose
/// waits have no deadline.
///
/// The child gets its own process group, default signal dispositions and an empty signal mask
/// (whatever the test runner's threads block or ignore), and only the three descriptors it is
/// given. Its output is collected as it arrives (``output``); every wait has a deadline and is
/// async — never blocking one of Swift's few cooperative threads, which in-process servers and
/// other tests' timers need (a blocked pool once turned 300 ms deadlines into 40 s); it is
/// killed, with its whole group, when the value is dropped or the test process exits, so a
/// failed test never leaves a server or a console spinning.
public final class ChildProcess: Sendable {
    /// What the child reads on standard input.
    public enum Input: Sendable {
        /// `/dev/null`.
        case null
        /// These bytes, then end of file.
        case bytes([UInt8])
    }

    /// Where the child's standard error goes.
    public enum ErrorOutput: Sendable {
        /// Collected apart, in ``ProcessOutput/stderr``.
        case captured
        /// Into the same stream as standard output, in ``ProcessOutput/stdout``.
        case merged
        /// `/dev/null`.
        case discarded
    }

    /// Why a child could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The child's process id (also its process group's).
    public let pid: pid_t
    /// `executable arguments…`, for messages.
    public let commandLine: String
    /// What it wrote so far.
    public let output: ProcessOutput
    private let ended = ExitRecord()

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments` and exactly
    /// `environment`.
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: Input = .null, stderr: ErrorOutput = .captured
    ) throws(SpawnError) -> ChildProcess {
        try ChildProcess(executable, arguments, environment: environment, stdin: stdin, stderr: stderr)
    }

    private init(_ executable: String, _ arguments: [String], environment: [String: String], stdin: Input, stderr: ErrorOutput) throws(SpawnError) {
        commandLine = ([executable] + arguments).joined(separator: " ")
        output = ProcessOutput(signal: ChangeSignal())

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        // Descriptors the parent keeps (read ends, stdin's write end) and the child's ends.
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        func pipeEnds() throws(SpawnError) -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            // (pipe2 is GNU-only in Swift's Glibc; the close-from action below covers the race.)
            guard pipe(&fds) == 0 else {
                for fd in parentEnds + childEnds { close(fd) }
                throw SpawnError(description: "pipe failed: \(String(cString: strerror(errno)))")
            }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }

        var stdinWriter: Int32?
        switch stdin {
        case .null:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .bytes:
            let ends = try pipeEnds()
            posix_spawn_file_actions_adddup2(&actions, ends.read, 0)
            childEnds.append(ends.read)
            parentEnds.append(ends.write)
            stdinWriter = ends.write
        }
        let out = try pipeEnds()
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        childEnds.append(out.write)
        parentEnds.append(out.read)
        var errReader: Int32?
        switch stderr {
        case .captured:
            let err = try pipeEnds()
            posix_spawn_file_actions_adddup2(&actions, err.write, 2)
            childEnds.append(err.write)
            parentEnds.append(err.read)
            errReader = err.read
        case .merged:
            posix_spawn_file_actions_adddup2(&actions, out.write, 2)
        case .discarded:
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Nothing else of the test runner's reaches the child (the pipes are close-on-exec
        // already; this covers descriptors other code opened without it).
        if let closeFrom = ChildProcess.addCloseFrom { _ = closeFrom(&actions, 3) }

        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in Int32(1)..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        for fd in childEnds { close(fd) }
        guard result == 0 else {
            for fd in parentEnds { close(fd) }
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        ChildProcess.living.withLock { _ = $0.insert(pid) }

        if let stdinWriter, case .bytes(let bytes) = stdin {
            Thread.detachNewThread { ChildProcess.writeAll(bytes, to: stdinWriter) }
        }
        let output = self.output, errFD = errReader, spawned = pid
        Thread.detachNewThread { ChildProcess.drain(stdout: out.read, stderr: errFD, into: output) }
        let ended = self.ended
        Thread.detachNewThread {
            let pid = spawned
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (they are C macros).
            let termination: Termination = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
            ChildProcess.living.withLock { _ = $0.remove(pid) }
            ended.value.withLock { $0 = termination }
            output.signal.notify()
        }
    }

    deinit {
        // Running, or its group still holds the output pipe (a grandchild): the group goes.
        if ended.value.withLock({ $0 == nil }) || !output.isFinished { Glibc.kill(-pid, SIGKILL) }
    }

    /// How it ended, once it has.
    public var termination: Termination? { ended.value.withLock { $0 } }
    /// Whether it has not exited yet.
    public var isRunning: Bool { termination == nil }

    /// Sends `signal` to the child's process group.
    public func send(_ signal: Int32) {
        guard isRunning else { return }
        Glibc.kill(-pid, signal)
    }

    /// Waits (at most `timeout`) for the child to exit and its output to end; nil on the
    /// deadline (the child is left running: see ``stop(_:grace:)``).
    public func exit(timeout: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + timeout
        guard let termination = await output.signal.wait(until: deadline, for: { self.termination }) else { return nil }
        await drainAfterExit(deadline: deadline)
        return termination
    }

    /// Sends `signal`, waits up to `grace` for the exit, then SIGKILLs the group and waits for that.
    @discardableResult
    public func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(30)) async -> Termination {
        send(signal)
        if let termination = await exit(timeout: grace) { return termination }
        return await kill()
    }

    /// SIGKILLs the group and waits for the exit.
    @discardableResult
    public func kill() async -> Termination {
        Glibc.kill(-pid, SIGKILL)
        // SIGKILL cannot be ignored; the wait is bounded only against a wedged kernel.
        return await exit(timeout: .seconds(60)) ?? .signalled(SIGKILL)
    }

    /// Waits (at most `timeout`) for a line of standard output containing `text`; nil when none
    /// came (also when the child exited first).
    public func line(containing text: String, timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        return await output.signal.wait(until: deadline) {
            if let line = self.output.firstLine(containing: text) { return .some(line) }
            // Given up only once the child has exited and its last output has been read.
            return self.isRunning || !self.output.isFinished ? nil : .some(nil)
        } ?? nil
    }

    /// Runs to the end (killed after `timeout`), throwing when it had to be killed.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: Input = .null, timeout: Duration = .seconds(120)
    ) async throws -> (termination: Termination, stdout: String, stderr: String) {
        let child = try spawn(executable, arguments, environment: environment, stdin: stdin)
        guard let termination = await child.exit(timeout: timeout) else {
            await child.kill()
            throw TimedOut(child: child, timeout: timeout)
        }
        return (termination, child.output.stdout, child.output.stderr)
    }

    /// A child that did not exit in time (it was killed).
    public struct TimedOut: Error, CustomStringConvertible {
        public let description: String
        init(child: ChildProcess, timeout: Duration) {
            description = "\(child.commandLine) did not exit within \(timeout) and was killed; stdout: \(child.output.stdout.suffix(2000)) stderr: \(child.output.stderr.suffix(2000))"
        }
    }

    // MARK: Plumbing

    /// How long output may go on after the exit (a grandchild holding the pipe open).
    private static let outputGrace: Duration = .seconds(2)

    private func drainAfterExit(deadline: ContinuousClock.Instant) async {
        _ = await output.signal.wait(until: min(deadline, .now + Self.outputGrace)) { self.output.isFinished }
    }

    /// Children still running, killed by an exit handler if the test process ends first.
    private static let living: Mutex<Set<pid_t>> = {
        atexit {
            for pid in ChildProcess.living.withLock({ $0 }) { Glibc.kill(-pid, SIGKILL) }
        }
        return Mutex([])
    }()

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+; declared only under _GNU_SOURCE).
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        close(fd)
    }

    private static func drain(stdout: Int32, stderr: Int32?, into output: ProcessOutput) {
        var open = [stdout] + (stderr.map { [$0] } ?? [])
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for entry in fds where entry.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    output.append(buffer[0..<count], toStderr: entry.fd == stderr)
                } else if count == 0 || errno != EINTR {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        for fd in open { close(fd) }
        output.finish()
    }
}

/// How a child ended, shared with the thread that reaps it (which must not keep the
/// ``ChildProcess`` alive, or dropping it would not kill the child).
private final class ExitRecord: Sendable {
    let value = Mutex<Termination?>(nil)
}
