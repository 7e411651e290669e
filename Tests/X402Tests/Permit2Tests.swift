import PaygentEVM
import PaygentFoundation
import Testing
@testable import X402

/// `exact` over Permit2: the wire form byte for byte against the reference, the local
/// facilitator's verify order and reason codes, and the devnet ledger's allowances and nonces.
@Suite struct Permit2Tests {
    static let nonce = try! UInt256(hex: "0x" + String(repeating: "22", count: 32))
    static let permit2 = PermitWitnessTransferFrom.permit2Address

    /// The fixture requirement asking for Permit2 (`extra.assetTransferMethod = permit2`, no token domain).
    static func requirement(amount: UInt256 = 10000) -> PaymentRequirement {
        var r = PaymentRequirement(
            network: .eip155(338), asset: Fixture.token.address, payTo: Fixture.payTo, amount: amount, maxTimeoutSeconds: 60,
            resource: Fixture.resourceURL, description: "Spot prices", mimeType: "application/json", tokenName: nil, tokenVersion: nil)
        r.assetTransferMethod = .permit2
        return r
    }

    /// A permit signed by `key` on `chainID` (defaults: the reference vector).
    static func payload(
        key: PrivateKey = Fixture.payerKey, token: Address = Fixture.token.address, amount: UInt256 = 10000,
        spender: Address = PermitWitnessTransferFrom.exactProxyAddress, nonce: UInt256 = nonce, deadline: UInt64 = 1_800_000_000,
        to: Address = Fixture.payTo, validAfter: UInt64 = 0, chainID: UInt64 = 338
    ) -> PaymentPayload {
        let permit = PermitWitnessTransferFrom(
            owner: key.address, token: token, amount: amount, spender: spender, nonce: nonce, deadline: UInt256(deadline),
            to: to, validAfter: UInt256(validAfter))
        let exact = ExactEVMPayload(permit: permit, signature: try! permit.sign(with: key, chainID: chainID))
        return .v2(exact, for: requirement())
    }

    /// A devnet facilitator at the fixture clock; the payer funded and (unless `allowance` is nil)
    /// having approved Permit2 for `allowance`.
    static func facilitator(balance: UInt256 = 1_000_000, allowance: UInt256? = .max) async throws -> (LocalFacilitator, InMemoryLedger) {
        let (facilitator, ledger) = try await Fixture.facilitator(balance: balance)
        if let allowance { try await ledger.approve(allowance, owner: Fixture.payerKey.address, spender: permit2, token: Fixture.token.address) }
        return (facilitator, ledger)
    }

    static func reason(_ payload: PaymentPayload, balance: UInt256 = 1_000_000, allowance: UInt256? = .max) async throws -> ReasonCode? {
        let (facilitator, ledger) = try await facilitator(balance: balance, allowance: allowance)
        let verdict = await facilitator.verify(payload, requirements: requirement())
        let settlement = await facilitator.settle(payload, requirements: requirement())
        #expect(settlement.errorReason == verdict.invalidReason, "settle must reject with verify's reason")
        #expect(ledger.transfers.isEmpty == !verdict.isValid)
        return verdict.invalidReason
    }

    // Produced by the reference x402 2.25.0 (`ExactPermit2Payload.to_dict`, `PaymentPayload.model_dump_json`)
    // for the vector: nonce 0x22…22, deadline 1800000000.
    static let referenceV2JSON = #"{"x402Version":2,"payload":{"permit2Authorization":{"from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","permitted":{"token":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0","amount":"10000"},"spender":"0x402085c248EeA27D92E8b30b2C58ed07f9E20001","nonce":"15438945231642159389809464667825054380435997955418741871927677867721750618658","deadline":"1800000000","witness":{"to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","validAfter":"0"}},"signature":"0x66cd4e187f9c02d9e7e479acd760cbad875ff2045fe5a157744922ffe3d3d45269724f37ccbcd44ba82c9cbfb10a3db7deedbd57f09fb97b43166bcd2e34462b1b"},"accepted":{"scheme":"exact","network":"eip155:338","asset":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0","amount":"10000","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"assetTransferMethod":"permit2"}},"resource":{"url":"http://127.0.0.1:4021/market-data","description":"Spot prices","mimeType":"application/json"}}"#

