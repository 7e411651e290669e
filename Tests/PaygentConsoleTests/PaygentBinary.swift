import Foundation
import TestSupport

/// The built `paygent` executable, run as a separate process (another terminal, as an operator
/// would), through TestSupport's ``ChildProcess``.
enum PaygentBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable's path as a URL.
    static func url() throws -> URL {
        URL(fileURLWithPath: try PaygentExecutable.path())
    }

    /// Runs `paygent ARGS` with `environment` (merged over a minimal one) and waits for it to exit
    /// (killed, and an error thrown, after `timeout`).
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, timeout: Duration = .seconds(120)) async throws -> Result {
        let environment = PaygentExecutable.baseEnvironment.merging(environment) { _, new in new }
        let ran = try await ChildProcess.run(try PaygentExecutable.path(), arguments, environment: environment,
                                             stdin: stdin.map { .bytes(Array($0.utf8)) } ?? .null, timeout: timeout)
        return Result(status: ran.termination.status, stdout: ran.stdout, stderr: ran.stderr)
    }

    /// A `paygent` process left running (a server); stopped with ``Running/stop()``.
    final class Running: Sendable {
        let child: ChildProcess

        init(child: ChildProcess) {
            self.child = child
        }

        /// What it printed so far.
        var output: ProcessOutput { child.output }

        /// Waits (at most `seconds`) for a line of standard output containing `text`; returns it.
        func line(containing text: String, seconds: Double = 30) async -> String? {
            await child.line(containing: text, timeout: .milliseconds(Int(seconds * 1000)))
        }

        /// SIGTERM, then SIGKILL if it has not exited within 30 s.
        func stop() {
            child.stopBlocking()
        }
    }

    /// Starts `paygent ARGS` in the background (standard output collected, standard error
    /// discarded) with `environment` over just `PATH` and `NO_COLOR` (no `HOME` unless given).
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        var base = PaygentExecutable.baseEnvironment
        base["HOME"] = nil
        base["TMPDIR"] = nil
        let environment = base.merging(environment) { _, new in new }
        return Running(child: try ChildProcess.spawn(try PaygentExecutable.path(), arguments, environment: environment, stderr: .discarded))
    }
}
