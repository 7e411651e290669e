import PaygentEVM

/// The console's config file, `$XDG_CONFIG_HOME/paygent/config.toml` (default `~/.config/paygent/config.toml`).
///
/// ```toml
/// theme = "solarized-dark"        # a built-in theme, a NAME.toml in the themes dir, or a path
/// colors = "auto"                 # auto | truecolor | 256 | 16 | mono
/// refresh_ms = 100                # longest wait between screen updates while data arrives (16–5000)
/// server_url = "http://127.0.0.1:8402"   # talk to a `paygent serve` instead of the local store
/// token = "pgt_…"                 # API token for server_url
/// read_only = false               # refuse and hide every action
/// confirm_above = "10.00"         # approving a payment worth at least this many USD asks first
/// event_window = 2000             # events kept in memory (older ones are paged from the store)
/// [keys]
/// approve = "A"                   # action = key, or a list: kill = ["K", "ctrl-k"]
/// [contexts.prod]                 # `paygent --context prod`, `:ctx prod` (`local` = the embedded store)
/// server_url = "https://paygent.example:8402"
/// token_file = "~/.config/paygent/prod.token"   # or token = "pgt_…"
/// read_only = true
/// ```
public struct ConsoleConfig: Hashable, Sendable {
    public var theme: String?
    public var colors: ColorDepth?
    public var refreshMs: Int = 100
    public var serverURL: String?
    public var token: String?
    public var readOnly: Bool = false
    /// Whether `y` may set the terminal's clipboard with OSC 52 (off unless asked for: a program
    /// writing the clipboard is something an operator should opt into).
    public var clipboard: Bool = false
    /// Whether the console starts with mouse reporting on (`m` toggles it; off by default, as it
    /// takes over the terminal's own text selection).
    public var mouse: Bool = false
    /// Approvals worth at least this many US dollars (decimal string, priced by the control plane's
    /// price table) confirm first; one whose USD value is unknown always confirms.
    public var confirmAbove: String = "10.00"
    public var eventWindow: Int = 2000
    /// `[keys]`: action name → key names.
    public var keys: [String: [String]] = [:]
    /// `[contexts.NAME]`: named servers to switch between (`local`, the embedded store, is implicit).
    public var contexts: [String: ConsoleContext] = [:]
    /// The config text (kept for locating key lines in later errors).
    public var source: String = ""
    public var file: String = "config.toml"

    public init() {}

    /// The config file path for an environment.
    public static func path(environment: [String: String]) -> String {
        ConsoleFiles.configDirectory(environment: environment) + "/config.toml"
    }

    /// Loads the config file; a missing file is the default config.
    public static func load(environment: [String: String], readFile: (String) -> String? = ConsoleFiles.read) throws(ConsoleFileError) -> ConsoleConfig {
        let path = path(environment: environment)
        guard let text = readFile(path) else { return ConsoleConfig() }
        return try parse(text, file: path)
    }

