import X402
/// How the payer retries an HTTP exchange that failed transiently (429, 5xx, transport errors).
///
/// Waits grow exponentially from ``initialBackoff`` up to ``maxBackoff`` with "equal jitter"
/// (half fixed, half random). A `Retry-After` header replaces the computed wait. Retrying stops
/// after ``maxAttempts`` attempts of one exchange, or when the next wait would end after
/// ``maxTotalTime`` counted from the start of the purchase.
///
/// A paid request is retried with the *same* payment header: the nonce is single-use, so at
/// most one of the attempts can settle.
public struct X402RetryPolicy: Sendable, Hashable {
    /// Attempts per exchange, including the first (at least 1).
    public var maxAttempts: Int
    /// Wait before the first retry (before jitter).
    public var initialBackoff: Duration
    /// Largest computed wait (before jitter). `Retry-After` may ask for longer.
    public var maxBackoff: Duration
    /// Time budget of one purchase, across both exchanges and all waits.
    public var maxTotalTime: Duration
    /// Statuses that are retried.
    public var retryableStatuses: Set<Int>

    /// Creates a policy.
    public init(
        maxAttempts: Int = 4, initialBackoff: Duration = .milliseconds(250), maxBackoff: Duration = .seconds(8),
        maxTotalTime: Duration = .seconds(60), retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxTotalTime = maxTotalTime
        self.retryableStatuses = retryableStatuses
    }

    /// Four attempts, 250 ms doubling to 8 s, within one minute.
    public static let standard = X402RetryPolicy()

    /// Never retry.
    public static let none = X402RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry) with `jitter` in `0..<1`.
    public func backoff(retry: Int, jitter: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        var base = initialBackoff * (1 << exponent)
        if base > maxBackoff || base < .zero { base = maxBackoff }
        let unit = min(max(jitter, 0), 0.999_999)
        return base / 2 + (base / 2) * unit
    }
}
