import PaygentCore
import PaygentWire

/// `GET /api/v1/whoami`: the calling token's id, label, role and actor (every role).
struct IdentityRoutes: APIRouteGroup {
    var routes: [APIRoute] {
        [
            APIRoute(.get, "/api/v1/whoami", access: .catalog, operationID: "whoami",
                     summary: "The token this request authenticated with: id, label, role, and the actor its commands are recorded as.",
                     tag: "tokens", response: "TokenIdentity") { call in
                let principal = call.principal
                return try .json(TokenIdentity(tokenID: principal.tokenID, name: principal.name, role: principal.role, actor: principal.actor))
            },
        ]
    }
}
