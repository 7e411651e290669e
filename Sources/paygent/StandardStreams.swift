import Foundation

/// Writes to standard output and error that never trap: a closed pipe (`paygent … | head`) or a
/// full disk loses the text, not the process. (`FileHandle.write(_:)` raises an Objective-C style
/// exception on such errors, which Swift turns into a crash.)
enum StandardStreams {
    /// Writes `text` to standard output.
    static func out(_ text: String) { out(Data(text.utf8)) }

    /// Writes `bytes` to standard output.
    static func out(_ bytes: Data) { try? FileHandle.standardOutput.write(contentsOf: bytes) }

    /// Writes `text` to standard error.
    static func err(_ text: String) { try? FileHandle.standardError.write(contentsOf: Data(text.utf8)) }
}
