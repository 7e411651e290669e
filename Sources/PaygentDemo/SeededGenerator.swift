/// SplitMix64: a tiny deterministic random number generator, so a seed replays the same fleet.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator for `seed` (and a `stream` number to separate independent users of one seed).
    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &+ stream &* 0x9E37_79B9_7F4A_7C15 &+ 0xD1B5_4A32_D192_ED03
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A duration of `base` seconds scaled by a factor in [0.75, 1.25).
    mutating func jittered(_ base: Double) -> Duration {
        let factor = 0.75 + Double(next() % 1000) / 2000
        return .milliseconds(Int64(max(1, base * factor * 1000)))
    }
}
