import Foundation
import Testing

/// The real `paygent` binary on a fresh store: time flags of `payments list` with hostile values
/// answer a clear one-line error (exit 2) or a list, and never crash.
@Suite struct PaymentsFlagsBinaryTests {
    /// The `paygent` executable next to the test bundle.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("paygent").path
    }

    struct Outcome { var status: Int32; var reason: Process.TerminationReason; var stdout: String; var stderr: String }

    static func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, reason: process.terminationReason,
                       stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func hostileTimesNeverCrash() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            Issue.record("paygent binary not built at \(Self.binary)")
            return
        }
        let directory = NSTemporaryDirectory() + "paygent-flags-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + "/paygent.sqlite"
        let accepted = ["2026-12-01T10:00:00.123456Z", "2026-12-01T10:00:00.1234567890Z", "2026-12-01T15:30:00+05:30", "2026-12-01T02:00:00-0800", "2026-12-01"]
        for value in accepted {
            let outcome = try Self.run(["payments", "list", "--database", database, "--since", value])
            #expect(outcome.reason == .exit && outcome.status == 0, "--since \(value): \(outcome.reason) \(outcome.status) \(outcome.stderr)")
        }
        let refused = ["2026-02-30T00:00:00Z", "2026-12-01T10:00:00.Z", "2026-12-01T25:00:00Z", "2026-12-01T10:00:00+05:3", "yesterday", "", "\u{1b}[2J"]
        for value in refused {
            let outcome = try Self.run(["payments", "list", "--database", database, "--until", value])
            #expect(outcome.reason == .exit && outcome.status == 2, "--until \(value.debugDescription): \(outcome.reason) \(outcome.status)")
            #expect(outcome.stderr.contains("--until is not an ISO-8601 time"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("\u{1b}"), "the error echoes a raw escape")
        }
    }
}

/// Options that the console (the default subcommand) also declares reach the subcommand that was
/// named, and a value argument-parser refuses is a one-line error with exit 2, never the default.
@Suite struct SubcommandOptionBinaryTests {
    @Test func refusedOptionValuesAreOneLineErrorsNotDefaults() throws {
        guard FileManager.default.isExecutableFile(atPath: PaymentsFlagsBinaryTests.binary) else {
            Issue.record("paygent binary not built at \(PaymentsFlagsBinaryTests.binary)")
            return
        }
        for arguments in [["demo", "--rate=abc", "--duration", "0"], ["demo", "--rate", "abc", "--duration", "0"],
                          ["demo", "--agents=many", "--duration", "0"], ["demo", "--seed=-1", "--duration", "0"],
                          ["agent", "run", "--database=", "--bogus", "buy"]] {
            let outcome = try PaymentsFlagsBinaryTests.run(arguments)
            #expect(outcome.reason == .exit && outcome.status == 2, "\(arguments): \(outcome.reason) \(outcome.status) \(outcome.stderr)")
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("paygent: error: "), "\(arguments): \(outcome.stderr.debugDescription)")
            #expect(outcome.stdout.isEmpty, "\(arguments): nothing runs: \(outcome.stdout)")
        }
        let rate = try PaymentsFlagsBinaryTests.run(["demo", "--rate=abc", "--duration", "0"])
        #expect(rate.stderr.contains("abc") && rate.stderr.contains("--rate"), "\(rate.stderr)")
    }
}
