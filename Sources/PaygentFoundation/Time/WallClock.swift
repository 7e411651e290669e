import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where every part of Paygent (control plane, console, facilitator) gets the current wall-clock
/// time. Injected so tests are deterministic.
public protocol WallClock: Sendable {
    /// The current wall-clock time.
    func now() -> Timestamp
}

extension WallClock {
    /// Whole seconds since the Unix epoch (0 before it): signing windows, `validBefore`, `Retry-After`.
    public var unixSeconds: UInt64 { UInt64(max(0, now().seconds)) }
}

/// The real wall clock (`clock_gettime(CLOCK_REALTIME)`).
public struct SystemClock: WallClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }
}

/// The wall clock shifted by a fixed number of seconds (tests that need "later" from a real binary).
public struct OffsetClock: WallClock {
    /// Seconds added to the wall clock.
    public let offsetSeconds: Int64

    /// A clock `offsetSeconds` ahead of the wall clock (behind when negative).
    public init(offsetSeconds: Int64) { self.offsetSeconds = offsetSeconds }

    public func now() -> Timestamp { SystemClock().now().adding(seconds: offsetSeconds) }
}

/// A clock that only moves when told to (tests, simulations).
public final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    /// Creates a clock showing `start`.
    public init(_ start: Timestamp = Timestamp(milliseconds: 1_750_000_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward by `milliseconds`.
    public func advance(milliseconds: Int64) { current.withLock { $0 = $0.adding(milliseconds: milliseconds) } }

    /// Moves the clock forward by `seconds`.
    public func advance(seconds: Int64) { advance(milliseconds: seconds * 1000) }

    /// Sets the clock to `time`.
    public func set(_ time: Timestamp) { current.withLock { $0 = time } }
}
