import Foundation
import Synchronization
import Testing

/// The real `paygent` binary in a fresh, empty home: its own `HOME`, config and data directories
/// and a store that no demo has seeded, so nothing of the machine's own set-up leaks in.
final class CLIHarness: Sendable {
    /// What one run of the binary did.
    struct Outcome: CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var reason: Process.TerminationReason
        var stdout: String
        var stderr: String

        var description: String {
            "paygent \(arguments.joined(separator: " ")) → \(reason == .exit ? "exit" : "signal") \(status)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))"
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

    /// Starts the binary with `arguments`; the caller reads its pipes and waits.
    func start(_ arguments: [String], stdin: FileHandle? = nil) throws -> (Process, Pipe, Pipe) {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw HarnessError("paygent binary not built at \(Self.binary)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Runs the binary to its end (killed after `timeout`).
    @discardableResult
    func run(_ arguments: [String], timeout: Duration = .seconds(120)) throws -> Outcome {
        let (process, out, err) = try start(arguments)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: watchdog)
        // Both pipes drain concurrently, so a full one never blocks the child.
        let stderr = Mutex(Data())
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderr.withLock { $0 = data }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return Outcome(arguments: arguments, status: process.terminationStatus, reason: process.terminationReason,
                       stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr.withLock { $0 }, as: UTF8.self))
    }

    /// Runs and expects exit 0 with no error output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let outcome = try run(arguments)
        #expect(outcome.reason == .exit && outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
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
        #expect(outcome.reason == .exit && outcome.status == 2, "\(outcome)", sourceLocation: sourceLocation)
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
    let process: Process
    final class Output: Sendable {
        let text = Mutex((stdout: "", stderr: ""))
    }
    private let output = Output()
    private let changed = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()

    init(_ cli: CLIHarness, _ arguments: [String]) throws {
        let (process, out, err) = try cli.start(arguments)
        self.process = process
        for (pipe, isOut) in [(out, true), (err, false)] {
            finished.enter()
            let handle = pipe.fileHandleForReading
            let output = output, changed = changed, finished = finished
            DispatchQueue.global().async {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    output.text.withLock { if isOut { $0.stdout += String(decoding: data, as: UTF8.self) } else { $0.stderr += String(decoding: data, as: UTF8.self) } }
                    changed.signal()
                }
                changed.signal()
                finished.leave()
            }
        }
    }

    var stdout: String { output.text.withLock { $0.stdout } }
    var stderr: String { output.text.withLock { $0.stderr } }

    /// Waits (at most `timeout`) until standard output contains `text`; true when it did.
    func waitForOutput(_ text: String, timeout: Duration = .seconds(120)) -> Bool {
        let deadline = DispatchTime.now() + .milliseconds(Int(timeout.components.seconds * 1000))
        while true {
            if stdout.contains(text) { return true }
            if !process.isRunning, finished.wait(timeout: .now()) == .success { return stdout.contains(text) }
            if changed.wait(timeout: deadline) == .timedOut { return stdout.contains(text) }
        }
    }

    /// The first `http://…` URL on standard output (a server's banner).
    func url(timeout: Duration = .seconds(120)) -> String? {
        guard waitForOutput("http://", timeout: timeout) else { return nil }
        let text = stdout
        guard let start = text.range(of: "http://") else { return nil }
        return String(text[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// Sends `signal` and waits (at most `timeout`) for the exit; the status, or nil on a timeout.
    func stop(_ signal: Int32 = SIGTERM, timeout: Duration = .seconds(60)) -> Int32? {
        kill(process.processIdentifier, signal)
        return waitForExit(timeout: timeout)
    }

    /// Waits (at most `timeout`) for the process to exit and its output to be read.
    func waitForExit(timeout: Duration = .seconds(60)) -> Int32? {
        guard finished.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) == .success else {
            process.terminate()
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}
