import Http
import Hummingbird
import Testing

/// Hummingbird re-exports HTTPTypes' `HTTPRequest`/`HTTPResponse` and has its own `HTTPError`;
/// files importing both modules qualify ours as `Http.HTTPRequest` etc. This compiles and runs.
@Suite struct HummingbirdCoexistenceTests {
    @Test func qualifiedNamesWorkNextToHummingbird() async throws {
        try await TestServer.with { server in
            let request = Http.HTTPRequest(method: .get, url: server.url("/paid"))
            let response: Http.HTTPResponse = try await HTTPClient().send(request)
            #expect(response.status == 402)
            do {
                try response.expectSuccess()
                Issue.record("402 is not a success")
            } catch let error as Http.HTTPError {
                #expect(error == .status(code: 402, bodyPrefix: #"{"error":"payment required"}"#))
            }
        }
    }
}