    @Test func wireFormMatchesTheReferenceByteForByte() throws {
        let payload = Self.payload()
        #expect(JSONWriter.string(payload.json()) == Self.referenceV2JSON)
        let decoded = try PaymentPayload.decode(try JSONParser.parse(Self.referenceV2JSON))
        #expect(decoded == payload)
        #expect(decoded.exact.transferMethod == .permit2)
        #expect(decoded.accepted?.assetTransferMethod == .permit2)
        // The EIP-3009 view of the same terms.
        #expect(decoded.exact.authorization.value == 10000 && decoded.exact.authorization.validBefore == 1_800_000_000)
        #expect(decoded.exact.authorization.nonce == [UInt8](repeating: 0x22, count: 32))
    }

    @Test func signingFollowsTheRequirementsTransferMethod() throws {
        let permit2 = try ExactEVMPayload.sign(Self.requirement(), with: Fixture.payerKey, now: Fixture.now)
        #expect(permit2.permit2?.spender == PermitWitnessTransferFrom.exactProxyAddress)
        #expect(permit2.permit2?.token == Fixture.token.address)
        #expect(try permit2.recoverSigner(for: Self.requirement()) == Fixture.payerKey.address)
        let eip3009 = try ExactEVMPayload.sign(Fixture.requirement(), with: Fixture.payerKey, now: Fixture.now)
        #expect(eip3009.permit2 == nil)
        #expect(try eip3009.recoverSigner(for: Fixture.requirement()) == Fixture.payerKey.address)
    }

