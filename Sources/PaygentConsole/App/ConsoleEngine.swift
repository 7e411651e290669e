/// The console minus I/O scheduling: model, key registry, theme and renderer bound to one terminal.
/// The runtime (``ConsoleApp``) and the scripted driver (``ConsoleDriver``) both run it; it is
/// confined to the thread that owns the terminal.
public final class ConsoleEngine {
    public private(set) var model: ConsoleModel
    public private(set) var renderer: ConsoleRenderer
    public let terminal: any Terminal
    public let registry: KeyRegistry
    public let depth: ColorDepth
    let themeDirectories: [String]
    let readFile: (String) -> String?
    private var pendingResizeAt: EpochMillis?
    /// How long a resize must be quiet before re-layout.
    static let resizeDebounceMillis: EpochMillis = 40
    /// Problems found at start-up (theme, config), shown once in the status bar.
    public private(set) var startupProblems: [String] = []

    /// Builds the engine. `config` supplies theme, keys and limits; `options` override it.
    public init(terminal: any Terminal, options: ConsoleOptions, config: ConsoleConfig, modeLabel: String,
                now: EpochMillis, utcOffsetSeconds: Int, readFile: @escaping (String) -> String? = ConsoleFiles.read) {
        self.terminal = terminal
        self.readFile = readFile
        let readOnly = options.readOnly || config.readOnly
        var registry = KeyRegistry(readOnly: readOnly)
        do {
            try registry.remap(config.keys, file: config.file, source: config.source)
        } catch {
            startupProblems.append("\(error) — using default keys")
        }
        self.registry = registry
        let requested = options.colorDepth ?? config.colors ?? ColorDepth.detect(environment: options.environment)
        depth = min(requested, terminal.colorDepth)
        themeDirectories = ConsoleFiles.themeDirectories(environment: options.environment)
        let themeName = options.theme ?? config.theme ?? "default"
        let (theme, error) = ThemeLoader.load(themeName, directories: themeDirectories, readFile: readFile)
        if let error { startupProblems.append("theme: \(error) — using the default theme") }
        let glyphs: Glyphs = terminal.supportsUnicode ? .unicode : .ascii
        renderer = ConsoleRenderer(theme: theme.resolved(at: depth), glyphs: glyphs, registry: registry)
        model = ConsoleModel(size: terminal.size, now: now, readOnly: readOnly, modeLabel: modeLabel,
                             utcOffsetSeconds: utcOffsetSeconds, confirmAbove: config.confirmAbove, eventWindow: config.eventWindow,
                             themeName: error == nil ? theme.name : "default", emptyHint: options.emptyHint ?? ConsoleModel.defaultEmptyHint)
        model.clipboardEnabled = config.clipboard
        model.periodicRefresh = options.periodicRefresh
        model.contextNames = options.contextNames
        model.contextName = options.contextName
        model.mouseEnabled = config.mouse
        if config.mouse { terminal.setMouseReporting(true) }
        if let problem = startupProblems.first { _ = model.apply(.status(problem, .danger)) }
    }

    /// Handles a key. Resizes are debounced; theme switches happen here; other effects are returned.
    public func handle(_ key: Key, now: EpochMillis) -> [ConsoleEffect] {
        if key == .resize {
            pendingResizeAt = now
            return []
        }
        return filter(model.handle(key, registry: registry))
    }

    /// Applies a message from the runtime.
    public func apply(_ message: ConsoleMessage) -> [ConsoleEffect] {
        filter(model.apply(message))
    }

    /// Advances time (debounced resize, countdowns, coalesced reloads).
    public func tick(now: EpochMillis) -> [ConsoleEffect] {
        if let at = pendingResizeAt, now - at >= Self.resizeDebounceMillis {
            pendingResizeAt = nil
            model.resize(terminal.size)
        }
        return filter(model.tick(now: now))
    }

    /// Milliseconds the runtime may sleep before ``tick(now:)`` has work.
    public func millisUntilNextDeadline(now: EpochMillis) -> EpochMillis {
        var next = model.millisUntilNextDeadline()
        if let at = pendingResizeAt { next = min(next, max(1, Self.resizeDebounceMillis - (now - at))) }
        return next
    }

    /// Whether a frame is due.
    public var needsRender: Bool { !model.dirty.isEmpty }

    /// Draws what is dirty; false when nothing was.
    @discardableResult
    public func render() -> Bool { renderer.render(&model, on: terminal) }

    /// Marks everything dirty (tests, benchmarks: force a full frame).
    public func invalidate() { model.dirty = .all }

    /// Switches theme by name or path; a bad theme keeps the current one and says why.
    public func setTheme(_ name: String) {
        let (theme, error) = ThemeLoader.load(name, directories: themeDirectories, readFile: readFile)
        if let error {
            _ = model.apply(.status("theme: \(error)", .danger))
            return
        }
        renderer.theme = theme.resolved(at: depth)
        model.themeName = theme.name
        model.dirty = .all
        _ = model.apply(.status("theme \(theme.name) (\(depth) colours)", .ok))
    }

    private func filter(_ effects: [ConsoleEffect]) -> [ConsoleEffect] {
        var rest: [ConsoleEffect] = []
        for effect in effects {
            switch effect {
            case .setTheme(let name): setTheme(name)
            case .copyToClipboard(let text): terminal.copyToClipboard(text)
            case .setMouse(let on): terminal.setMouseReporting(on)
            default: rest.append(effect)
            }
        }
        return rest
    }
}
