/// What is being paid for: the v2 `resource` object (`url`, `description`, `mimeType`).
public struct ResourceInfo: Sendable, Hashable {
    /// The resource URL.
    public var url: String
    /// Human-readable description (untrusted text).
    public var description: String?
    /// MIME type of the resource.
    public var mimeType: String?

    public init(url: String, description: String? = nil, mimeType: String? = nil) {
        self.url = url
        self.description = description
        self.mimeType = mimeType
    }
}
