import Synchronization

/// EIP-55 spellings already computed, so an address written into JSON (or parsed in mixed case)
/// again — a payee, a token, a payer on every paid request — costs a table lookup instead of a
/// Keccak-256 and a hex encoding. A pure memo of ``Address/computeChecksummed()``; bounded (it
/// starts over past ``limit`` entries).
enum ChecksumCache {
    static let limit = 4096
    private static let table = Mutex<[Address: String]>([:])

    static func checksummed(_ address: Address) -> String {
        if let known = table.withLock({ $0[address] }) { return known }
        let computed = address.computeChecksummed()
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[address] = computed
        }
        return computed
    }
}
