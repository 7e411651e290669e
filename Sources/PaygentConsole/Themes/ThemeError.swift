import PaygentFoundation

/// A problem in a theme or config file, located as precisely as the file allows.
public struct ConsoleFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (path or built-in name).
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// Dotted key (`roles.focus.fg`), when the problem is in one value.
    public var key: String?
    public var message: String

    public init(file: String, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key 'roles.focus.fg': unknown colour "purpl"`.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "key '\(key)': " }
        return text + message
    }
}

/// Finds the line of `key` in a TOML source, inside `[table]` when given (best effort, for messages).
enum TOMLLocator {
    static func line(of key: String, inTable table: String?, source: String) -> Int? {
        var current: String? = nil
        for (index, raw) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmed(.spacesAndTabs)
            if line.hasPrefix("[") {
                current = String(line.dropFirst().prefix(while: { $0 != "]" })).trimmed(.spacesAndTabs)
                continue
            }
            guard current == table else { continue }
            let name = line.prefix(while: { $0 != "=" }).trimmingQuotes()
            if name == key, line.contains("=") { return index + 1 }
        }
        return nil
    }
}

extension Substring {
    func trimmingQuotes() -> String {
        var text = String(self).trimmed(.spacesAndTabs)
        if text.count >= 2, (text.first == "\"" && text.last == "\"") || (text.first == "'" && text.last == "'") {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }
}
