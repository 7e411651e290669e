import HTTPTypes
import Hummingbird
import X402

extension PaywallRequest {
    /// The paywall's view of a Hummingbird request. `baseURL` (scheme and authority, no trailing
    /// slash) overrides the `Host` header for the resource URL.
    public init(_ request: Request, baseURL: String? = nil) {
        let authority = request.head.authority ?? "localhost"
        let base = baseURL ?? "http://\(authority)"
        var url = base + request.uri.path
        if let query = request.uri.query, !query.isEmpty { url += "?" + query }
        self.init(
            method: request.method.rawValue, path: request.uri.path, url: url,
            headers: request.headers.map { (name: $0.name.rawName, value: $0.value) }
        )
    }
}

extension Response {
    /// A Hummingbird response carrying a paywall / facilitator response.
    public init(_ response: PaywallResponse) {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        self.init(
            status: HTTPResponse.Status(code: response.status),
            headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }
}

extension RequestBody {
    /// The whole body as bytes, refusing more than `limit`.
    func collectBytes(upTo limit: Int) async throws -> [UInt8] {
        var buffer = try await collect(upTo: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
