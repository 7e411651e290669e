import Foundation
import Http
import PaygentCore
import PaygentServer
import Testing

/// Idempotency keys (a retried approve/kill returns the first answer, durably) and per-token
/// rate limits (429 with Retry-After).
@Suite("API limits (live server)")
struct APILimitTests {
    @Test("a retried approve with the same Idempotency-Key returns the first answer, not a 409")
    func idempotentRetry() async throws {
        try await APIHarness.with { harness in
            let fixtures = try await harness.seed()
            let key = [("Idempotency-Key", "approve-\(fixtures.approval)")]
            let first = try await harness.send("POST", "/api/v1/approvals/\(fixtures.approval)/approve", as: .operator, json: "", headers: key)
            #expect(first.status == 200)
            let retry = try await harness.send("POST", "/api/v1/approvals/\(fixtures.approval)/approve", as: .operator, json: "", headers: key)
            #expect(retry.status == 200)
            #expect(retry.body == first.body, "the first answer, byte for byte")
            #expect(retry.headers["Idempotent-Replayed"] == "true")
            let events = try await harness.paygent.events(EventQuery(types: [EventType(rawValue: "approval.approved")], limit: 100))
            #expect(events.events.count == 1, "approved once")
            // Without the key the second decision is a conflict.
            let bare = try await harness.send("POST", "/api/v1/approvals/\(fixtures.approval)/approve", as: .operator, json: "")
            #expect(bare.status == 409)
            // The same key for another request is refused.
            let other = try await harness.send("POST", "/api/v1/agent/sessions/\(fixtures.session)/kill", as: .operator, json: "", headers: key)
            #expect(other.status == 422)
            #expect(other.errorField == "Idempotency-Key")
            #expect(try await harness.paygent.session(id: fixtures.session).status != .killed)
            // Keys are per token: another caller's same key is its own.
            let admin = try await harness.send("POST", "/api/v1/agent/sessions/\(fixtures.session)/kill", as: .admin, json: "", headers: key)
            #expect(admin.status == 200)
        }
    }

    @Test("a refusal is replayed too, and the replay survives a restart on the same store")
    func durableReplay() async throws {
        try await APIHarness.with { harness in
            let fixtures = try await harness.seed()
            let key = [("Idempotency-Key", "kill-1")]
            let first = try await harness.send("POST", "/api/v1/agent/sessions/\(fixtures.session)/kill", as: .operator, json: #"{"reason":"r"}"#, headers: key)
            #expect(first.status == 200)
            // A second server on the same store answers the retry from the store.
            let second = PaygentAPIServer(api: harness.paygent, idempotency: harness.paygent)
            let running = try await second.start()
            var headers = HTTPHeaders(key)
            headers.add("Authorization", "Bearer \(harness.tokens[.operator]!)")
            let retry = try await harness.client.send(HTTPRequest(method: .post, url: running.baseURL + "/api/v1/agent/sessions/\(fixtures.session)/kill",
                                                                  headers: headers, body: Array(#"{"reason":"r"}"#.utf8)))
            await running.stop()
            #expect(retry.status == 200)
            #expect(retry.body == first.body)
        }
    }

    @Test("over the per-token rate the answer is 429 with Retry-After; other tokens are unaffected")
    func rateLimit() async throws {
        try await APIHarness.with(APIServerOptions(rateLimitPerSecond: 1, rateLimitBurst: 3)) { harness in
            var statuses: [Int] = []
            var retryAfter: String?
            for _ in 0..<6 {
                let response = try await harness.send("GET", "/api/v1/control", as: .viewer)
                statuses.append(response.status)
                if response.status == 429 {
                    retryAfter = response.headers["Retry-After"]
                    #expect(response.errorCode == "rate_limited")
                }
            }
            #expect(statuses.prefix(3).allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(statuses.contains(429), "\(statuses)")
            #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
            let other = try await harness.send("GET", "/api/v1/control", as: .operator)
            #expect(other.status == 200)
        }
    }
}
