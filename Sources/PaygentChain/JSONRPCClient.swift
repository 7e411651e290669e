import Http
import PaygentFoundation
import X402

/// Ethereum JSON-RPC 2.0 over the project's libcurl ``HTTPClient``: one request, one answer,
/// every failure an ``RPCError`` that names the node's URL.
public struct JSONRPCClient: Sendable {
    /// The node (`https://evm-t3.cronos.org`).
    public let endpoint: String
    let client: HTTPClient
    /// Largest answer read (4 MiB: log queries can be long).
    static let limits = JSONLimits(maxBytes: 4 * 1024 * 1024, maxDepth: 16)

    /// A client for the node at `endpoint`.
    public init(endpoint: String, client: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.client = client
    }

    /// Calls `method` with `params` (a JSON array, as text) and returns `result`.
    public func call(_ method: String, params: String) async throws(RPCError) -> JSONValue {
        let body = #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":\#(params)}"#
        let response: HTTPResponse
        do {
            response = try await client.post(endpoint, headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        } catch {
            throw RPCError(message: "cannot reach the JSON-RPC node at \(endpoint): \(error)")
        }
        guard response.status == 200 else { throw RPCError(message: "\(method) at \(endpoint): HTTP \(response.status)") }
        let json: JSONValue
        do { json = try JSONParser.parse(response.body, limits: Self.limits) } catch {
            throw RPCError(message: "\(method) at \(endpoint): the answer is not JSON (\(error))")
        }
        guard let object = json.objectValue else { throw RPCError(message: "\(method) at \(endpoint): the answer is not a JSON object") }
        if let error = object["error"]?.objectValue {
            throw RPCError(message: "\(method) at \(endpoint): \(error["message"]?.stringValue.map { String($0.prefix(200)) } ?? "error")")
        }
        guard let result = object["result"] else { throw RPCError(message: "\(method) at \(endpoint): no result") }
        return result
    }
}

/// A JSON-RPC call that failed (transport, HTTP status, or an error object).
public struct RPCError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the node.
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { "JSON-RPC: \(message)" }
}
