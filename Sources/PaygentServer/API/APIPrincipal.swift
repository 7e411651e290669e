import PaygentCore

/// The authenticated caller of a request: the token it presented.
public struct APIPrincipal: Sendable, Hashable {
    /// The token's id (`tok_…`).
    public var tokenID: String
    /// The token's label.
    public var name: String
    /// The token's role.
    public var role: APITokenRole

    /// Creates a principal.
    public init(tokenID: String, name: String, role: APITokenRole) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
    }

    /// The principal of `token`.
    public init(_ token: APIToken) {
        self.init(tokenID: token.id, name: token.name, role: token.role)
    }

    /// Who is acting, as recorded in the events a command appends: `api:<role>:<token id>`.
    public var actor: String { "api:\(role.rawValue):\(tokenID)" }

    /// The `user_id` of sessions an agent token owns (sessions it created through the server).
    public var ownerID: String { "token:\(tokenID)" }

    /// Whether this caller may read `session` (agents only their own).
    public func mayRead(_ session: AgentSession) -> Bool {
        role != .agent || session.userID == ownerID
    }

    /// Throws `forbidden` unless `access` admits this caller's role.
    public func require(_ access: APIAccess) throws(PaygentError) {
        guard access.admits(role) else {
            throw PaygentError(.forbidden, "a \(role.rawValue) token may not do this (needs \(access.roles.map(\.rawValue).sorted().joined(separator: " or ")))")
        }
    }
}
