import Foundation
import Synchronization

/// The built `paygent` executable, run as a separate process (another terminal, as an operator
/// would). `swift build --build-tests` builds it next to the test bundle.
enum PaygentBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "the paygent executable is not built next to the tests (run `swift build --build-tests`)" }
    }

    /// `.build/<triple>/debug/paygent`, found next to the running test bundle.
    static func url() throws -> URL {
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("paygent"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/paygent"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else { throw NotBuilt() }
        return found
    }

    /// Runs `paygent ARGS` with `environment` (merged over a minimal one) and waits for it to exit.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        for key in ["HOME", "TMPDIR"] { env[key] = ProcessInfo.processInfo.environment[key] }
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let outData = Collected(), errData = Collected()
        out.fileHandleForReading.readabilityHandler = { outData.append($0.availableData) }
        err.fileHandleForReading.readabilityHandler = { errData.append($0.availableData) }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
                if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
                try? input.fileHandleForWriting.close()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        outData.append(out.fileHandleForReading.readDataToEndOfFile())
        errData.append(err.fileHandleForReading.readDataToEndOfFile())
        return Result(status: status, stdout: outData.text, stderr: errData.text)
    }

    /// A `paygent` process left running (a server); stopped with ``Running/stop()``.
    final class Running: @unchecked Sendable {
        let process: Process
        let output: Collected

        init(process: Process, output: Collected) {
            self.process = process
            self.output = output
        }

        /// Waits (at most `seconds`) for a line of standard output containing `text`; returns it.
        func line(containing text: String, seconds: Double = 30) async -> String? {
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < deadline {
                if let line = output.text.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
                guard process.isRunning else { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return output.text.split(separator: "\n").first(where: { $0.contains(text) }).map(String.init)
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    /// Starts `paygent ARGS` in the background (standard output collected, standard error discarded).
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let collected = Collected()
        out.fileHandleForReading.readabilityHandler = { collected.append($0.availableData) }
        try process.run()
        return Running(process: process, output: collected)
    }

    final class Collected: @unchecked Sendable {
        private let lock = Mutex(())
        private var data = Data()
        func append(_ more: Data) { lock.withLock { _ in data.append(more) } }
        var text: String { lock.withLock { _ in String(decoding: data, as: UTF8.self) } }
    }
}
