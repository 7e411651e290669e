import Foundation

/// The built `paygent` executable that tests run as another process (another terminal, as an
/// operator would). `swift build --build-tests` builds it next to the test bundle.
public enum PaygentExecutable {
    /// The executable is not where the tests look for it.
    public struct NotBuilt: Error, CustomStringConvertible {
        public var description: String { "the paygent executable is not built next to the tests (run `swift build --build-tests`)" }
    }

    /// `.build/<triple>/debug/paygent`: next to the running test bundle, else under the package's
    /// own `.build/debug`.
    public static func path() throws(NotBuilt) -> String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            runner.deletingLastPathComponent().appendingPathComponent("paygent").path,
            root.appendingPathComponent(".build/debug/paygent").path,
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw NotBuilt() }
        return found
    }

    /// A minimal environment: the runner's `PATH`, `HOME` and `TMPDIR`, and `NO_COLOR=1`.
    public static var baseEnvironment: [String: String] {
        let runner = ProcessInfo.processInfo.environment
        var environment = ["PATH": runner["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
        for key in ["HOME", "TMPDIR"] { environment[key] = runner[key] }
        return environment
    }
}
