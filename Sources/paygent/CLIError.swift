import ArgumentParser
import Foundation

/// A command-line failure: printed as one line on standard error, exit code 2.
///
/// Commands throw this (or call ``CLIError/fail(_:)``) for bad input, unreadable files and
/// refused operations. The message must never contain secret material.
struct CLIError: Error, CustomStringConvertible {
    /// The one-line message shown to the user.
    var message: String
    /// Creates an error with a one-line message.
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension CLIError {
    /// Prints `message` as `paygent: error: …` on stderr and exits with code 2.
    static func fail(_ message: String) -> ExitCode {
        let line = "paygent: error: " + message.replacingOccurrences(of: "\n", with: " ") + "\n"
        StandardStreams.err(line)
        return ExitCode(2)
    }
}

/// Runs `body`, turning any thrown error into a one-line message and exit code 2.
func runCLI<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as CleanExit {
        throw error
    } catch {
        throw CLIError.fail(String(describing: error))
    }
}
