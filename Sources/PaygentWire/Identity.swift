import PaygentCore

/// `GET /api/v1/whoami`: the token a request authenticated with (never its secret), so a client
/// can tell what it may do before it tries (a remote console opens read-only for a viewer).
public struct TokenIdentity: Codable, Sendable, Hashable {
    /// The token's id (`tok_…`).
    public var tokenID: String
    /// The token's label.
    public var name: String
    /// The token's role.
    public var role: APITokenRole
    /// What the server records as the actor of this token's commands (`api:operator:tok_…`).
    public var actor: String

    /// Creates an identity.
    public init(tokenID: String, name: String, role: APITokenRole, actor: String) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
        self.actor = actor
    }

    /// Whether the token may decide approvals, kill, pause and resume (admin, operator).
    public var mayOperate: Bool { role == .admin || role == .operator }

    enum CodingKeys: String, CodingKey {
        case tokenID = "token_id"
        case name, role, actor
    }
}
