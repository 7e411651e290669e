import Foundation
import Synchronization

/// The one channel into the UI thread. Background tasks post results and live events here; the UI
/// loop drains it between input timeouts. Live events are coalesced into one batch per drain and
/// bounded: past `liveLimit` undrained events the oldest are dropped and the window is reloaded.
final class ConsoleInbox: @unchecked Sendable {
    private let lock = Mutex(())
    private var messages: [ConsoleMessage] = []
    private var live: [EventRecord] = []
    private var overflowed = false
    private let waker: TerminalWaker
    let liveLimit: Int

    init(waker: TerminalWaker, liveLimit: Int = 20_000) {
        self.waker = waker
        self.liveLimit = liveLimit
    }

    func post(_ message: ConsoleMessage) {
        lock.withLock { _ in messages.append(message) }
        waker.wake()
    }

    /// Adds a live event; wakes the UI only when the batch was empty (one wake per batch).
    func pushLive(_ event: EventRecord) {
        let wake: Bool = lock.withLock { _ in
            live.append(event)
            if live.count > liveLimit {
                live.removeFirst(live.count - liveLimit / 2)
                overflowed = true
            }
            return live.count == 1
        }
        if wake { waker.wake() }
    }

    /// Everything posted since the last drain, live events as one batch; `overflowed` tells that
    /// live events were dropped (the caller reloads the tail).
    func drain() -> (messages: [ConsoleMessage], live: [EventRecord], overflowed: Bool) {
        lock.withLock { _ in
            defer { messages = []; live = []; overflowed = false }
            return (messages, live, overflowed)
        }
    }
}
