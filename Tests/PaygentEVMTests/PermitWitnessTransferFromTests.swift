import Testing
@testable import PaygentEVM

/// Permit2 `PermitWitnessTransferFrom` vectors computed with eth_account 0.14 from the reference
/// x402 2.25.0 type tables (`PERMIT2_WITNESS_TYPES`, `UPTO_PERMIT2_WITNESS_TYPES`).
@Suite struct PermitWitnessTransferFromTests {
    static let key = try! PrivateKey(hex: "0x" + String(repeating: "11", count: 32))

    static func permit(facilitator: Address? = nil) throws -> PermitWitnessTransferFrom {
        PermitWitnessTransferFrom(
            owner: key.address, token: try Address("0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"), amount: 10000,
            spender: facilitator == nil ? PermitWitnessTransferFrom.exactProxyAddress : PermitWitnessTransferFrom.uptoProxyAddress,
            nonce: try UInt256(hex: "0x" + String(repeating: "22", count: 32)), deadline: 1_800_000_000,
            to: try Address("0x209693Bc6afc0C5328bA36FaF03C514EF312287C"), facilitator: facilitator)
    }

    @Test func exactPermitMatchesTheReferenceByteForByte() throws {
        let permit = try Self.permit()
        #expect(Hex.encode(PermitWitnessTransferFrom.domain(chainID: 338).separator, prefix: false)
            == "2769408bf60cd79f00df60d00d2c6edbffe747587dd92fae9495aed85cb73e14")
        #expect(Hex.encode(permit.structHash(), prefix: false) == "7fe623dc7b2743fb8c96bbbd460bc2de11adf4ccf5820399ffcc5e0a9111079a")
        #expect(Hex.encode(permit.digest(chainID: 338), prefix: false) == "d0d6e762fd39b337f8d343e7e284a80f17dab8b26d3c002b23c457e5732d4abc")
        let signature = try permit.sign(with: Self.key, chainID: 338)
        #expect(signature.hex == "0x66cd4e187f9c02d9e7e479acd760cbad875ff2045fe5a157744922ffe3d3d45269724f37ccbcd44ba82c9cbfb10a3db7deedbd57f09fb97b43166bcd2e34462b1b")
        #expect(try permit.recoverSigner(signature, chainID: 338) == Self.key.address)
    }

    @Test func uptoPermitWitnessNamesTheFacilitator() throws {
        let permit = try Self.permit(facilitator: try Address("0x3333333333333333333333333333333333333333"))
        #expect(Hex.encode(permit.structHash(), prefix: false) == "42a004e4b50f619f1ed89757a0c19f37820e441da215d083c6037bade7a31d1b")
        let signature = try permit.sign(with: Self.key, chainID: 338)
        #expect(signature.hex == "0x5e9fa2c6ea809d2406ffa72916b386b68b50e31bc85305d436d13aebcbc4a96c12596159b9157ed092e22ac6433906295ba840898cec62f51ddacf6d5eac80ce1c")
    }

    @Test func changingAnySignedFieldChangesTheSigner() throws {
        let permit = try Self.permit()
        let signature = try permit.sign(with: Self.key, chainID: 338)
        var tampered: [PermitWitnessTransferFrom] = []
        for change in 0..<6 {
            var p = permit
            switch change {
            case 0: p.amount = 10001
            case 1: p.spender = PermitWitnessTransferFrom.uptoProxyAddress
            case 2: p.nonce = 1
            case 3: p.deadline = 1_800_000_001
            case 4: p.to = Self.key.address
            default: p.validAfter = 1
            }
            tampered.append(p)
        }
        for p in tampered { #expect(try p.recoverSigner(signature, chainID: 338) != Self.key.address) }
        #expect(try permit.recoverSigner(signature, chainID: 25) != Self.key.address)
        // The owner is not signed: it is what recovery must be compared with.
        var otherOwner = permit
        otherOwner.owner = try Address("0x209693Bc6afc0C5328bA36FaF03C514EF312287C")
        #expect(try otherOwner.recoverSigner(signature, chainID: 338) == Self.key.address)
    }
}
