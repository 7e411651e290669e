import HTTPTypes
import Hummingbird
import PaygentCore

/// Bearer-token authentication: every request but `GET /health` must carry
/// `Authorization: Bearer <secret>` of a live token, or it is answered 401 (with
/// `WWW-Authenticate: Bearer`). The caller becomes ``APIRequestContext/principal``.
public struct APIAuthMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    /// Checks secrets (``PaygentAPI/authenticate(secret:)``).
    let authenticator: any PaygentAPI
    /// Paths answered without a token.
    let publicPaths: Set<String>

    /// Creates the middleware.
    public init(authenticator: any PaygentAPI, publicPaths: Set<String> = ["/health"]) {
        self.authenticator = authenticator
        self.publicPaths = publicPaths
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if publicPaths.contains(request.uri.path) { return try await next(request, context) }
        let challenge = [("WWW-Authenticate", "Bearer realm=\"paygent\"")]
        guard let header = request.headers[.authorization] else {
            throw APIFailure(PaygentError(.unauthorized, "missing bearer token (Authorization: Bearer <token>)"), headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIFailure(PaygentError(.unauthorized, "the Authorization header must be \"Bearer <token>\""), headers: challenge)
        }
        guard let token = try await authenticator.authenticate(secret: String(parts[1])) else {
            throw APIFailure(PaygentError(.unauthorized, "invalid or revoked token"), headers: challenge)
        }
        var context = context
        context.principal = APIPrincipal(token)
        return try await next(request, context)
    }
}

