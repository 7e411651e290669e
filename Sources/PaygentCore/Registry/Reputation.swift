/// The registry's reputation score, 0…5, computed from real outcomes of paid calls.
///
/// For a service with `n` recorded paid calls of which `k` settled, and `L` the exponentially
/// weighted mean latency of those calls in milliseconds (α = 0.1: `L ← L + (sample − L) / 10`,
/// the first sample taken as is):
///
///     success  = (k + 1) / (n + 2)            — Laplace-smoothed success rate
///     speed    = 1000 / (1000 + L)            — 1.0 at 0 ms, 0.5 at 1 s, 0.2 at 4 s
///     score    = 5 × (0.8 × success + 0.2 × speed), rounded to 2 decimals
///
/// Before the first recorded call, a service shows the initial score given at registration
/// (2.5 by default). Latency is measured from the policy's hold to the settlement report.
public enum Reputation {
    /// Score of a service with no recorded call and no initial score given.
    public static let initialScore = 2.5
    /// Weight of the latest latency sample in the moving average.
    public static let latencyWeightDivisor: Int64 = 10

    /// The score for `calls` recorded calls, `successes` of them settled, mean latency `latencyMs`.
    public static func score(calls: Int, successes: Int, latencyMs: Int64?) -> Double {
        let success = Double(successes + 1) / Double(calls + 2)
        let speed = latencyMs.map { 1000.0 / (1000.0 + Double(max(0, $0))) } ?? 0.5
        let raw = 5.0 * (0.8 * success + 0.2 * speed)
        return (raw * 100).rounded() / 100
    }

    /// The moving average after one more `sample` (ms).
    public static func updatedLatency(_ current: Int64?, sample: Int64) -> Int64 {
        guard let current else { return max(0, sample) }
        return current + (max(0, sample) - current) / latencyWeightDivisor
    }
}
