import PaygentEVM
import Testing
@testable import X402

/// The facilitator remembers the signers it recovered (so `/settle` does not recover what
/// `/verify` just did); these check the memo never answers for another message or signature.
@Suite("Recovered signers are remembered exactly: another signature or message is recovered afresh")
struct RecoveredSignersTests {
    @Test("The same digest with another key's signature recovers the other key, after the first was remembered")
    func keyedByDigestAndSignature() throws {
        let memo = RecoveredSigners()
        let authorization = Fixture.exact().authorization
        let digest = authorization.digest(domain: Fixture.requirement().eip712Domain!)
        let mine = try Fixture.payerKey.sign(digest: digest)
        let theirs = try Fixture.otherKey.sign(digest: digest)
        #expect(try memo.signer(of: mine, digest: digest) == Fixture.payerKey.address)
        #expect(try memo.signer(of: mine, digest: digest) == Fixture.payerKey.address)
        #expect(try memo.signer(of: theirs, digest: digest) == Fixture.otherKey.address)
        // The same signature over another message does not recover the remembered signer.
        var other = digest
        other[0] ^= 1
        #expect((try? memo.signer(of: mine, digest: other)) != Fixture.payerKey.address)
    }

    @Test("Settling a payment whose signature was swapped after a valid one was verified is refused")
    func swappedSignatureAfterVerify() async throws {
        let (facilitator, ledger) = try await Fixture.facilitator()
        let valid = ExactEVMPayload(authorization: Fixture.exact().authorization, signature: Fixture.exact().signature)
        let requirement = Fixture.requirement()
        #expect(await facilitator.verify(.v2(valid, for: requirement), requirements: requirement).isValid)
        // Same authorisation, signed by someone else: must be recovered, not taken from memory.
        let digest = valid.authorization.digest(domain: requirement.eip712Domain!)
        let forged = ExactEVMPayload(authorization: valid.authorization, signature: try Fixture.otherKey.sign(digest: digest))
        let settled = await facilitator.settle(.v2(forged, for: requirement), requirements: requirement)
        #expect(!settled.success)
        #expect(settled.errorReason == .invalidSignature)
        #expect(ledger.transfers.isEmpty)
        // The valid one still settles.
        #expect(await facilitator.settle(.v2(valid, for: requirement), requirements: requirement).success)
        #expect(ledger.transfers.count == 1)
    }
}
