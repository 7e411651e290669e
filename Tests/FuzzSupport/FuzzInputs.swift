/// Seeded, bounded fuzz inputs for the decoders that outside bytes reach: the same inputs on
/// every run, so a crash found once is found again.
public struct FuzzInputs: Sequence {
    /// The valid inputs mutations start from.
    public let seeds: [String]
    /// Fragments worth splicing in (delimiters, huge numbers, control bytes, escapes).
    public let tokens: [String]
    /// How many inputs the sequence yields.
    public let count: Int
    /// The generator's seed.
    public let seed: UInt64

    public init(seeds: [String], tokens: [String] = [], count: Int = 100_000, seed: UInt64) {
        precondition(!seeds.isEmpty)
        self.seeds = seeds
        self.tokens = tokens + FuzzInputs.commonTokens
        self.count = count
        self.seed = seed
    }

    /// Fragments every decoder should meet.
    public static let commonTokens = [
        "", "0", "-1", "+", ".", "..", "e", "E+999", "1e-400", "\u{0}", "\u{1b}[2J", "\u{7f}", "\u{202e}", "\"", "\\", "'", "=", "[", "]",
        "{", "}", ":", ",", "\n", "\r\n", "\t", " ", "%", "%00", "%2F", "//", "0x", "-0", "Z", "T", "+05:30", "é", "\u{fffd}", "🦄",
        String(repeating: "9", count: 80), String(repeating: "1", count: 400), String(repeating: "[", count: 200), "null", "true", "nan", "inf",
    ]

    public func makeIterator() -> Iterator { Iterator(inputs: self) }

    public struct Iterator: IteratorProtocol {
        let inputs: FuzzInputs
        let seeds: [[UInt8]]
        let tokens: [[UInt8]]
        var produced = 0
        var rng: SplitMix64

        init(inputs: FuzzInputs) {
            self.inputs = inputs
            seeds = inputs.seeds.map { Array($0.utf8) }
            tokens = inputs.tokens.map { Array($0.utf8) }
            rng = SplitMix64(state: inputs.seed)
        }

        /// The next input: the seeds first, then every 16th one random bytes, the rest a seed
        /// mutated 1–4 times (runs deleted, duplicated or truncated, tokens inserted, bytes
        /// replaced, seeds spliced), as UTF-8 text (invalid sequences become U+FFFD).
        public mutating func next() -> String? {
            guard produced < inputs.count else { return nil }
            produced += 1
            if produced <= seeds.count { return inputs.seeds[produced - 1] }
            if produced % 16 == 0 {
                let bytes = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                return String(decoding: bytes, as: UTF8.self)
            }
            var text = seeds.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...text.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0 where !text.isEmpty:  // delete a run
                    let start = Swift.min(at, text.count - 1)
                    text.removeSubrange(start..<Swift.min(text.count, start + Int.random(in: 1...8, using: &rng)))
                case 1:  // insert a token
                    text.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
                case 2 where !text.isEmpty:  // replace one byte with a random printable one
                    text[Swift.min(at, text.count - 1)] = UInt8.random(in: 0x20...0x7e, using: &rng)
                case 3 where !text.isEmpty:  // duplicate a run
                    let start = Swift.min(at, text.count - 1)
                    let run = text[start..<Swift.min(text.count, start + Int.random(in: 1...16, using: &rng))]
                    text.insert(contentsOf: run, at: Int.random(in: 0...text.count, using: &rng))
                case 4:  // splice with another seed
                    let other = seeds.randomElement(using: &rng)!
                    text = Array(text.prefix(at)) + other.suffix(Int.random(in: 0...other.count, using: &rng))
                default:  // truncate
                    text.removeSubrange(at...)
                }
            }
            return String(decoding: text, as: UTF8.self)
        }
    }
}

/// SplitMix64: a small deterministic generator.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
