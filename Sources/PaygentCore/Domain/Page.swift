/// One page of a list: the items, how many match in total, and the window asked for.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page, in the list's order.
    public var items: [Item]
    /// How many items match the query in total.
    public var total: Int
    /// Index of the first item of this page.
    public var offset: Int
    /// The page size asked for.
    public var limit: Int

    /// Creates a page.
    public init(items: [Item], total: Int, offset: Int, limit: Int) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
    }

    /// Whether more items follow this page.
    public var hasMore: Bool { offset + items.count < total }
}

extension Page: Equatable where Item: Equatable {}
extension Page: Hashable where Item: Hashable {}

/// Offset + limit paging, as the HTTP API takes it (limit 1...100, default 20).
public struct PageRequest: Sendable, Hashable, Codable {
    /// The largest page the API serves.
    public static let maximumLimit = 100
    /// Index of the first item wanted.
    public var offset: Int
    /// How many items at most.
    public var limit: Int

    /// Creates a page request.
    public init(offset: Int = 0, limit: Int = 20) {
        self.offset = offset
        self.limit = limit
    }

    /// Throws ``PaygentError`` when offset is negative or limit is outside 1...100.
    public func validate() throws(PaygentError) {
        guard offset >= 0 else { throw .invalid("offset", "must be 0 or more, got \(offset)") }
        guard (1...Self.maximumLimit).contains(limit) else {
            throw .invalid("limit", "must be between 1 and \(Self.maximumLimit), got \(limit)")
        }
    }
}