    /// Parses config text. Unknown keys and wrong types are errors naming the file, line and key.
    public static func parse(_ text: String, file: String) throws(ConsoleFileError) -> ConsoleConfig {
        let document = try TOMLReader.parse(text, file: file)
        var config = ConsoleConfig()
        config.source = text
        config.file = file
        func fail(_ key: String, table: String? = nil, _ message: String) -> ConsoleFileError {
            let leaf = String(key.split(separator: ".").last ?? Substring(key))
            return ConsoleFileError(file: file, line: TOMLLocator.line(of: leaf, inTable: table, source: text), key: key, message: message)
        }
        func string(_ key: String, _ node: TOMLNode) throws(ConsoleFileError) -> String {
            guard case .string(let value) = node else { throw fail(key, "expected a string, got \(node.typeName)") }
            return value
        }
        for (key, node) in document.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "theme":
                config.theme = try string(key, node)
            case "colors":
                let value = try string(key, node)
                if value.lowercased() != "auto" {
                    guard let depth = ColorDepth(name: value) else { throw fail(key, "expected auto, truecolor, 256, 16 or mono") }
                    config.colors = depth
                }
            case "refresh_ms":
                guard case .int(let ms) = node else { throw fail(key, "expected an integer number of milliseconds, got \(node.typeName)") }
                guard (16...5000).contains(ms) else { throw fail(key, "must be between 16 and 5000") }
                config.refreshMs = ms
            case "server_url":
                let url = try string(key, node)
                guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw fail(key, "expected an http:// or https:// URL") }
                config.serverURL = url
            case "token":
                config.token = try string(key, node)
            case "read_only":
                guard case .bool(let flag) = node else { throw fail(key, "expected true or false, got \(node.typeName)") }
                config.readOnly = flag
            case "clipboard":
                guard case .bool(let flag) = node else { throw fail(key, "expected true or false, got \(node.typeName)") }
                config.clipboard = flag
            case "mouse":
                guard case .bool(let flag) = node else { throw fail(key, "expected true or false, got \(node.typeName)") }
                config.mouse = flag
            case "confirm_above":
                let value: String
                switch node {
                case .string(let text): value = text
                case .int(let n): value = String(n)
                default: throw fail(key, "expected a decimal amount like \"10.00\", got \(node.typeName)")
                }
                guard TokenAmount.parseUnits(value, decimals: 6) != nil else { throw fail(key, "expected a decimal amount like \"10.00\"") }
                config.confirmAbove = value
            case "event_window":
                guard case .int(let n) = node, (100...100_000).contains(n) else { throw fail(key, "expected an integer between 100 and 100000") }
                config.eventWindow = n
            case "keys":
                guard case .table(let entries) = node else { throw fail(key, "expected a table [keys]") }
                for (action, value) in entries {
                    switch value {
                    case .string(let name): config.keys[action] = [name]
                    case .array(let items):
                        var names: [String] = []
                        for item in items {
                            guard case .string(let name) = item else { throw fail("keys.\(action)", table: "keys", "expected key names (strings)") }
                            names.append(name)
                        }
                        config.keys[action] = names
                    default:
                        throw fail("keys.\(action)", table: "keys", "expected a key name or a list of key names, got \(value.typeName)")
                    }
                }
            case "contexts":
                guard case .table(let entries) = node else { throw fail(key, "expected tables [contexts.NAME]") }
                for (name, value) in entries {
                    let path = "contexts.\(name)"
                    guard ConsoleContext.isValidName(name) else {
                        throw fail(path, table: "contexts", "a context name is 1–64 of a-z, A-Z, 0-9, _ and -")
                    }
                    guard name != ConsoleContext.local else { throw fail(path, table: "contexts", "`local` is the embedded store; pick another name") }
                    guard case .table(let fields) = value else { throw fail(path, table: "contexts", "expected a table [contexts.\(name)]") }
                    var context = ConsoleContext()
                    for (field, item) in fields.sorted(by: { $0.key < $1.key }) {
                        let full = path + "." + field
                        switch field {
                        case "server_url":
                            let url = try string(full, item)
                            guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw fail(full, table: path, "expected an http:// or https:// URL") }
                            context.serverURL = url
                        case "token": context.token = try string(full, item)
                        case "token_file": context.tokenFile = try string(full, item)
                        case "read_only":
                            guard case .bool(let flag) = item else { throw fail(full, table: path, "expected true or false, got \(item.typeName)") }
                            context.readOnly = flag
                        default:
                            throw fail(full, table: path, "unknown option (known: server_url, token, token_file, read_only)")
                        }
                    }
                    guard context.serverURL != nil else { throw fail(path, table: "contexts", "needs server_url") }
                    guard context.token == nil || context.tokenFile == nil else { throw fail(path, table: "contexts", "give token or token_file, not both") }
                    config.contexts[name] = context
                }
            case "network", "wallet", "tokens":
                continue  // written and read by `paygent init` and the commands it sets up
            default:
                throw fail(key, "unknown option (known: theme, colors, refresh_ms, server_url, token, read_only, clipboard, mouse, confirm_above, event_window, [keys], [contexts.NAME])")
            }
        }
        // Validate key names and conflicts now, so errors surface at start-up.
        var registry = KeyRegistry()
        try registry.remap(config.keys, file: file, source: text)
        return config
    }
}

/// One `[contexts.NAME]` table: a server the console and the CLI can be pointed at by name.
public struct ConsoleContext: Hashable, Sendable {
    /// The `paygent serve` URL.
    public var serverURL: String?
    /// The API token, written in the config.
    public var token: String?
    /// A file holding the API token (its first line; `~` is the home directory).
    public var tokenFile: String?
    /// Open this context read-only.
    public var readOnly = false

    public init(serverURL: String? = nil, token: String? = nil, tokenFile: String? = nil, readOnly: Bool = false) {
        self.serverURL = serverURL
        self.token = token
        self.tokenFile = tokenFile
        self.readOnly = readOnly
    }

    /// The name of the embedded store's context.
    public static let local = "local"

    /// 1–64 of `[A-Za-z0-9_-]`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2D }
    }
}
