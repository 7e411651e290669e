import PaygentFoundation
/// What an API token may do on the HTTP server.
public enum APITokenRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Everything, including registry changes and tokens.
    case admin
    /// Read, decide approvals, kill, pause.
    case `operator`
    /// Read only.
    case viewer
    /// An agent: run commands and pay within policy.
    case agent
}

/// A bearer token for the HTTP server. Only a hash of the secret is stored.
public struct APIToken: Sendable, Hashable, Codable, Identifiable {
    /// Token id (`tok_…`).
    public var id: String
    /// Label.
    public var name: String
    /// Permissions.
    public var role: APITokenRole
    /// The first characters of the secret, for recognising it.
    public var prefix: String
    /// When created.
    public var createdAt: Timestamp
    /// Last successful use.
    public var lastUsedAt: Timestamp?
    /// When revoked.
    public var revokedAt: Timestamp?

    /// Creates a token value.
    public init(id: String, name: String, role: APITokenRole, prefix: String, createdAt: Timestamp,
                lastUsedAt: Timestamp?, revokedAt: Timestamp?) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, prefix
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }
}

/// A newly issued token: the only time the secret is available.
public struct IssuedAPIToken: Sendable, Hashable {
    /// The stored description.
    public var token: APIToken
    /// The bearer secret (`pgt_…`); shown once, never stored.
    public var secret: String

    /// Creates an issued token.
    public init(token: APIToken, secret: String) {
        self.token = token
        self.secret = secret
    }
}
