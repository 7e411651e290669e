import PaygentEVM
import PaygentFoundation

/// Exact rolling-window totals over holds, in memory, amortised O(1) per hold.
///
/// Every live hold adds its amount under each of its ``WindowKey``s at its creation time; a
/// total for "now" covers holds created in `(now − 24 h, now]`. Entries leave the window in time
/// order (each is pruned exactly once), and a released hold is subtracted at once. A separate
/// per-minute counter backs the velocity limit (released holds still count there: it measures
/// attempts, not spend). A store rebuilds this from its `holds` table at open.
///
/// Not thread-safe: the owning store guards it (writes are serialized anyway).
public struct RollingWindows: Sendable {
    /// Length of the spend window.
    public static let dayMilliseconds: Int64 = 86_400_000
    /// Length of the velocity window.
    public static let minuteMilliseconds: Int64 = 60_000

    struct Entry: Sendable {
        var createdAt: Int64
        var holdID: String
        var generation: Int
        var amount: UInt256
    }

    /// A reference type so that appends mutate in place (no copy-on-write of the entries).
    final class Series: @unchecked Sendable {
        var entries: [Entry] = []
        var head = 0
        var total: UInt256 = .zero
        var prunedUntil: Int64 = .min
    }

    final class Attempts: @unchecked Sendable {
        var times: [Int64] = []
        var head = 0
    }

    struct LiveHold: Sendable {
        var generation: Int
        var createdAt: Int64
        var keys: [(WindowKey, UInt256)]
    }

    private var series: [WindowKey: Series] = [:]
    private var live: [String: LiveHold] = [:]
    private var nextGeneration = 0
    private var minute: [VelocityKey: Attempts] = [:]

    /// Creates empty windows.
    public init() {}

    /// Counts `hold` (held or captured) from its creation time. Adding a hold already counted does nothing.
    public mutating func add(_ hold: Hold) {
        guard live[hold.id] == nil else { return }
        let createdAt = hold.createdAt.milliseconds
        nextGeneration += 1
        let keys = WindowKey.entries(for: hold)
        live[hold.id] = LiveHold(generation: nextGeneration, createdAt: createdAt, keys: keys)
        for (key, amount) in keys {
            let s: Series
            if let existing = series[key] { s = existing } else { s = Series(); series[key] = s }
            if createdAt > s.prunedUntil {
                let entry = Entry(createdAt: createdAt, holdID: hold.id, generation: nextGeneration, amount: amount)
                if let last = s.entries.last, last.createdAt > createdAt {
                    // Out of order (clock stepped back): keep the array sorted.
                    var index = s.entries.count
                    while index > s.head, s.entries[index - 1].createdAt > createdAt { index -= 1 }
                    s.entries.insert(entry, at: index)
                } else {
                    s.entries.append(entry)
                }
                s.total = s.total.addingReportingOverflow(amount).overflow ? .max : s.total + amount
            }
        }
    }

    /// Counts `hold` once in the per-minute velocity window.
    public mutating func addAttempt(_ hold: Hold) {
        let key = VelocityKey.key(for: hold)
        let value: Attempts
        if let existing = minute[key] { value = existing } else { value = Attempts(); minute[key] = value }
        let at = hold.createdAt.milliseconds
        if let last = value.times.last, last > at {
            var index = value.times.count
            while index > value.head, value.times[index - 1] > at { index -= 1 }
            value.times.insert(at, at: index)
        } else {
            value.times.append(at)
        }
    }

    /// Removes one attempt of `hold` from the velocity window (rollback of ``addAttempt(_:)``).
    public mutating func removeAttempt(_ hold: Hold) {
        let key = VelocityKey.key(for: hold)
        guard let value = minute[key] else { return }
        if let index = value.times[value.head...].lastIndex(of: hold.createdAt.milliseconds) {
            value.times.remove(at: index)
        }
    }

    /// Stops counting `hold` (released). Returns whether it was counted.
    @discardableResult
    public mutating func remove(holdID: String) -> Bool {
        guard let hold = live.removeValue(forKey: holdID) else { return false }
        for (key, amount) in hold.keys {
            guard let s = series[key] else { continue }
            if hold.createdAt > s.prunedUntil {
                s.total = s.total >= amount ? s.total - amount : .zero
            }
        }
        return true
    }

    /// Whether `holdID` is counted.
    public func contains(holdID: String) -> Bool { live[holdID] != nil }

    /// Sum under `key` of live holds created in `(now − 24 h, now]`.
    public mutating func total(_ key: WindowKey, now: Timestamp) -> UInt256 {
        prune(key, cutoff: now.milliseconds - Self.dayMilliseconds)
        return series[key]?.total ?? .zero
    }

    /// Creation time of the oldest live hold in the window under `key`.
    public mutating func oldest(_ key: WindowKey, now: Timestamp) -> Timestamp? {
        prune(key, cutoff: now.milliseconds - Self.dayMilliseconds)
        guard let s = series[key] else { return nil }
        for entry in s.entries[s.head...] where live[entry.holdID]?.generation == entry.generation {
            return Timestamp(milliseconds: entry.createdAt)
        }
        return nil
    }

    /// Every key of the given kind with a non-zero total now.
    public mutating func totals(now: Timestamp, where include: (WindowKey) -> Bool) -> [(WindowKey, UInt256)] {
        var result: [(WindowKey, UInt256)] = []
        for key in Array(series.keys) where include(key) {
            let value = total(key, now: now)
            if !value.isZero { result.append((key, value)) }
        }
        return result
    }

    /// Holds created under `key` in `(now − 60 s, now]`, counting up to `limit` (cheap when capped).
    public mutating func attempts(_ key: VelocityKey, now: Timestamp) -> Int {
        guard let value = minute[key] else { return 0 }
        let cutoff = now.milliseconds - Self.minuteMilliseconds
        while value.head < value.times.count, value.times[value.head] <= cutoff { value.head += 1 }
        if value.head > 1024, value.head * 2 > value.times.count {
            value.times.removeFirst(value.head)
            value.head = 0
        }
        return value.times.count - value.head
    }

    private mutating func prune(_ key: WindowKey, cutoff: Int64) {
        guard let s = series[key], cutoff > s.prunedUntil else { return }
        while s.head < s.entries.count, s.entries[s.head].createdAt <= cutoff {
            let entry = s.entries[s.head]
            if live[entry.holdID]?.generation == entry.generation {
                s.total = s.total >= entry.amount ? s.total - entry.amount : .zero
            }
            s.head += 1
        }
        s.prunedUntil = cutoff
        if s.head > 1024, s.head * 2 > s.entries.count {
            s.entries.removeFirst(s.head)
            s.head = 0
        }
        if s.head == s.entries.count {
            s.entries.removeAll(keepingCapacity: true)
            s.head = 0
        }
    }

    /// Drops bookkeeping of holds older than the day window (call now and then).
    public mutating func compact(now: Timestamp) {
        let cutoff = now.milliseconds - Self.dayMilliseconds
        for key in Array(series.keys) { prune(key, cutoff: cutoff) }
        live = live.filter { $0.value.createdAt > cutoff }
    }
}
