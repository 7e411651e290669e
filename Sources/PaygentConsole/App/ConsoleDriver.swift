import PaygentFoundation
/// Runs the console deterministically against a backend: every effect is awaited before the next
/// key, and time moves only when told. Snapshot tests and benchmarks use it with a ``MemoryTerminal``.
public final class ConsoleDriver {
    public let engine: ConsoleEngine
    public let backend: any ConsoleBackend
    public let clock: ManualClock
    public private(set) var quit = false
    /// Effects performed, in order (commands show what reached the backend).
    public private(set) var performed: [ConsoleEffect] = []

    public init(terminal: any Terminal, backend: any ConsoleBackend, options: ConsoleOptions = ConsoleOptions(environment: [:]),
                config: ConsoleConfig = ConsoleConfig(), clock: ManualClock, readFile: @escaping (String) -> String? = ConsoleFiles.read) {
        self.backend = backend
        self.clock = clock
        engine = ConsoleEngine(terminal: terminal, options: options, config: config, modeLabel: options.modeLabel ?? backend.modeLabel,
                               now: clock.now().milliseconds, utcOffsetSeconds: options.utcOffsetSeconds ?? 0, readFile: readFile)
    }

    public var model: ConsoleModel { engine.model }

    /// Loads the first data and draws the first frame.
    public func start() async {
        await run(ConsoleModel.startupEffects)
        _ = engine.apply(.connection(.live))
        engine.render()
    }

    /// Presses keys one by one, running their effects, then draws a frame.
    public func press(_ keys: [Key]) async {
        for key in keys where !quit {
            await run(engine.handle(key, now: clock.now().milliseconds))
            await run(engine.tick(now: clock.now().milliseconds))
        }
        engine.render()
    }

    public func press(_ keys: Key...) async { await press(keys) }

    /// Types text as key presses.
    public func type(_ text: String) async { await press(text.map { Key.char($0) }) }

    /// Delivers live events as the subscription would, then draws.
    public func deliver(_ events: [EventRecord]) async {
        await run(engine.apply(.live(events)))
        engine.render()
    }

    /// Moves the clock, ticks (running any reloads that fall due), and draws.
    public func advance(ms: EpochMillis) async {
        clock.advance(milliseconds: ms)
        await run(engine.tick(now: clock.now().milliseconds))
        engine.render()
    }

    /// Reloads data now and draws.
    public func refresh() async {
        await run([.refresh])
        engine.render()
    }

    func run(_ effects: [ConsoleEffect]) async {
        for effect in effects {
            performed.append(effect)
            let messages = await ConsoleEffects.execute(effect, backend: backend, pageSize: engine.model.eventPageSize)
            if effect == .quit { quit = true }
            for message in messages {
                await run(engine.apply(message))
            }
        }
    }
}

/// Carries out one effect against a backend and returns the resulting messages.
enum ConsoleEffects {
    static func execute(_ effect: ConsoleEffect, backend: any ConsoleBackend, pageSize: Int) async -> [ConsoleMessage] {
        do {
            switch effect {
            case .refresh:
                return [.snapshot(try await backend.snapshot(sessionLimit: 500, paymentLimit: 500))]
            case .loadEventTail:
                return [.eventTail(try await backend.events(before: nil, limit: pageSize))]
            case .loadEventsBefore(let seq):
                return [.olderEvents(try await backend.events(before: seq, limit: pageSize))]
            case .loadEventsAfter(let seq):
                return [.newerEvents(try await backend.events(after: seq, limit: pageSize))]
            case .perform(let command):
                do {
                    return [.commandSucceeded(command, try await backend.perform(command))]
                } catch {
                    return [.commandFailed(command, "\(command) failed: \(error)")]
                }
            case .loadSessionDetails(let id):
                return [.sessionDetails(id, try await backend.sessionDetails(id: id))]
            case .loadPolicy:
                return [.policy(try await backend.policy())]
            case .setTheme, .copyToClipboard, .setMouse, .quit, .switchContext:  // handled by the engine and the loop
                return []
            }
        } catch {
            return [.loadFailed("loading failed: \(error)")]
        }
    }
}
