import X402
import Http

/// Sends one HTTP request for the payer. ``HTTPClient`` is the production transport; tests
/// may wrap it to inject faults (a response lost after the server handled the request).
public protocol X402Transport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse
}

extension HTTPClient: X402Transport {}
