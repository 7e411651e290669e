import Foundation
import Testing

/// The real `paygent` binary on a fresh store: time flags of `payments list` with hostile values
/// answer a clear one-line error (exit 2) or a list, and never crash.
@Suite struct PaymentsFlagsBinaryTests {
    @Test func hostileTimesNeverCrash() throws {
        let cli = try CLIHarness()
        let database = cli.database
        let accepted = ["2026-12-01T10:00:00.123456Z", "2026-12-01T10:00:00.1234567890Z", "2026-12-01T15:30:00+05:30", "2026-12-01T02:00:00-0800", "2026-12-01"]
        for value in accepted {
            let outcome = try cli.run(["payments", "list", "--database", database, "--since", value])
            #expect(outcome.termination == .exited(0), "--since \(value): \(outcome)")
        }
        let refused = ["2026-02-30T00:00:00Z", "2026-12-01T10:00:00.Z", "2026-12-01T25:00:00Z", "2026-12-01T10:00:00+05:3", "yesterday", "", "\u{1b}[2J"]
        for value in refused {
            let outcome = try cli.run(["payments", "list", "--database", database, "--until", value])
            #expect(outcome.termination == .exited(2), "--until \(value.debugDescription): \(outcome)")
            #expect(outcome.stderr.contains("--until is not an ISO-8601 time"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("\u{1b}"), "the error echoes a raw escape")
        }
    }
}

/// Options that the console (the default subcommand) also declares reach the subcommand that was
/// named, and a value argument-parser refuses is a one-line error with exit 2, never the default.
@Suite struct SubcommandOptionBinaryTests {
    @Test func refusedOptionValuesAreOneLineErrorsNotDefaults() throws {
        let cli = try CLIHarness()
        for arguments in [["demo", "--rate=abc", "--duration", "0"], ["demo", "--rate", "abc", "--duration", "0"],
                          ["demo", "--agents=many", "--duration", "0"], ["demo", "--seed=-1", "--duration", "0"],
                          ["agent", "run", "--database=", "--bogus", "buy"]] {
            let outcome = try cli.run(arguments)
            #expect(outcome.termination == .exited(2), "\(arguments): \(outcome)")
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("paygent: error: "), "\(arguments): \(outcome.stderr.debugDescription)")
            #expect(outcome.stdout.isEmpty, "\(arguments): nothing runs: \(outcome.stdout)")
        }
        let rate = try cli.run(["demo", "--rate=abc", "--duration", "0"])
        #expect(rate.stderr.contains("abc") && rate.stderr.contains("--rate"), "\(rate.stderr)")
    }
}
