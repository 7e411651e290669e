import PaygentFoundation
/// An HTTP request as the paywall sees it, independent of any server framework.
public struct PaywallRequest: Sendable {
    /// HTTP method, upper case.
    public var method: String
    /// Request path without query (`/market-data`).
    public var path: String
    /// The absolute URL of the resource (`http://127.0.0.1:4021/market-data?x=1`), used as
    /// the requirement's `resource`.
    public var url: String
    /// Request headers in order (names as received).
    public var headers: [(name: String, value: String)]

    public init(method: String, path: String, url: String, headers: [(name: String, value: String)]) {
        self.method = method.uppercased()
        self.path = path
        self.url = url
        self.headers = headers
    }

    /// The first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }
}

/// An HTTP response produced by, or passed through, the paywall.
public struct PaywallResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    public static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = []) -> PaywallResponse {
        PaywallResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: JSONWriter.encode(value))
    }

    /// The first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The body as UTF-8 text.
    public var bodyString: String { String(decoding: body, as: UTF8.self) }
}

extension String {
    /// ASCII case-insensitive equality (HTTP header names).
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 0x41 && x <= 0x5a) ? x | 0x20 : x
            let ly = (y >= 0x41 && y <= 0x5a) ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }
}
