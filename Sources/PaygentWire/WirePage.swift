import PaygentCore

/// An item that is listed in pages, and the key its list has in the page envelope.
public protocol WireListItem: Codable, Sendable {
    /// The key of the list in ``WirePage``'s JSON (`sessions`, `requests`, `services`, …).
    static var wireListKey: String { get }
}

/// The one page envelope of the API: `{"<list key>": [...], "total": N, "offset": N, "limit": N}`,
/// where the list key names what is listed (`{"sessions": [...]}`, `{"requests": [...]}`), as the
/// original Paygent backend answered.
public struct WirePage<Item: WireListItem>: Codable, Sendable {
    /// The items of this page.
    public var items: [Item]
    /// How many match in total.
    public var total: Int
    /// Index of the first item.
    public var offset: Int
    /// The page size asked for.
    public var limit: Int

    /// The wire form of `page`.
    public init(_ page: Page<Item>) {
        items = page.items
        total = page.total
        offset = page.offset
        limit = page.limit
    }

    /// Creates a page.
    public init(items: [Item], total: Int, offset: Int, limit: Int) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
    }

    /// The core's page.
    public var page: Page<Item> { Page(items: items, total: total, offset: offset, limit: limit) }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: WireKey.self)
        try c.encode(items, forKey: WireKey(Item.wireListKey))
        try c.encode(total, forKey: WireKey("total"))
        try c.encode(offset, forKey: WireKey("offset"))
        try c.encode(limit, forKey: WireKey("limit"))
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: WireKey.self)
        items = try c.decode([Item].self, forKey: WireKey(Item.wireListKey))
        total = try c.decode(Int.self, forKey: WireKey("total"))
        offset = try c.decodeIfPresent(Int.self, forKey: WireKey("offset")) ?? 0
        limit = try c.decodeIfPresent(Int.self, forKey: WireKey("limit")) ?? items.count
    }
}

/// A coding key known only at run time.
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension AgentSession: WireListItem { public static var wireListKey: String { "sessions" } }
extension ApprovalRequest: WireListItem { public static var wireListKey: String { "requests" } }
extension Service: WireListItem { public static var wireListKey: String { "services" } }
extension Payment: WireListItem { public static var wireListKey: String { "payments" } }
extension ExecutionLog: WireListItem { public static var wireListKey: String { "logs" } }
extension WalletTransaction: WireListItem { public static var wireListKey: String { "transactions" } }
extension APIToken: WireListItem { public static var wireListKey: String { "tokens" } }
