/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON object whose members keep their order. Keys are unique (the parser rejects duplicates;
/// ``subscript(_:)`` replaces in place).
///
/// Order is kept for writing (x402 messages are re-encoded byte for byte); equality and hashing
/// ignore it, as JSON does: `{"a":1,"b":2}` equals `{"b":2,"a":1}`.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    public private(set) var members: [JSONMember]

    /// Creates an object from members in order; later duplicates replace earlier ones.
    public init(_ members: [JSONMember] = []) {
        self.members = []
        self.members.reserveCapacity(members.count)
        for m in members { self[m.key] = m.value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { JSONMember($0.0, $0.1) })
    }

    /// Creates an object from a dictionary, members in key order.
    public init(_ dictionary: [String: JSONValue]) {
        self.members = dictionary.keys.sorted().map { JSONMember($0, dictionary[$0]!) }
    }

    /// Creates an object without checking for duplicate keys: the caller guarantees they are
    /// unique (the parser has checked; the x402 codecs write fixed, distinct keys).
    public init(uncheckedMembers: [JSONMember]) { self.members = uncheckedMembers }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        if lhs.members.count > 16 {
            let right = Dictionary(rhs.members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return lhs.members.allSatisfy { right[$0.key] == $0.value }
        }
        return lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: a commutative sum of the members' own hashes.
        var sum = 0
        for member in members {
            var own = Hasher()
            own.combine(member.key)
            own.combine(member.value)
            sum &+= own.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }

    /// The members sorted by key (what the sorted-keys writers emit).
    public var sortedMembers: [JSONMember] { members.sorted { $0.key < $1.key } }

    /// The member values in order.
    public var values: [JSONValue] { members.map(\.value) }

    /// Removes the member `key`, returning its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        return members.remove(at: index).value
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> JSONMember { members[position] }

    /// The member keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The value for `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for m in members where m.key == key { return m.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(JSONMember(key, newValue))
            }
        }
    }

    /// Whether every member of `subset` is present here with an equal value (objects compared
    /// recursively as subsets, like the reference server's `extra` matching).
    public func contains(subset: JSONObject) -> Bool {
        for m in subset.members {
            guard let mine = self[m.key] else { return false }
            if case .object(let sub) = m.value, case .object(let own) = mine {
                if !own.contains(subset: sub) { return false }
            } else if mine != m.value {
                return false
            }
        }
        return true
    }
}
