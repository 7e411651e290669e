import ArgumentParser
import Foundation

extension PaygentCommand {
    /// Runs the command tree. A value argument-parser refuses (`--rate=abc`, an unknown option, a
    /// missing argument) is printed as one line, `paygent: error: …`, with exit code 2, like every
    /// other bad input; help, version and the commands' own exits are left as they are.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            let trimmed = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
            Self.exit(withError: CLIError.fail(trimmed))
        }
    }
}
