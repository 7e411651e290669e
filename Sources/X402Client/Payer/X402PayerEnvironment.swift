import PaygentFoundation
import X402
import PaygentEVM

/// The payer's view of time and randomness, injectable so tests are deterministic.
///
/// `live` uses the system clock, `Task.sleep`, the system random number generator and a
/// monotonic clock. Tests substitute a fake clock whose `sleep` advances `uptime` instantly.
public struct X402PayerEnvironment: Sendable {
    /// The wall clock (signing windows and `Retry-After` dates, in its unix seconds).
    public var clock: any WallClock
    /// Monotonic time since an arbitrary origin (the retry time budget).
    public var uptime: @Sendable () -> Duration
    /// Waits for `duration`; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A fresh 32-byte EIP-3009 nonce.
    public var nonce: @Sendable () -> [UInt8]
    /// A uniformly distributed number in `0..<1`, for backoff jitter.
    public var jitter: @Sendable () -> Double

    /// Creates an environment from its parts.
    public init(
        clock: any WallClock,
        uptime: @escaping @Sendable () -> Duration,
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        nonce: @escaping @Sendable () -> [UInt8],
        jitter: @escaping @Sendable () -> Double
    ) {
        self.clock = clock
        self.uptime = uptime
        self.sleep = sleep
        self.nonce = nonce
        self.jitter = jitter
    }

    /// The real clock, `Task.sleep`, and cryptographically random nonces.
    public static var live: X402PayerEnvironment {
        let origin = ContinuousClock.now
        return X402PayerEnvironment(
            clock: SystemClock(),
            uptime: { ContinuousClock.now - origin },
            sleep: { duration in try await Task.sleep(for: duration) },
            nonce: { TransferWithAuthorization.randomNonce() },
            jitter: { Double.random(in: 0..<1) }
        )
    }
}
