/// How one role looks: colours and attributes, as a theme file states them.
public struct RoleSpec: Hashable, Sendable {
    public var fg: ColorSpec?
    public var bg: ColorSpec?
    public var attrs: TextAttributes
    /// Attributes to use instead at ``ColorDepth/mono`` (nil: the role's built-in choice plus `attrs`).
    public var mono: TextAttributes?

    public init(fg: ColorSpec? = nil, bg: ColorSpec? = nil, attrs: TextAttributes = [], mono: TextAttributes? = nil) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
        self.mono = mono
    }
}

/// A theme: one ``RoleSpec`` per role it names. Themes are partial; ``merged(over:)`` lays one over
/// another (the default), role by role.
public struct Theme: Hashable, Sendable {
    public var name: String
    /// Background for every role that names none (nil: the terminal's own).
    public var background: ColorSpec?
    public var roles: [ThemeRole: RoleSpec]

    public init(name: String, background: ColorSpec? = nil, roles: [ThemeRole: RoleSpec]) {
        self.name = name
        self.background = background
        self.roles = roles
    }

    /// This theme over `base`: the roles this theme names replace the base's; the rest come from the base.
    public func merged(over base: Theme) -> Theme {
        var roles = base.roles
        for (role, spec) in self.roles { roles[role] = spec }
        return Theme(name: name, background: background ?? base.background, roles: roles)
    }

    /// Every role's cell style at a colour depth.
    public func resolved(at depth: ColorDepth) -> ResolvedTheme {
        ResolvedTheme(theme: self, depth: depth)
    }
}

/// A theme turned into cell styles for one colour depth; what renderers use.
public struct ResolvedTheme: Sendable {
    public let name: String
    public let depth: ColorDepth
    private let styles: [CellStyle]

    init(theme: Theme, depth: ColorDepth) {
        name = theme.name
        self.depth = depth
        let background = theme.background?.resolved(at: depth) ?? .default
        styles = ThemeRole.allCases.map { role in
            let spec = theme.roles[role] ?? RoleSpec()
            if depth == .mono {
                return CellStyle(attrs: spec.mono ?? spec.attrs.union(role.monoDefault))
            }
            return CellStyle(fg: spec.fg?.resolved(at: depth) ?? .default,
                             bg: spec.bg?.resolved(at: depth) ?? background,
                             attrs: spec.attrs)
        }
    }

    /// The style of a role.
    @inline(__always)
    public subscript(role: ThemeRole) -> CellStyle { styles[ThemeRole.index(of: role)] }
}

extension ThemeRole {
    /// Position in ``allCases`` (a switch: no hashing on the drawing path).
    @inline(__always)
    static func index(of role: ThemeRole) -> Int {
        switch role {
        case .text: return 0
        case .dim: return 1
        case .border: return 2
        case .focus: return 3
        case .title: return 4
        case .selection: return 5
        case .header: return 6
        case .footer: return 7
        case .key: return 8
        case .ok: return 9
        case .warn: return 10
        case .danger: return 11
        case .approval: return 12
        case .money: return 13
        case .info: return 14
        case .dialog: return 15
        case .input: return 16
        case .gauge: return 17
        case .gaugeEmpty: return 18
        case .sparkline: return 19
        case .flash: return 20
        }
    }
}
