import Synchronization

/// Domain separators already computed: a token's (or Permit2's) EIP-712 domain is the same on
/// every payment, and its separator is four Keccak-256s. A pure memo of
/// ``EIP712Domain/computeSeparator()``; bounded (it starts over past ``limit`` entries).
enum SeparatorCache {
    static let limit = 256
    private static let table = Mutex<[EIP712Domain: [UInt8]]>([:])

    static func separator(_ domain: EIP712Domain) -> [UInt8] {
        if let known = table.withLock({ $0[domain] }) { return known }
        let computed = domain.computeSeparator()
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[domain] = computed
        }
        return computed
    }
}
