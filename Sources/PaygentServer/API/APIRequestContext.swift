import Hummingbird
import PaygentCore
import NIOCore

/// The request context of the API router: Hummingbird's core context plus the authenticated
/// caller (set by ``APIAuthMiddleware``) and the matched route (for metrics and access checks).
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller; nil before authentication and on `/health`.
    public var principal: APIPrincipal?
    /// The matched route of the table, set by the route's endpoint.
    public var route: APIRoute.Key?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The caller, or `unauthorized` when none (a route reached without authentication).
    public func requirePrincipal() throws(PaygentError) -> APIPrincipal {
        guard let principal else { throw PaygentError(.unauthorized, "missing or invalid bearer token") }
        return principal
    }
}
