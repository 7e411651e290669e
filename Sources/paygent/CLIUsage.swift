import ArgumentParser
import PaygentFoundation

/// Usage errors of the command tree as one-line errors: `paygent: error: MESSAGE (see
/// `paygent … --help`)` and exit code 2, like a ``CLIError`` — instead of ArgumentParser's
/// multi-line usage text and exit code 64.
enum CLIUsage {
    /// The exit status of bad input, everywhere.
    static let exitStatus: Int32 = 2

    /// The line to print for `error`, or nil when it is not a usage error (help, version, an exit
    /// code a command chose, or a failure a command already reported).
    static func line(for error: any Error) -> String? {
        guard PaygentCommand.exitCode(for: error) == .validationFailure else { return nil }
        let message = PaygentCommand.message(for: error)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Usage:") && !$0.hasPrefix("See '") }
            .joined(separator: " ")
        let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        return "paygent: error: " + UntrustedText.line(text.isEmpty ? "invalid arguments" : text, maxWidth: 400) + " (see --help)\n"
    }
}
