import Foundation
import Http
import PaygentCore
import PaygentServer
import Testing

/// Every route of the API, each against a real server on an ephemeral port over libcurl:
/// 401 without (or with a bad) token, 403 for every role its access does not admit, 422 naming
/// the field for bad input (and nothing changed: the happy path still succeeds after it), 404 for
/// a missing id, then the happy path with its documented status and shape.
@Suite("API routes (table-driven, live server)")
struct APIRouteTableTests {
    @Test("the case table covers exactly the routes the server serves")
    func everyRouteHasACase() async throws {
        let harness = try await APIHarness.start()
        let served = Set(harness.server.routes.map(\.key))
        await harness.stop()
        let cased = Set(APIRouteCases.all.map(\.key))
        #expect(served.subtracting(cased).isEmpty, "routes without a case: \(served.subtracting(cased).map(\.description).sorted())")
        #expect(cased.subtracting(served).isEmpty, "cases without a route: \(cased.subtracting(served).map(\.description).sorted())")
        #expect(APIRouteCases.all.count == cased.count, "a route has two cases")
    }

    @Test(arguments: APIRouteCases.all)
    func route(_ routeCase: RouteCase) async throws {
        let harness = try await APIHarness.start()
        do {
            try await check(routeCase, on: harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    func check(_ routeCase: RouteCase, on harness: APIHarness) async throws {
        let fixtures = try await harness.seed()
        let route = try #require(harness.server.routes.first { $0.key == routeCase.key })
        let happy = routeCase.happy(fixtures)
        let happyBody = happy.body.map { Array($0.utf8) }
        let method = routeCase.method

        // 401: no token, a malformed header, an unknown token.
        let anonymous = try await harness.send(method, happy.path, as: nil, body: happyBody)
        if route.access == nil {
            #expect(anonymous.status == 200)
        } else {
            #expect(anonymous.status == 401, "\(anonymous.bodyString)")
            #expect(anonymous.errorCode == "unauthorized")
            #expect(anonymous.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
            let wrong = try await harness.send(method, happy.path, as: nil, body: happyBody,
                                               headers: [("Authorization", "Bearer pgt_" + String(repeating: "0", count: 64))])
            #expect(wrong.status == 401)
            let basic = try await harness.send(method, happy.path, as: nil, body: happyBody, headers: [("Authorization", "Basic YWRtaW4=")])
            #expect(basic.status == 401)
        }

        // 403: every role the route does not admit (and an agent reading a session it does not own).
        if let access = route.access {
            for role in APITokenRole.allCases where !access.admits(role) {
                let refused = try await harness.send(method, happy.path, as: role, body: happyBody)
                #expect(refused.status == 403, "\(role) on \(routeCase): \(refused.bodyString)")
                #expect(refused.errorCode == "forbidden")
            }
            if access == .ownSessions, route.path.contains("{id}") {
                let foreign = try await harness.send(method, happy.path, as: .agent)
                #expect(foreign.status == 403, "an agent read another's session: \(foreign.bodyString)")
            }
        }

        // 422 naming the field; it changes nothing (the happy path below still succeeds).
        if let invalid = routeCase.invalid?(fixtures) {
            let response = try await harness.send(method, invalid.path, as: .admin, body: invalid.body.map { Array($0.utf8) })
            #expect(response.status == 422, "\(invalid.path): \(response.bodyString)")
            #expect(response.errorCode == "invalid_input")
            #expect(response.errorField == invalid.field, "\(response.bodyString)")
        }

        // 404 for a missing id, in the error envelope.
        if let missing = routeCase.notFound?(fixtures) {
            let response = try await harness.send(method, missing.path, as: .admin, body: missing.body.map { Array($0.utf8) })
            #expect(response.status == 404, "\(missing.path): \(response.bodyString)")
            #expect(response.errorCode == "not_found")
        }

        // The happy path.
        try await routeCase.prepare?(harness, fixtures)
        let response = try await harness.send(method, happy.path, as: .admin, body: happyBody)
        #expect(response.status == happy.status, "\(happy.path): \(response.bodyString)")
        #expect(response.status == route.status, "the documented status")
        if let key = happy.expectKey {
            #expect(response.json?[key] != nil, "\(key) missing in \(response.bodyString.prefix(400))")
        }
        if route.path == "/metrics" {
            #expect(response.bodyString.contains("paygent_http_requests_total"))
            #expect(response.bodyString.contains("paygent_payments_count{status=\"confirmed\"} 1"))
        }
    }
}
