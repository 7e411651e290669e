import Foundation
import Synchronization

/// The interactive console on a real terminal. One dedicated thread owns the terminal and every
/// curses call; backend work runs in tasks that report back through a ``ConsoleInbox``.
///
/// Loop: tick (debounced resize, countdowns, coalesced reloads) → drain the inbox (results and
/// one batch of live events) → draw the dirty parts, at most ~30 frames/s → wait for a key, a
/// wake-up from the inbox, or the next deadline. Nothing is drawn while nothing changes.
public final class ConsoleApp: @unchecked Sendable {
    let backend: any ConsoleBackend
    let options: ConsoleOptions
    /// Shortest time between two frames (~30 frames/s).
    static let minFrameMillis: EpochMillis = 33

    public init(backend: any ConsoleBackend, options: ConsoleOptions) {
        self.backend = backend
        self.options = options
    }

    /// Runs until the operator quits (or asks for another context). Throws when the terminal cannot
    /// be opened or the config is invalid.
    @discardableResult
    public func run() async throws -> ConsoleExit {
        let config = try options.config ?? ConsoleConfig.load(environment: options.environment)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ConsoleExit, any Error>) in
            let thread = Thread { [self] in
                do {
                    continuation.resume(returning: try self.loop(config: config))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "paygent-console-ui"
            thread.start()
        }
    }

    private func loop(config: ConsoleConfig) throws -> ConsoleExit {
        let requested = options.colorDepth ?? config.colors ?? ColorDepth.detect(environment: options.environment)
        let terminal = try CursesTerminal(requestedDepth: requested)
        defer { terminal.close() }
        let clock = options.clock
        let offset = options.utcOffsetSeconds ?? TimeZone.current.secondsFromGMT()
        let engine = ConsoleEngine(terminal: terminal, options: options, config: config,
                                   modeLabel: options.modeLabel ?? backend.modeLabel, now: clock.now().milliseconds, utcOffsetSeconds: offset)
        let inbox = ConsoleInbox(waker: terminal.waker)
        let executor = EffectExecutor(backend: backend, inbox: inbox, pageSize: engine.model.eventPageSize)
        defer { executor.stop() }
        executor.run(ConsoleModel.startupEffects)
        let refreshMillis = EpochMillis(config.refreshMs)
        var lastFrame: EpochMillis = 0
        var running = true
        var exit = ConsoleExit.quit

        func handle(_ effects: [ConsoleEffect]) {
            for effect in effects {
                switch effect {
                case .quit: running = false
                case .switchContext(let name):
                    exit = .switchContext(name)
                    running = false
                default: executor.run([effect])
                }
            }
        }

        engine.render()
        while running {
            var now = clock.now().milliseconds
            handle(engine.tick(now: now))
            let (messages, live, overflowed) = inbox.drain()
            for message in messages {
                if case .eventTail(let page) = message { executor.startSubscription(after: page.last?.seq ?? 0) }
                handle(engine.apply(message))
            }
            if overflowed {
                handle([.loadEventTail])
            } else if !live.isEmpty {
                handle(engine.apply(.live(live)))
            }
            guard running else { break }
            now = clock.now().milliseconds
            var wait = min(engine.millisUntilNextDeadline(now: now), refreshMillis * 50)
            if engine.needsRender {
                let since = now - lastFrame
                if since >= Self.minFrameMillis {
                    engine.render()
                    lastFrame = now
                } else {
                    wait = min(wait, Self.minFrameMillis - since)
                }
            }
            guard let key = terminal.readKey(timeoutMs: Int(max(1, wait))) else { continue }
            handle(engine.handle(key, now: clock.now().milliseconds))
            // Drain a burst of keys (key repeat, paste) before drawing.
            var burst = 0
            while running, burst < 64, let next = terminal.readKey(timeoutMs: 0) {
                handle(engine.handle(next, now: clock.now().milliseconds))
                burst += 1
            }
            // A key press repaints at once (not held back by the frame cap).
            if running, engine.needsRender {
                handle(engine.tick(now: clock.now().milliseconds))
                engine.render()
                lastFrame = clock.now().milliseconds
            }
        }
        return exit
    }
}

