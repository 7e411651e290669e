import PaygentCore
import PaygentWire

/// API tokens (admin): list, issue (the secret is in that answer only), revoke.
struct TokenRoutes: APIRouteGroup {
    let api: any PaygentAPI

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/tokens", access: .administer, operationID: "listTokens",
                     summary: "Every token, oldest first (no secrets).", tag: "tokens", response: "TokenList") { _ in
                try .json(TokenList(tokens: try await api.apiTokens()))
            },
            APIRoute(.post, "/api/v1/tokens", access: .administer, operationID: "createToken",
                     summary: "Issues a token; its secret is in this answer only.", tag: "tokens", status: 201,
                     request: "CreateTokenRequest", response: "IssuedToken") { call in
                let request = try call.decode(CreateTokenRequest.self)
                return try .json(IssuedTokenResponse(try await api.issueAPIToken(name: request.name, role: request.role, by: call.actor)),
                                 status: 201)
            },
            APIRoute(.delete, "/api/v1/tokens/{id}", access: .administer, operationID: "revokeToken",
                     summary: "Revokes a token (409 when already revoked).", tag: "tokens", response: "APIToken") { call in
                try .json(try await api.revokeAPIToken(id: try call.id("id"), by: call.actor))
            },
        ]
    }
}
