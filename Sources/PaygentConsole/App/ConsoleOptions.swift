import PaygentFoundation
/// How to run the console. Command-line flags land here; the config file fills what flags leave unset.
public struct ConsoleOptions: Sendable {
    /// Refuse and hide every action (`--read-only`). The config's `read_only = true` also turns it on.
    public var readOnly: Bool
    /// Theme name or path (`--theme`); overrides the config file.
    public var theme: String?
    /// Colour depth override; nil detects from the environment (NO_COLOR, COLORTERM, TERM) or the config.
    public var colorDepth: ColorDepth?
    /// The environment (for XDG_CONFIG_HOME, NO_COLOR, COLORTERM, TERM…).
    public var environment: [String: String]
    /// The config; nil loads `$XDG_CONFIG_HOME/paygent/config.toml`.
    public var config: ConsoleConfig?
    public var clock: any WallClock
    /// Offset of displayed times from UTC; nil uses the local time zone.
    public var utcOffsetSeconds: Int?
    /// Lines shown in an empty Sessions pane; nil uses the default first-run hint.
    public var emptyHint: [String]?
    /// Header mode label; nil asks the backend (`embedded` or the server URL).
    public var modeLabel: String?
    /// Reload the panes every 15 s even without events (embedded: catches clock-driven changes).
    /// A remote console sets it false: it refreshes from the event stream only.
    public var periodicRefresh: Bool = true
    /// Contexts `:ctx` offers (with tab completion), and the one this console runs in.
    public var contextNames: [String] = []
    public var contextName: String?

    public init(readOnly: Bool = false, theme: String? = nil, colorDepth: ColorDepth? = nil,
                environment: [String: String] = ConsoleFiles.environment, config: ConsoleConfig? = nil,
                clock: any WallClock = SystemClock(), utcOffsetSeconds: Int? = nil,
                emptyHint: [String]? = nil, modeLabel: String? = nil) {
        self.readOnly = readOnly
        self.theme = theme
        self.colorDepth = colorDepth
        self.environment = environment
        self.config = config
        self.clock = clock
        self.utcOffsetSeconds = utcOffsetSeconds
        self.emptyHint = emptyHint
        self.modeLabel = modeLabel
    }
}