    @Test func validPermitSettlesAndSpendsTheAllowanceAndThePermit2Nonce() async throws {
        let (facilitator, ledger) = try await Self.facilitator(balance: 25_000, allowance: 15_000)
        let payload = Self.payload()
        #expect(await facilitator.verify(payload, requirements: Self.requirement()) == .valid(payer: Fixture.payerKey.address))
        let settled = await facilitator.settle(payload, requirements: Self.requirement())
        #expect(settled.success, "\(settled)")
        #expect(settled.transaction == DevnetTransactionHash.compute(chainID: 338, token: Self.permit2, from: Fixture.payerKey.address, nonce: Self.nonce.bigEndianBytes))
        #expect(try await ledger.balance(of: Fixture.payerKey.address, token: Fixture.token.address) == 15_000)
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 10_000)
        #expect(try await ledger.allowance(owner: Fixture.payerKey.address, spender: Self.permit2, token: Fixture.token.address) == 5_000)
        // Permit2's nonce space is the Permit2 contract's, not the token's.
        #expect(try await ledger.isNonceUsed(Self.nonce.bigEndianBytes, by: Fixture.payerKey.address, token: Self.permit2))
        #expect(try await ledger.isNonceUsed(Self.nonce.bigEndianBytes, by: Fixture.payerKey.address, token: Fixture.token.address) == false)
        // The remaining 5,000 of allowance cannot cover another 10,000.
        let second = Self.payload(nonce: 7)
        #expect(await facilitator.verify(second, requirements: Self.requirement()).invalidReason == .permit2AllowanceRequired)
    }

    @Test func unlimitedAllowanceIsNotDecreased() async throws {
        let (facilitator, ledger) = try await Self.facilitator()
        #expect(await facilitator.settle(Self.payload(), requirements: Self.requirement()).success)
        #expect(try await ledger.allowance(owner: Fixture.payerKey.address, spender: Self.permit2, token: Fixture.token.address) == .max)
    }

    @Test func replayedPermitIsRejectedAtVerifyAndSettle() async throws {
        let (facilitator, ledger) = try await Self.facilitator()
        let payload = Self.payload()
        #expect(await facilitator.settle(payload, requirements: Self.requirement()).success)
        #expect(await facilitator.verify(payload, requirements: Self.requirement()).invalidReason == .permit2InvalidNonce)
        #expect(await facilitator.settle(payload, requirements: Self.requirement()).errorReason == .permit2InvalidNonce)
        #expect(ledger.transfers.count == 1)
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 10_000)
    }

    @Test func concurrentSettlementsOfOnePermitMoveMoneyOnce() async throws {
        let (facilitator, ledger) = try await Self.facilitator()
        let payload = Self.payload()
        let successes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { await facilitator.settle(payload, requirements: Self.requirement()).success } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 1)
        #expect(ledger.transfers.count == 1)
    }

    @Test func reasonCodesInTheReferenceOrder() async throws {
        #expect(try await Self.reason(Self.payload(spender: PermitWitnessTransferFrom.uptoProxyAddress)) == .permit2InvalidSpender)
        #expect(try await Self.reason(Self.payload(to: Fixture.otherKey.address)) == .permit2RecipientMismatch)
        #expect(try await Self.reason(Self.payload(deadline: Fixture.now + 5)) == .permit2DeadlineExpired)
        #expect(try await Self.reason(Self.payload(deadline: Fixture.now + 6)) == nil)
        #expect(try await Self.reason(Self.payload(validAfter: Fixture.now + 1)) == .permit2NotYetValid)
        #expect(try await Self.reason(Self.payload(amount: 9_999)) == .permit2AmountMismatch)
        #expect(try await Self.reason(Self.payload(token: Fixture.otherKey.address)) == .permit2TokenMismatch)
        #expect(try await Self.reason(Self.payload(chainID: 25)) == .permit2InvalidSignature)
        var forged = Self.payload()
        forged.exact.signature = Self.payload(key: Fixture.otherKey).exact.signature
        #expect(try await Self.reason(forged) == .permit2InvalidSignature)
        // Tampered after signing: the EIP-3009 view writes through to the permit.
        var tampered = Self.payload()
        tampered.exact.authorization.validAfter = 1
        #expect(tampered.exact.permit2?.validAfter == 1)
        #expect(try await Self.reason(tampered) == .permit2InvalidSignature)
        #expect(try await Self.reason(Self.payload(), allowance: nil) == .permit2AllowanceRequired)
        #expect(try await Self.reason(Self.payload(), allowance: 9_999) == .permit2AllowanceRequired)
        #expect(try await Self.reason(Self.payload(), balance: 9_999) == .insufficientBalance)
        #expect(ReasonCode.permit2AllowanceRequired.rawValue == "permit2_allowance_required")
    }

    @Test func malformedPermitsAreDecodeErrorsNotCrashes() throws {
        let good = Self.referenceV2JSON
        let cases = [
            good.replacingOccurrences(of: #""nonce":"15438945231642159389809464667825054380435997955418741871927677867721750618658""#, with: #""nonce":"-1""#),
            good.replacingOccurrences(of: #""deadline":"1800000000""#, with: #""deadline":1.5e9"#),
            good.replacingOccurrences(of: #""nonce":"15438945231642159389809464667825054380435997955418741871927677867721750618658""#,
                                      with: #""nonce":"115792089237316195423570985008687907853269984665640564039457584007913129639936""#),
            good.replacingOccurrences(of: #""spender":"0x402085c248EeA27D92E8b30b2C58ed07f9E20001","#, with: ""),
            good.replacingOccurrences(of: #""witness":{"to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","validAfter":"0"}"#, with: #""witness":[]"#),
        ]
        for text in cases {
            #expect(throws: DecodeError.self) { try PaymentPayload.decode(try JSONParser.parse(text)) }
        }
    }
}
