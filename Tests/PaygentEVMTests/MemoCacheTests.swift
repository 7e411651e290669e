@testable import PaygentEVM
import Testing

/// The EIP-55 spellings and EIP-712 domain separators are memoised; the memo must answer exactly
/// what computing afresh answers, also past its bound (where it starts over).
@Suite("Memoised checksums and domain separators equal the computed ones")
struct MemoCacheTests {
    @Test("EIP-55 spellings of more addresses than the memo holds, each asked twice, match the computed spelling")
    func checksumsPastTheBound() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<(ChecksumCache.limit + 500) {
            let address = try Address(bytes: (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let first = address.checksummed
            #expect(first == address.computeChecksummed())
            #expect(address.checksummed == first)
            #expect(try Address(first) == address)
        }
        // The EIP-55 vector still parses and a wrong capitalisation is still refused after memoising.
        let vector = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
        #expect(try Address(vector).checksummed == vector)
        #expect(throws: AddressError.self) { try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") }
    }

    @Test("Domain separators of different domains differ and match the computed ones, past the memo's bound")
    func separatorsPastTheBound() {
        for chain in 0..<UInt64(SeparatorCache.limit + 50) {
            let domain = EIP712Domain(name: "USD Coin", version: "2", chainId: UInt256(chain))
            #expect(domain.separator == domain.computeSeparator())
            #expect(domain.separator == domain.computeSeparator())
        }
        let a = EIP712Domain(name: "USD Coin", version: "2", chainId: 1)
        let b = EIP712Domain(name: "USD Coin", version: "1", chainId: 1)
        #expect(a.separator != b.separator)
    }
}
