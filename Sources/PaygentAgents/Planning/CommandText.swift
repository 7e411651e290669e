import PaygentFoundation

/// A command split into words, each kept as written and in a normalised form (lower case,
/// surrounding punctuation removed), so rules match loosely while addresses and URLs keep their
/// exact spelling.
struct CommandText: Sendable {
    /// The clause as written.
    var text: String
    /// Words as written (quotes removed from quoted runs, which stay one word).
    var original: [String]
    /// Words lower-cased, trailing `.,;:!?` and surrounding quotes removed.
    var words: [String]

    init(_ text: String) {
        self.text = text
        self.original = CommandText.split(text)
        self.words = original.map(CommandText.normalise)
    }

    init(original: [String]) {
        self.original = original
        self.words = original.map(CommandText.normalise)
        self.text = original.joined(separator: " ")
    }

    var count: Int { words.count }

    /// The clauses of `command`: split at the word "then" (with an optional "and" before it, and
    /// a comma or semicolon), outside double quotes.
    static func clauses(_ command: String) -> [CommandText] {
        var clauses: [CommandText] = []
        var current: [String] = []
        for word in split(command) {
            if normalise(word) == "then", !word.hasPrefix("\"") {
                if let last = current.last, normalise(last) == "and" { current.removeLast() }
                if let last = current.last {
                    current[current.count - 1] = String(last.reversed().drop { ",;".contains($0) }.reversed())
                }
                if !current.isEmpty { clauses.append(CommandText(original: current)) }
                current = []
                continue
            }
            current.append(word)
        }
        if !current.isEmpty { clauses.append(CommandText(original: current)) }
        return clauses.filter { !$0.words.allSatisfy(\.isEmpty) }
    }

    /// Whitespace-separated words; a run in double quotes is one word (quotes kept).
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" || character == "“" || character == "”" {
                quoted.toggle()
                current.append("\"")
                continue
            }
            if character.isWhitespace && !quoted {
                if !current.isEmpty { words.append(current); current = "" }
                continue
            }
            current.append(character)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func normalise(_ word: String) -> String {
        var text = Substring(word.lowercased())
        while let last = text.last, ".,;:!?\"'".contains(last) {
            // Keep a decimal point that belongs to a number ("0.10" never ends with a dot).
            text = text.dropLast()
        }
        while let first = text.first, "\"'(".contains(first) { text = text.dropFirst() }
        while let last = text.last, ")".contains(last) { text = text.dropLast() }
        return String(text)
    }

    /// The words from `start` as written, joined, quotes and trailing punctuation removed.
    func originalText(from start: Int, to end: Int? = nil) -> String {
        let end = min(end ?? original.count, original.count)
        guard start < end else { return "" }
        var text = original[start..<end].joined(separator: " ")
        while let last = text.last, ".!?;,".contains(last) { text.removeLast() }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
            text = String(text.dropFirst().dropLast())
        }
        return text.trimmed()
    }

    /// Normalised words from `start` to `end`, joined with single spaces.
    func phrase(from start: Int, to end: Int? = nil) -> String {
        let end = min(end ?? words.count, words.count)
        guard start < end else { return "" }
        return words[start..<end].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Index of the first of `candidates` at or after `start`.
    func index(of candidates: Set<String>, from start: Int = 0) -> Int? {
        guard start < words.count else { return nil }
        return words[start...].firstIndex { candidates.contains($0) }
    }

    /// Whether `sequence` occurs at `position`.
    func matches(_ sequence: [String], at position: Int) -> Bool {
        guard position >= 0, position + sequence.count <= words.count else { return false }
        return zip(words[position..<(position + sequence.count)], sequence).allSatisfy { $0 == $1 }
    }

    /// Position of `sequence` at or after `start`.
    func find(_ sequence: [String], from start: Int = 0) -> Int? {
        guard !sequence.isEmpty, start <= words.count - sequence.count else { return nil }
        return (start...(words.count - sequence.count)).first { matches(sequence, at: $0) }
    }

    /// `text` cut to 60 characters for messages.
    static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
