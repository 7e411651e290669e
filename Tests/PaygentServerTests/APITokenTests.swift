import Foundation
import Http
import PaygentCore
import PaygentServer
import PaygentWire
import Testing

/// Tokens through the API: issue (secret once, stored as a hash), list (no secrets), use,
/// revoke (401 at once afterwards).
@Suite("API tokens (live server)")
struct APITokenTests {
    @Test func createListUseRevoke() async throws {
        try await APIHarness.with { harness in
            let created = try await harness.send("POST", "/api/v1/tokens", json: #"{"role":"operator","name":"alice"}"#)
            #expect(created.status == 201)
            let issued = try JSONDecoder().decode(IssuedTokenResponse.self, from: Data(created.body))
            #expect(issued.secret.hasPrefix("pgt_") && issued.secret.count == 68)
            #expect(issued.token.role == .operator && issued.token.name == "alice")

            // The secret works, and only it: listing shows no secret and the store holds a hash.
            let asAlice = try await harness.send("GET", "/api/v1/approvals/pending", as: nil, headers: [("Authorization", "Bearer \(issued.secret)")])
            #expect(asAlice.status == 200)
            let list = try await harness.send("GET", "/api/v1/tokens")
            #expect(list.status == 200)
            #expect(!list.bodyString.contains(issued.secret))
            let tokens = try JSONDecoder().decode(TokenList.self, from: Data(list.body))
            #expect(tokens.tokens.contains { $0.id == issued.token.id && $0.revokedAt == nil })
            let database = try Data(contentsOf: URL(fileURLWithPath: harness.directory + "/db.sqlite"))
            #expect(database.range(of: Data(issued.secret.utf8)) == nil, "the secret is not stored")

            // An operator may not manage tokens.
            let escalate = try await harness.send("POST", "/api/v1/tokens", as: nil, body: Array(#"{"role":"admin"}"#.utf8),
                                                  headers: [("Authorization", "Bearer \(issued.secret)")])
            #expect(escalate.status == 403)

            let revoked = try await harness.send("DELETE", "/api/v1/tokens/\(issued.token.id)")
            #expect(revoked.status == 200)
            #expect(revoked.json?["revoked_at"]?.stringValue != nil)
            let after = try await harness.send("GET", "/api/v1/approvals/pending", as: nil, headers: [("Authorization", "Bearer \(issued.secret)")])
            #expect(after.status == 401)
            let again = try await harness.send("DELETE", "/api/v1/tokens/\(issued.token.id)")
            #expect(again.status == 409)
            #expect(again.errorCode == "conflict")
        }
    }

    @Test("an agent token can never decide an approval; an operator can, once")
    func agentCannotDecide() async throws {
        try await APIHarness.with { harness in
            let fixtures = try await harness.seed()
            for action in ["approve", "reject", "edit"] {
                let body = action == "edit" ? #"{"amount":"1"}"# : "{}"
                let response = try await harness.send("POST", "/api/v1/approvals/\(fixtures.approval)/\(action)", as: .agent, json: body)
                #expect(response.status == 403)
            }
            #expect(try await harness.paygent.approval(id: fixtures.approval).decision == .pending)
            let approved = try await harness.send("POST", "/api/v1/approvals/\(fixtures.approval)/approve", as: .operator, json: "")
            #expect(approved.status == 200)
            let request = try #require(approved.json?["request"]?.objectValue)
            #expect(request["decided_by"]?.stringValue?.hasPrefix("api:operator:") == true)
            let second = try await harness.send("POST", "/api/v1/approvals/\(fixtures.approval)/reject", as: .operator, json: "")
            #expect(second.status == 409)
        }
    }
}
