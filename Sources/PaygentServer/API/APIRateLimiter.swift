import Hummingbird
import PaygentCore
import Synchronization

/// Per-token rate limits: a token bucket per token id (``ratePerSecond`` sustained, ``burst`` at
/// once). A request over the limit is answered 429 with `Retry-After` (whole seconds until a
/// request would be admitted) and does nothing.
public final class APIRateLimiter: Sendable {
    /// Requests per second, sustained.
    public let ratePerSecond: Double
    /// Requests admitted at once from a full bucket.
    public let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// Creates a limiter (`burst` defaults to twice the rate, at least 1).
    public init(ratePerSecond: Double, burst: Double? = nil) {
        self.ratePerSecond = max(ratePerSecond, 0.001)
        self.burst = max(burst ?? ratePerSecond * 2, 1)
        origin = clock.now
    }

    /// Takes one request from `key`'s bucket: nil when admitted, else the seconds to wait.
    public func take(_ key: String) -> Int? {
        let now = (clock.now - origin) / .seconds(1)
        return buckets.withLock { buckets -> Int? in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * ratePerSecond)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[key] = bucket
                return nil
            }
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
        }
    }
}

/// Applies ``APIRateLimiter`` to authenticated requests, per token.
public struct APIRateLimitMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    let limiter: APIRateLimiter

    /// Creates the middleware.
    public init(limiter: APIRateLimiter) { self.limiter = limiter }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let principal = context.principal, let wait = limiter.take(principal.tokenID) {
            throw APIFailure(PaygentError(.rateLimited, "rate limit of \(Self.format(limiter.ratePerSecond)) requests per second exceeded; retry in \(wait) s"),
                             headers: [("Retry-After", String(wait))])
        }
        return try await next(request, context)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
