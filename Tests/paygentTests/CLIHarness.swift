import Foundation
import Synchronization
import Testing
import TestSupport

/// The real `paygent` binary in a fresh, empty home: its own `HOME`, config and data directories
/// and a store that no demo has seeded, so nothing of the machine's own set-up leaks in.
final class CLIHarness: Sendable {
    /// What one run of the binary did.
    struct Outcome: CustomStringConvertible {
        var arguments: [String]
        var termination: Termination
        var stdout: String
        var stderr: String

        /// The exit status (128 + the signal when a signal ended it).
        var status: Int32 { termination.status }

        var description: String {
            "paygent \(arguments.joined(separator: " ")) → \(termination)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))"
        }

        /// Standard output parsed as one JSON value.
        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }

        /// Standard output as one JSON object.
        func object() throws -> [String: Any] {
            guard let object = try json() as? [String: Any] else { throw HarnessError("stdout is not a JSON object: \(stdout)") }
            return object
        }
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    let directory: String
    /// The store every control-plane command uses (`PAYGENT_DATABASE`).
    let database: String

    /// The `paygent` executable next to the test bundle.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("paygent").path
    }

    init() throws {
        directory = NSTemporaryDirectory() + "paygent-cli-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory + "/home", withIntermediateDirectories: true)
        database = directory + "/paygent.sqlite"
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The environment of every run: an empty home, this store, no model API keys.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["ANTHROPIC_API_KEY", "OPENAI_API_KEY", "PAYGENT_PLANNER", "PAYGENT_KEY_FILE", "PAYGENT_TEST_CLOCK_OFFSET_SECONDS"] {
            environment[key] = nil
        }
        environment["HOME"] = directory + "/home"
        environment["XDG_CONFIG_HOME"] = directory + "/home/.config"
        environment["XDG_DATA_HOME"] = directory + "/home/.local/share"
        environment["PAYGENT_DATABASE"] = database
        environment["NO_COLOR"] = "1"
        return environment
    }

    /// Starts the binary with `arguments` in this harness's environment.
    func spawn(_ arguments: [String], stdin: ChildProcess.Input = .null) throws -> ChildProcess {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw HarnessError("paygent binary not built at \(Self.binary)") }
        return try ChildProcess.spawn(Self.binary, arguments, environment: environment, stdin: stdin)
    }

    /// Runs the binary to its end (SIGTERM after `timeout`, SIGKILL 10 s later).
    @discardableResult
    func run(_ arguments: [String], timeout: Duration = .seconds(120)) throws -> Outcome {
        let child = try spawn(arguments)
        let termination = child.exitBlocking(timeout: timeout) ?? child.stopBlocking(grace: .seconds(10))
        return Outcome(arguments: arguments, termination: termination, stdout: child.output.stdout, stderr: child.output.stderr)
    }

    /// Runs and expects exit 0 with no error output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let outcome = try run(arguments)
        #expect(outcome.termination == .exited(0), "\(outcome)", sourceLocation: sourceLocation)
        return outcome
    }

    /// Runs with `--json` appended and returns the JSON object printed.
    func object(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try ok(arguments + ["--json"], sourceLocation: sourceLocation).object()
    }

    /// Runs and expects bad input's answer: exit 2, nothing on stdout, exactly one line on stderr
    /// (`paygent: error: …`, containing `mentioning`, free of control characters).
    @discardableResult
    func refused(_ arguments: [String], mentioning: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let outcome = try run(arguments)
        #expect(outcome.termination == .exited(2), "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "\(outcome)", sourceLocation: sourceLocation)
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not exactly one line: \(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("paygent: error: "), "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(mentioning), "expected \(mentioning.debugDescription): \(outcome)", sourceLocation: sourceLocation)
        #expect(!outcome.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control characters: \(outcome)", sourceLocation: sourceLocation)
        return outcome
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The keys of a JSON object, sorted.
    var keySet: Set<String> { Set(keys) }
}

/// A long-running `paygent` (a server, an agent run) whose output is read as it comes.
final class BackgroundCLI: Sendable {
    let child: ChildProcess

    init(_ cli: CLIHarness, _ arguments: [String]) throws {
        child = try cli.spawn(arguments)
    }

    var stdout: String { child.output.stdout }
    var stderr: String { child.output.stderr }
    /// How it ended, once it has.
    var termination: Termination? { child.termination }

    /// Waits (at most `timeout`) until standard output contains `text`; true when it did.
    func waitForOutput(_ text: String, timeout: Duration = .seconds(120)) -> Bool {
        child.output.signal.waitBlocking(until: .now + timeout) { self.stdout.contains(text) || !self.child.isRunning && self.child.output.isFinished }
            && stdout.contains(text)
    }

    /// The first `http://…` URL on standard output (a server's banner).
    func url(timeout: Duration = .seconds(120)) -> String? {
        guard waitForOutput("http://", timeout: timeout) else { return nil }
        let text = stdout
        guard let start = text.range(of: "http://") else { return nil }
        return String(text[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// Sends `signal` and waits (at most `timeout`) for the exit; the status, or nil on a timeout
    /// (the process is then killed).
    func stop(_ signal: Int32 = SIGTERM, timeout: Duration = .seconds(60)) -> Int32? {
        child.send(signal)
        return waitForExit(timeout: timeout)
    }

    /// Waits (at most `timeout`) for the process to exit and its output to be read; nil on a
    /// timeout (the process is then killed).
    func waitForExit(timeout: Duration = .seconds(60)) -> Int32? {
        guard let termination = child.exitBlocking(timeout: timeout) else {
            child.stopBlocking(SIGKILL)
            return nil
        }
        return termination.status
    }
}
