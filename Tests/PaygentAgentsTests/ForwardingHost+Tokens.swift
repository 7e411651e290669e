import PaygentCore

/// The API-token methods `PaygentAPI` gained with `paygent serve` (issue #11), forwarded like the rest.
extension ForwardingHost {
    func apiTokens() async throws(PaygentError) -> [APIToken] { try await inner.apiTokens() }
    func issueAPIToken(name: String, role: APITokenRole, by actor: String) async throws(PaygentError) -> IssuedAPIToken {
        try await inner.issueAPIToken(name: name, role: role, by: actor)
    }
    func revokeAPIToken(id: String, by actor: String) async throws(PaygentError) -> APIToken { try await inner.revokeAPIToken(id: id, by: actor) }
    func authenticate(secret: String) async throws(PaygentError) -> APIToken? { try await inner.authenticate(secret: secret) }
}
