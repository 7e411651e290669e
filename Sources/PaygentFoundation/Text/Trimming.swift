/// Which characters ``Swift/StringProtocol/trimmed(_:)`` removes from both ends of a text.
public enum TrimmedCharacters: Sendable, Hashable {
    /// Spaces and tabs only (a config value, an HTTP header value: a line break stays and is refused).
    case spacesAndTabs
    /// ASCII whitespace: space, tab, CR and LF.
    case asciiWhitespace
    /// Every Unicode whitespace character (`Character.isWhitespace`), what a person may type around a value.
    case whitespace

    /// Whether `character` is trimmed.
    public func contains(_ character: Character) -> Bool {
        switch self {
        case .spacesAndTabs: character == " " || character == "\t"
        case .asciiWhitespace: character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\r\n"
        case .whitespace: character.isWhitespace
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing `characters` (every Unicode whitespace by default).
    /// The one trimming helper of the code base (no Foundation needed).
    public func trimmed(_ characters: TrimmedCharacters = .whitespace) -> String {
        var view = self[...]
        while let first = view.first, characters.contains(first) { view = view.dropFirst() }
        while let last = view.last, characters.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
