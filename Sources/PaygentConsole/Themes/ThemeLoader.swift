import PaygentFoundation
/// Loads themes: parses theme files, lays them over the default, and finds them by name.
///
/// Theme file format (TOML):
/// ```toml
/// name = "solarized-dark"
/// background = "#002b36"          # optional: background of every role that names none
/// [palette]                       # optional: names for colours used below
/// blue = "#268bd2"
/// [roles]
/// text = "#839496"                # a colour is the foreground
/// focus = { fg = "blue", bold = true }
/// selection = { fg = "#fdf6e3", bg = "#073642", mono = "reverse" }
/// ```
/// Colours: `default`, ANSI names (`red`, `bright-blue`), `color0`–`color255` or an integer, `#rrggbb`.
/// Attributes: `bold`, `dim`, `underline`, `reverse`, `italic` (booleans); `mono` lists attributes
/// used instead when there is no colour.
public enum ThemeLoader {
    /// Names of the themes built into the binary (copies of `themes/*.toml`).
    public static var builtinNames: [String] { BuiltinThemes.all.map(\.name) }

    /// The default theme (always valid).
    public static let defaultTheme: Theme = {
        guard let source = BuiltinThemes.all.first(where: { $0.name == "default" }),
              let theme = try? parse(source.text, file: "themes/default.toml") else {
            return Theme(name: "default", roles: [:])
        }
        return theme
    }()

    /// Parses one theme file (a partial theme, not yet merged).
    public static func parse(_ text: String, file: String) throws(ConsoleFileError) -> Theme {
        let document = try TOMLReader.parse(text, file: file)
        func fail(_ key: String, table: String?, _ message: String) -> ConsoleFileError {
            let leaf = String(key.split(separator: ".").dropFirst(table == nil ? 0 : 1).first ?? Substring(key))
            return ConsoleFileError(file: file, line: TOMLLocator.line(of: leaf, inTable: table, source: text), key: key, message: message)
        }
        var name = file.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? file
        var background: ColorSpec?
        var palette: [String: ColorSpec] = [:]
        if case .table(let entries)? = document["palette"] {
            for (key, value) in entries {
                guard case .string(let text) = value, let color = ColorSpec(parsing: text) else {
                    throw fail("palette.\(key)", table: "palette", "expected a colour (\"#rrggbb\", an ANSI name, color0–255 or default)")
                }
                palette[key.lowercased()] = color
            }
        }
        func color(_ node: TOMLNode, key: String, table: String?) throws(ConsoleFileError) -> ColorSpec {
            switch node {
            case .string(let text):
                if let named = palette[text.lowercased()] { return named }
                if let parsed = ColorSpec(parsing: text) { return parsed }
                throw fail(key, table: table, "unknown colour \"\(UntrustedText(text, maxWidth: 40))\" (use #rrggbb, an ANSI name like bright-blue, color0–255, default, or a [palette] name)")
            case .int(let n) where (0...255).contains(n):
                return .indexed(UInt8(n))
            default:
                throw fail(key, table: table, "expected a colour, got \(node.typeName)")
            }
        }
        for (key, value) in document {
            switch key {
            case "name":
                guard case .string(let text) = value else { throw fail("name", table: nil, "expected a string") }
                name = UntrustedText(text, maxWidth: 40).value
            case "background":
                background = try color(value, key: "background", table: nil)
            case "palette", "description":
                continue
            case "roles":
                continue
            default:
                throw fail(key, table: nil, "unknown key (expected name, description, background, [palette], [roles])")
            }
        }
        var roles: [ThemeRole: RoleSpec] = [:]
        if let node = document["roles"] {
            guard case .table(let entries) = node else { throw fail("roles", table: nil, "expected a table [roles]") }
            for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
                guard let role = ThemeRole(rawValue: key) else {
                    let known = ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail("roles.\(key)", table: "roles", "unknown role (known roles: \(known))")
                }
                switch value {
                case .string, .int:
                    roles[role] = RoleSpec(fg: try color(value, key: "roles.\(key)", table: "roles"))
                case .table(let fields):
                    var spec = RoleSpec()
                    for (field, fieldValue) in fields.sorted(by: { $0.key < $1.key }) {
                        let path = "roles.\(key).\(field)"
                        switch field {
                        case "fg": spec.fg = try color(fieldValue, key: path, table: "roles")
                        case "bg": spec.bg = try color(fieldValue, key: path, table: "roles")
                        case "bold", "dim", "underline", "reverse", "italic":
                            guard case .bool(let on) = fieldValue else {
                                throw fail(path, table: "roles", "expected true or false, got \(fieldValue.typeName)")
                            }
                            if on { spec.attrs.insert(attribute(named: field)!) }
                        case "mono":
                            guard case .string(let list) = fieldValue else { throw fail(path, table: "roles", "expected a string like \"bold+reverse\"") }
                            var attrs: TextAttributes = []
                            for part in list.split(whereSeparator: { $0 == "+" || $0 == "," || $0 == " " }) where !part.isEmpty {
                                guard let attr = attribute(named: String(part)) else {
                                    throw fail(path, table: "roles", "unknown attribute \"\(UntrustedText(String(part), maxWidth: 20))\" (bold, dim, underline, reverse, italic, none)")
                                }
                                attrs.formUnion(attr)
                            }
                            spec.mono = attrs
                        default:
                            throw fail(path, table: "roles", "unknown field (expected fg, bg, bold, dim, underline, reverse, italic, mono)")
                        }
                    }
                    roles[role] = spec
                default:
                    throw fail("roles.\(key)", table: "roles", "expected a colour or a table { fg, bg, bold, … }, got \(value.typeName)")
                }
            }
        }
        return Theme(name: name, background: background, roles: roles)
    }

    static func attribute(named name: String) -> TextAttributes? {
        switch name.lowercased() {
        case "bold": return .bold
        case "dim": return .dim
        case "underline": return .underline
        case "reverse": return .reverse
        case "italic": return .italic
        case "none", "": return []
        default: return nil
        }
    }

    /// Loads a theme by name or path, merged over the default. A theme that cannot be found or has an
    /// error yields the default theme and the error (to show the user).
    ///
    /// Search order for a name: each directory in `directories` (`NAME.toml`), then the built-in themes.
    /// A value containing `/` or ending in `.toml` is a file path.
    public static func load(_ nameOrPath: String, directories: [String], readFile: (String) -> String? = ConsoleFiles.read)
        -> (theme: Theme, error: ConsoleFileError?)
    {
        let trimmed = nameOrPath.trimmed(.spacesAndTabs)
        var candidates: [String] = []
        if trimmed.contains("/") || trimmed.hasSuffix(".toml") {
            candidates = [trimmed]
        } else {
            candidates = directories.map { $0 + "/" + trimmed + ".toml" }
        }
        for path in candidates {
            guard let text = readFile(path) else { continue }
            do {
                return (try parse(text, file: path).merged(over: defaultTheme), nil)
            } catch {
                return (defaultTheme, error)
            }
        }
        if let builtin = BuiltinThemes.all.first(where: { $0.name == trimmed }) {
            do {
                return (try parse(builtin.text, file: "themes/\(builtin.name).toml").merged(over: defaultTheme), nil)
            } catch {
                return (defaultTheme, error)
            }
        }
        let message = "no such theme (built-in: \(builtinNames.joined(separator: ", ")))"
        return (defaultTheme, ConsoleFileError(file: trimmed, line: nil, key: nil, message: message))
    }
}
