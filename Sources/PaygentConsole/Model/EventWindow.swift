/// The bounded in-memory slice of the event log the Events pane shows. The store may hold millions
/// of events; the window holds at most `capacity`, ascending by seq, and pages older or newer
/// slices in from the store as the operator scrolls past its edges.
public struct EventWindow: Hashable, Sendable {
    public private(set) var rows: [EventRecord] = []
    public let capacity: Int
    /// Older events exist in the store below the window.
    public private(set) var hasOlder = false
    /// Newer events exist in the store above the window (the window is not at the live tail).
    public private(set) var hasNewer = false
    /// Live events that arrived while frozen and did not fit the window.
    public private(set) var unseen = 0
    /// Highest seq seen anywhere (window or stream).
    public private(set) var latestSeq: Int64 = 0

    public init(capacity: Int) { self.capacity = max(10, capacity) }

    public var oldestSeq: Int64? { rows.first?.seq }
    public var newestSeq: Int64? { rows.last?.seq }

    /// Replaces the window with the newest page (start-up, or back to follow).
    mutating func resetToTail(_ page: [EventRecord], pageLimit: Int) {
        rows = Array(page.suffix(capacity))
        hasOlder = page.count >= pageLimit || (rows.first.map { $0.seq > 1 } ?? false)
        hasNewer = false
        unseen = 0
        if let last = rows.last { latestSeq = max(latestSeq, last.seq) }
    }

    /// Adds live events. Following: append and drop the oldest beyond capacity. Frozen: append while
    /// there is room and the window is at the tail; otherwise count them as unseen.
    /// Returns how many rows were dropped from the front (selection indices shift by that much).
    @discardableResult
    mutating func appendLive(_ events: [EventRecord], following: Bool) -> Int {
        var dropped = 0
        for event in events {
            latestSeq = max(latestSeq, event.seq)
            if let newest = rows.last?.seq, event.seq <= newest { continue }  // duplicate or replay
            if hasNewer { unseen += 1; continue }
            if following {
                rows.append(event)
            } else if rows.count < capacity {
                rows.append(event)
            } else {
                hasNewer = true
                unseen += 1
            }
        }
        if rows.count > capacity {
            dropped = rows.count - capacity
            rows.removeFirst(dropped)
            hasOlder = true
        }
        return dropped
    }

    /// Prepends an older page (scrolling up past the top). Trims the newest rows beyond capacity.
    /// Returns how many rows were added at the front.
    @discardableResult
    mutating func prependOlder(_ page: [EventRecord], pageLimit: Int) -> Int {
        let oldest = rows.first?.seq ?? Int64.max
        let older = page.filter { $0.seq < oldest }
        hasOlder = page.count >= pageLimit && (older.first.map { $0.seq > 1 } ?? false)
        rows.insert(contentsOf: older, at: 0)
        if rows.count > capacity {
            rows.removeLast(rows.count - capacity)
            hasNewer = true
        }
        return older.count
    }

    /// Appends a newer page (scrolling down past the bottom while frozen). Trims the oldest rows.
    /// Returns how many rows were dropped at the front.
    @discardableResult
    mutating func appendNewer(_ page: [EventRecord], pageLimit: Int) -> Int {
        let newest = rows.last?.seq ?? 0
        let newer = page.filter { $0.seq > newest }
        rows.append(contentsOf: newer)
        if let last = rows.last { latestSeq = max(latestSeq, last.seq) }
        hasNewer = page.count >= pageLimit || (rows.last.map { $0.seq < latestSeq } ?? false)
        if !hasNewer { unseen = 0 }
        var dropped = 0
        if rows.count > capacity {
            dropped = rows.count - capacity
            rows.removeFirst(dropped)
            hasOlder = true
        }
        return dropped
    }
}
