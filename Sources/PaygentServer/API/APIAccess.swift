import PaygentCore

/// Who may call a route. Roles: `admin` ⊃ `operator` ⊃ `viewer`, and `agent` beside them.
///
/// | access | admin | operator | viewer | agent |
/// |---|---|---|---|---|
/// | ``read`` (everything read-only) | ✓ | ✓ | ✓ | |
/// | ``catalog`` (services, pricing) | ✓ | ✓ | ✓ | ✓ |
/// | ``ownSessions`` (sessions; an agent sees only its own) | ✓ | ✓ | ✓ | own |
/// | ``operate`` (approve, reject, edit, kill, pause, resume) | ✓ | ✓ | | |
/// | ``pay`` (agent execute, stream, x402 pay) | ✓ | | | ✓ |
/// | ``administer`` (services, tokens, policy, signing) | ✓ | | | |
///
/// An agent token can never decide an approval: no `operate` route admits it.
public enum APIAccess: String, Sendable, Hashable, CaseIterable {
    /// Read-only routes.
    case read
    /// The service registry, which agents read to choose what to pay.
    case catalog
    /// Session reads: every reader, and agents for the sessions they own.
    case ownSessions = "own_sessions"
    /// Operator actions.
    case operate
    /// Running agents and paying.
    case pay
    /// Administration.
    case administer

    /// The roles admitted.
    public var roles: Set<APITokenRole> {
        switch self {
        case .read: [.admin, .operator, .viewer]
        case .catalog, .ownSessions: [.admin, .operator, .viewer, .agent]
        case .operate: [.admin, .operator]
        case .pay: [.admin, .agent]
        case .administer: [.admin]
        }
    }

    /// Whether `role` may call a route with this access.
    public func admits(_ role: APITokenRole) -> Bool { roles.contains(role) }
}