/// Runs effects as tasks that report to the inbox; owns the live subscription.
final class EffectExecutor: @unchecked Sendable {
    let backend: any ConsoleBackend
    let inbox: ConsoleInbox
    let pageSize: Int
    private let lock = Mutex(())
    private var subscription: Task<Void, Never>?
    private var tasks: [Task<Void, Never>] = []

    init(backend: any ConsoleBackend, inbox: ConsoleInbox, pageSize: Int) {
        self.backend = backend
        self.inbox = inbox
        self.pageSize = pageSize
    }

    func run(_ effects: [ConsoleEffect]) {
        for effect in effects {
            let backend = self.backend, inbox = self.inbox, pageSize = self.pageSize
            let task = Task.detached {
                for message in await ConsoleEffects.execute(effect, backend: backend, pageSize: pageSize) {
                    inbox.post(message)
                }
            }
            lock.withLock { _ in
                tasks.removeAll { $0.isCancelled }
                tasks.append(task)
                if tasks.count > 64 { tasks.removeFirst(tasks.count - 64) }
            }
        }
    }

    /// Subscribes to live events after `seq` (once), reconnecting with backoff (250 ms … 5 s) from
    /// the last seq seen, so the catch-up has no gap and no duplicate. While disconnected the header
    /// says for how long (`reconnecting: 3 s · data stale`, then `offline` after
    /// ``offlineAfterSeconds``); a reconnection counts only once the backend answers again.
    func startSubscription(after seq: Int64) {
        lock.withLock { _ in
            guard subscription == nil else { return }
            let backend = self.backend, inbox = self.inbox
            subscription = Task.detached {
                var after = seq
                var backoff: UInt64 = 250
                var downSince: ContinuousClock.Instant?
                func disconnected(_ why: String) {
                    let since = downSince ?? .now
                    downSince = since
                    let seconds = Int((ContinuousClock.now - since).components.seconds)
                    let text = "\(seconds) s · data stale · \(why)"
                    inbox.post(.connection(seconds >= Self.offlineAfterSeconds ? .failed(text) : .reconnecting(text)))
                }
                while !Task.isCancelled {
                    if downSince != nil {
                        do {
                            _ = try await backend.events(after: after, limit: 1)
                        } catch {
                            if Task.isCancelled { break }
                            disconnected(Self.reason(error))
                            try? await Task.sleep(nanoseconds: backoff * 1_000_000)
                            backoff = min(backoff * 2, 5000)
                            continue
                        }
                    }
                    downSince = nil
                    inbox.post(.connection(.live))
                    do {
                        for try await event in backend.subscribe(after: after) {
                            after = max(after, event.seq)
                            inbox.pushLive(event)
                            backoff = 250
                        }
                        if Task.isCancelled { break }
                        disconnected("event stream ended")
                    } catch {
                        if Task.isCancelled { break }
                        disconnected(Self.reason(error))
                    }
                    try? await Task.sleep(nanoseconds: backoff * 1_000_000)
                    backoff = min(backoff * 2, 5000)
                }
            }
        }
    }

    /// After this many seconds without a connection the header says `offline` (still retrying).
    static let offlineAfterSeconds = 30

    /// The first line of an error, for the header.
    static func reason(_ error: any Error) -> String {
        String(String(describing: error).split(separator: "\n").first ?? "disconnected")
    }

    func stop() {
        lock.withLock { _ in
            subscription?.cancel()
            for task in tasks { task.cancel() }
            tasks = []
        }
    }
}

/// Opens the operator console on this terminal and runs it until the operator quits.
/// The terminal is restored on return, on error, and on SIGINT/SIGTERM.
@discardableResult
public func runConsole(backend: any ConsoleBackend, options: ConsoleOptions) async throws -> ConsoleExit {
    try await ConsoleApp(backend: backend, options: options).run()
}
