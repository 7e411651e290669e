import Foundation
import PaygentFoundation
import PaygentCore

/// An amount as written in a command (`0.10 USDC`, `$5`, `12 USD`, `10 CRO`): the decimal text and
/// currency word, not money yet (amounts become `USDAmount` or token base units when a tool runs).
struct AmountPhrase: CustomStringConvertible {
    /// Decimal text as written (`"0.10"`).
    var amount: String
    /// Normalised currency (`USDC` for any dollar spelling).
    var currency: String
    /// Index of the word after the amount (and its currency).
    var next: Int

    var description: String { "\(amount) \(currency)" }

    static let dollarWords: Set<String> = ["usdc", "usd", "dollars", "dollar", "usdc.e", "devusdc.e", "bucks", "usdce"]
    static let notSymbols: Set<String> = [
        "to", "for", "into", "each", "apiece", "and", "then", "if", "times", "time", "on", "of", "per", "a", "an", "the",
        "under", "below", "over", "above", "with", "at", "from", "in",
    ]

    /// The amount starting at word `index`.
    static func parse(_ clause: CommandText, at index: Int, currencyRequired: Bool = false) -> AmountPhrase? {
        guard index >= 0, index < clause.count else { return nil }
        var word = clause.words[index]
        var currency: String?
        if word.hasPrefix("$") {
            word.removeFirst()
            currency = "USDC"
        }
        guard isDecimal(word) else { return nil }
        var next = index + 1
        if currency == nil, next < clause.count {
            let candidate = clause.words[next]
            if dollarWords.contains(candidate) {
                currency = "USDC"
                next += 1
            } else if isTokenSymbol(candidate.uppercased()), !notSymbols.contains(candidate),
                      currencyRequired || candidate == "cro" || candidate == "eth" || candidate == "usdt"
            {
                currency = displaySymbol(candidate.uppercased())
                next += 1
            }
        }
        if currency == nil {
            if currencyRequired { return nil }
            currency = "USDC"
        }
        return AmountPhrase(amount: word, currency: currency!, next: next)
    }

    /// Whether `text` is a plain non-negative decimal (`12`, `0.10`, `.5` is refused).
    static func isDecimal(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 40 else { return false }
        var seenDot = false
        var digitsBefore = 0
        var digitsAfter = 0
        for character in text {
            if character == "." {
                if seenDot { return false }
                seenDot = true
            } else if character.isASCII, character.isNumber {
                if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
            } else {
                return false
            }
        }
        return digitsBefore > 0 && (!seenDot || digitsAfter > 0) && digitsAfter <= 18
    }

    /// Whether `text` looks like a token ticker (2–12 letters, digits or dots).
    static func isTokenSymbol(_ text: String) -> Bool {
        (2...12).contains(text.count) && text.first!.isLetter
            && text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." }
    }

    /// `USD` and other dollar spellings → `USDC`; other tickers upper-cased.
    static func displaySymbol(_ text: String) -> String {
        dollarWords.contains(text.lowercased()) ? "USDC" : text.uppercased()
    }

    /// Payments and transfers are made in the session's stablecoin only.
    func requireStablecoin(_ verb: String) throws(ClauseProblem) {
        guard currency == "USDC" else {
            throw ClauseProblem(understood: "\"\(verb)\" with \(self)", expected: "an amount in USDC (payments are made in USDC)")
        }
    }
}

/// What a payment or subscription is for: a URL or a service name.
struct Target {
    var arguments: JSONObject
    var label: String

    static let articles: Set<String> = ["the", "a", "an", "our", "my", "some", "this", "that"]

    static func parse(_ clause: CommandText, from start: Int, to end: Int) -> Target? {
        guard start < end else { return nil }
        for index in start..<end {
            let word = clause.original[index].trimmingCharacters(in: CharacterSet(charactersIn: "\"'<>(),;"))
            if word.lowercased().hasPrefix("http://") || word.lowercased().hasPrefix("https://") {
                return Target(arguments: ["url": .string(word)], label: word)
            }
        }
        var words = Array(clause.words[start..<end]).filter { !$0.isEmpty }
        var originals = Array(clause.original[start..<end])
        while let first = words.first, articles.contains(first) {
            words.removeFirst()
            originals.removeFirst()
        }
        guard !words.isEmpty else { return nil }
        let name = words.joined(separator: " ")
        let label = originals.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ".,;!?\"'"))
        return Target(arguments: ["service": .string(name)], label: label)
    }
}

/// A trailing repeat count: `3 times`, `twice`.
struct Repeat {
    var times: Int
    /// Index of the first word of the repeat phrase.
    var start: Int

    static let numberWords: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "thrice": 3, "four": 4, "five": 5,
        "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
        "twenty": 20, "fifty": 50, "hundred": 100,
    ]

    static func number(_ word: String) -> Int? {
        if let value = Int(word), value >= 0, value <= 1_000_000 { return value }
        return numberWords[word]
    }

    static func parse(_ clause: CommandText, end: Int) -> Repeat? {
        guard end >= 2 || (end >= 1 && ["once", "twice", "thrice"].contains(clause.words[end - 1])) else { return nil }
        let last = clause.words[end - 1]
        if ["once", "twice", "thrice"].contains(last) { return Repeat(times: numberWords[last]!, start: end - 1) }
        guard last == "times" || last == "time", end >= 2, let n = number(clause.words[end - 2]) else { return nil }
        return Repeat(times: min(max(n, 1), CommandGrammar.maximumSteps + 1), start: end - 2)
    }
}

/// A duration: `a week`, `2 days`, `30 seconds`.
struct CommandDuration {
    var seconds: Int64
    var text: String
    var next: Int

    static let day = CommandDuration(seconds: 86_400, text: "1 day", next: 0)

    static let units: [String: (seconds: Int64, singular: String)] = [
        "second": (1, "second"), "seconds": (1, "second"), "sec": (1, "second"), "secs": (1, "second"), "s": (1, "second"),
        "minute": (60, "minute"), "minutes": (60, "minute"), "min": (60, "minute"), "mins": (60, "minute"),
        "hour": (3600, "hour"), "hours": (3600, "hour"),
        "day": (86_400, "day"), "days": (86_400, "day"),
        "week": (604_800, "week"), "weeks": (604_800, "week"),
        "month": (2_592_000, "month"), "months": (2_592_000, "month"),
        "year": (31_536_000, "year"), "years": (31_536_000, "year"),
    ]

    static func parse(_ clause: CommandText, at index: Int) -> CommandDuration? {
        guard index < clause.count else { return nil }
        var position = index
        var count = 1
        if let n = Repeat.number(clause.words[position]), units[clause.words[position]] == nil {
            count = n
            position += 1
        }
        guard count >= 1, count <= 10_000, position < clause.count, let unit = units[clause.words[position]] else { return nil }
        let text = "\(count) \(unit.singular)\(count == 1 ? "" : "s")"
        return CommandDuration(seconds: Int64(count) * unit.seconds, text: text, next: position + 1)
    }
}
