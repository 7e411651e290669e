import Foundation
import PaygentCore
import PaygentFoundation

/// Where a remote control plane is: the `paygent serve` base URL (`http://127.0.0.1:8402`), checked
/// once so that every request and every error names the same server.
public struct RemoteEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The base URL without a trailing slash (`https://pg.example:8402`).
    public let baseURL: String
    /// `host:port` as given, for the console's header and for error messages.
    public let hostLabel: String

    /// Parses `url`: `http://` or `https://`, a host, an optional port and no query or fragment.
    /// A bare `host:port` is taken as `http://host:port`.
    public init(_ url: String) throws(PaygentError) {
        var text = url.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw PaygentError.invalid("server", "is empty (give a URL such as http://127.0.0.1:8402)") }
        guard text.utf8.count <= 2048, !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
            throw PaygentError.invalid("server", "is not a URL (control characters, spaces or over 2,048 bytes)")
        }
        if !text.contains("://") { text = "http://" + text }
        let lower = text.lowercased()
        let scheme: String
        if lower.hasPrefix("http://") { scheme = "http://" } else if lower.hasPrefix("https://") { scheme = "https://" } else {
            throw PaygentError.invalid("server", "must be an http:// or https:// URL, got \(UntrustedText.identifier(url))")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("?"), !rest.contains("#") else {
            throw PaygentError.invalid("server", "must not have a query or fragment: \(UntrustedText.identifier(url))")
        }
        let authority = rest.prefix { $0 != "/" }
        guard !authority.isEmpty, !authority.contains("@") else {
            throw PaygentError.invalid("server", "has no host (or has credentials in it): \(UntrustedText.identifier(url))")
        }
        text = scheme + rest
        baseURL = text
        hostLabel = String(authority)
    }

    /// The absolute URL of `path` (`/api/v1/…`) with `query` (already encoded, no `?`).
    public func url(_ path: String, query: String = "") -> String {
        query.isEmpty ? baseURL + path : baseURL + path + "?" + query
    }

    public var description: String { baseURL }
}
