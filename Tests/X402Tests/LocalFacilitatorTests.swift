import PaygentEVM
import Testing
@testable import X402

@Suite struct LocalFacilitatorTests {
    /// v2 payment for the fixture requirement, built from `exact`.
    static func v2(_ exact: ExactEVMPayload, requirement: PaymentRequirement = Fixture.requirement()) -> PaymentPayload {
        .v2(exact, for: requirement)
    }

    static func reason(_ payload: PaymentPayload, _ requirement: PaymentRequirement = Fixture.requirement(), balance: UInt256 = 1_000_000) async throws -> ReasonCode? {
        let (facilitator, _) = try await Fixture.facilitator(balance: balance)
        let verdict = await facilitator.verify(payload, requirements: requirement)
        #expect(verdict.payer == payload.payer)
        let settlement = await facilitator.settle(payload, requirements: requirement)
        #expect(settlement.errorReason == verdict.invalidReason, "settle must reject with verify's reason")
        #expect(settlement.success == verdict.isValid)
        return verdict.invalidReason
    }

    @Test func validPaymentVerifiesAndSettles() async throws {
        let (facilitator, ledger) = try await Fixture.facilitator(balance: 25_000)
        let payload = Self.v2(Fixture.exact())
        let verdict = await facilitator.verify(payload, requirements: Fixture.requirement())
        #expect(verdict == .valid(payer: Fixture.payerKey.address))
        let settled = await facilitator.settle(payload, requirements: Fixture.requirement())
        let expectedHash = DevnetTransactionHash.compute(chainID: 338, token: Fixture.token.address, from: Fixture.payerKey.address, nonce: Fixture.nonce)
        #expect(settled == SettleResponse(success: true, payer: Fixture.payerKey.address, transaction: expectedHash, network: "eip155:338"))
        #expect(expectedHash.count == 66)
        #expect(try await ledger.balance(of: Fixture.payerKey.address, token: Fixture.token.address) == 15_000)
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 10_000)
        #expect(try await ledger.isNonceUsed(Fixture.nonce, by: Fixture.payerKey.address, token: Fixture.token.address))
        #expect(ledger.transfers.count == 1)
        #expect(ledger.transfers.first?.transactionHash == expectedHash)
    }

    @Test func v1AndCronosPaymentsSettle() async throws {
        let (facilitator, _) = try await Fixture.facilitator()
        let v1Requirement = Fixture.requirement(network: .cronosTestnet)
        let v1 = PaymentPayload.v1(Fixture.exact(nonce: Fixture.randomNonce()), for: v1Requirement)
        #expect(await facilitator.settle(v1, requirements: v1Requirement).success)
        let cronos = PaymentPayload.cronos(Fixture.exact(nonce: Fixture.randomNonce()), for: v1Requirement)
        let settled = await facilitator.settle(cronos, requirements: v1Requirement)
        #expect(settled.success)
        #expect(settled.network == "cronos-testnet")
    }

    @Test func replayedNonceIsRejected() async throws {
        let (facilitator, _) = try await Fixture.facilitator()
        let payload = Self.v2(Fixture.exact())
        #expect(await facilitator.settle(payload, requirements: Fixture.requirement()).success)
        let again = await facilitator.settle(payload, requirements: Fixture.requirement())
        #expect(again == .failure(.nonceAlreadyUsed, message: again.errorMessage, payer: Fixture.payerKey.address, network: "eip155:338"))
        #expect(await facilitator.verify(payload, requirements: Fixture.requirement()).invalidReason == .nonceAlreadyUsed)
    }

    @Test func valueMismatch() async throws {
        #expect(try await Self.reason(Self.v2(Fixture.exact(value: 9_999))) == .authorizationValueMismatch)
        #expect(try await Self.reason(Self.v2(Fixture.exact(value: 10_001))) == .authorizationValueMismatch)
        #expect(ReasonCode.authorizationValueMismatch.rawValue == "invalid_exact_evm_payload_authorization_value_mismatch")
    }

    @Test func recipientMismatch() async throws {
        #expect(try await Self.reason(Self.v2(Fixture.exact(to: Fixture.otherKey.address))) == .recipientMismatch)
    }

    @Test func badSignature() async throws {
        // Signed by someone else.
        var exact = Fixture.exact()
        exact.signature = Fixture.exact(key: Fixture.otherKey).signature
        #expect(try await Self.reason(Self.v2(exact)) == .invalidSignature)
        // Tampered after signing (validAfter changed: still in the past).
        exact = Fixture.exact()
        exact.authorization.validAfter = 1
        #expect(try await Self.reason(Self.v2(exact)) == .invalidSignature)
        // Signed for another chain.
        var domain = Fixture.requirement().eip712Domain!
        domain.chainId = 25
        #expect(try await Self.reason(Self.v2(Fixture.exact(domain: domain))) == .invalidSignature)
        // Malleable high-s twin of a valid signature.
        let valid = Fixture.exact()
        let n: [UInt8] = try Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        let highS = (try UInt256(bigEndianBytes: n)) - (try UInt256(bigEndianBytes: valid.signature.s))
        let flipped = try Signature(r: valid.signature.r, s: highS.bigEndianBytes, v: valid.signature.v == 27 ? 28 : 27)
        #expect(try await Self.reason(Self.v2(ExactEVMPayload(authorization: valid.authorization, signature: flipped))) == .invalidSignature)
    }

    @Test func notYetValid() async throws {
        #expect(try await Self.reason(Self.v2(Fixture.exact(validAfter: Fixture.now + 1))) == .validAfterInFuture)
        #expect(try await Self.reason(Self.v2(Fixture.exact(validAfter: Fixture.now))) == nil)
    }

    @Test func expired() async throws {
        #expect(try await Self.reason(Self.v2(Fixture.exact(validBefore: Fixture.now - 1))) == .validBeforeExpired)
        // Less than the 6-second buffer left.
        #expect(try await Self.reason(Self.v2(Fixture.exact(validBefore: Fixture.now + 5))) == .validBeforeExpired)
        #expect(try await Self.reason(Self.v2(Fixture.exact(validBefore: Fixture.now + 6))) == nil)
    }

    @Test func insufficientFunds() async throws {
        #expect(try await Self.reason(Self.v2(Fixture.exact()), balance: 9_999) == .insufficientBalance)
        #expect(try await Self.reason(Self.v2(Fixture.exact()), balance: 10_000) == nil)
    }

    @Test func wrongNetwork() async throws {
        // Payment and requirements name different networks.
        let payload = PaymentPayload.v2(Fixture.exact(), for: Fixture.requirement(network: .eip155(25)))
        #expect(try await Self.reason(payload, Fixture.requirement()) == .networkMismatch)
        // Same spelling on both sides, but a chain this devnet does not serve.
        let base = Fixture.requirement(network: .eip155(8453))
        #expect(try await Self.reason(PaymentPayload.v2(Fixture.exact(), for: base), base) == .invalidNetwork)
        // v1 payment naming the chain differently from the requirement.
        let v1 = PaymentPayload.v1(Fixture.exact(), for: Fixture.requirement(network: .eip155(338)))
        #expect(try await Self.reason(v1, Fixture.requirement(network: .cronosTestnet)) == .networkMismatch)
    }

    @Test func wrongScheme() async throws {
        var payload = Self.v2(Fixture.exact())
        payload.scheme = "deferred"
        #expect(try await Self.reason(payload) == .unsupportedScheme)
        var requirement = Fixture.requirement()
        requirement.scheme = "deferred"
        #expect(try await Self.reason(Self.v2(Fixture.exact()), requirement) == .unsupportedScheme)
        // `upto` on one side only is the upto mechanism's scheme error, as in the reference.
        payload.scheme = "upto"
        #expect(try await Self.reason(payload) == .uptoInvalidScheme)
        requirement.scheme = "upto"
        #expect(try await Self.reason(Self.v2(Fixture.exact()), requirement) == .uptoInvalidScheme)
        // Both upto, but an EIP-3009 authorisation: upto is Permit2 only.
        payload.accepted?.scheme = "upto"
        #expect(try await Self.reason(payload, requirement) == .unsupportedPayloadType)
    }

    @Test func missingDomainAndTokenMismatches() async throws {
        var requirement = Fixture.requirement()
        requirement.tokenVersion = nil
        #expect(try await Self.reason(Self.v2(Fixture.exact()), requirement) == .missingEIP712Domain)
        // Server advertises the wrong token name; the client signs it; the devnet token disagrees.
        requirement = Fixture.requirement()
        requirement.tokenName = "USD Coin"
        #expect(try await Self.reason(Self.v2(Fixture.exact(domain: requirement.eip712Domain!), requirement: requirement), requirement) == .tokenNameMismatch)
        requirement = Fixture.requirement()
        requirement.tokenVersion = "2"
        #expect(try await Self.reason(Self.v2(Fixture.exact(domain: requirement.eip712Domain!), requirement: requirement), requirement) == .tokenVersionMismatch)
        // An asset the devnet never deployed.
        requirement = Fixture.requirement()
        requirement.asset = Fixture.otherKey.address
        #expect(try await Self.reason(Self.v2(Fixture.exact(domain: requirement.eip712Domain!), requirement: requirement), requirement) == .assetNotDeployedContract)
    }

    @Test func referenceOrderOfChecks() async throws {
        // Everything wrong at once: the scheme is reported first, then the network, and so on.
        var payload = Self.v2(Fixture.exact(key: Fixture.otherKey, to: Fixture.otherKey.address, value: 1, validAfter: Fixture.now + 100, validBefore: Fixture.now))
        payload.scheme = "deferred"
        #expect(try await Self.reason(payload) == .unsupportedScheme)
        payload.scheme = "exact"
        payload.network = .eip155(25)
        #expect(try await Self.reason(payload) == .networkMismatch)
        payload.network = .eip155(338)
        #expect(try await Self.reason(payload) == .recipientMismatch)
        payload.exact.authorization.to = Fixture.payTo
        #expect(try await Self.reason(payload) == .authorizationValueMismatch)
        payload.exact.authorization.value = 10_000
        #expect(try await Self.reason(payload) == .validBeforeExpired)
        payload.exact.authorization.validBefore = 1_800_000_000
        #expect(try await Self.reason(payload) == .validAfterInFuture)
        payload.exact.authorization.validAfter = 0
        #expect(try await Self.reason(payload) == .invalidSignature)
        // Nonce is checked before balance.
        let (facilitator, ledger) = try await Fixture.facilitator(balance: 10_000)
        let first = Self.v2(Fixture.exact())
        #expect(await facilitator.settle(first, requirements: Fixture.requirement()).success)
        #expect(try await ledger.balance(of: Fixture.payerKey.address, token: Fixture.token.address) == 0)
        #expect(await facilitator.verify(first, requirements: Fixture.requirement()).invalidReason == .nonceAlreadyUsed)
    }

    @Test func supportedListsBothSpellingsAndSigners() async throws {
        let (facilitator, _) = try await Fixture.facilitator()
        let supported = await facilitator.supported()
        #expect(supported.kinds == [
            SupportedKind(x402Version: 1, scheme: "exact", network: "cronos-testnet"),
            SupportedKind(x402Version: 2, scheme: "exact", network: "eip155:338"),
            SupportedKind(x402Version: 2, scheme: "upto", network: "eip155:338",
                          extra: ["facilitatorAddress": .string(DevnetAccounts.facilitatorSigner.address.checksummed)]),
        ])
        #expect(supported.signers == ["eip155:*": [DevnetAccounts.facilitatorSigner.address.checksummed]])
    }

    @Test func concurrentSettlesOfOnePayloadSucceedExactlyOnce() async throws {
        let (facilitator, ledger) = try await Fixture.facilitator(balance: 1_000_000)
        let payload = Self.v2(Fixture.exact())
        let results = await withTaskGroup(of: SettleResponse.self) { group in
            for _ in 0..<200 {
                group.addTask { await facilitator.settle(payload, requirements: Fixture.requirement()) }
            }
            var all: [SettleResponse] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 200)
        #expect(results.filter(\.success).count == 1)
        #expect(results.filter { !$0.success }.allSatisfy { $0.errorReason == .nonceAlreadyUsed })
        #expect(try await ledger.balance(of: Fixture.payerKey.address, token: Fixture.token.address) == 990_000)
        #expect(try await ledger.balance(of: Fixture.payTo, token: Fixture.token.address) == 10_000)
        #expect(ledger.transfers.count == 1)
    }

    @Test func concurrentDistinctPaymentsNeverOverdraw() async throws {
        // 50 distinct authorisations of 10 000 against a balance of 255 000: exactly 25 settle.
        let (facilitator, ledger) = try await Fixture.facilitator(balance: 255_000)
        let payloads = (0..<50).map { _ in Self.v2(Fixture.exact(nonce: Fixture.randomNonce())) }
        let results = await withTaskGroup(of: SettleResponse.self) { group in
            for payload in payloads { group.addTask { await facilitator.settle(payload, requirements: Fixture.requirement()) } }
            var all: [SettleResponse] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.filter(\.success).count == 25)
        #expect(results.filter { !$0.success }.allSatisfy { $0.errorReason == .insufficientBalance })
        #expect(try await ledger.balance(of: Fixture.payerKey.address, token: Fixture.token.address) == 5_000)
        #expect(Set(results.filter(\.success).map(\.transaction)).count == 25)
    }
}

@Suite struct InMemoryLedgerTests {
    @Test func applyTransferIsAllOrNothing() async throws {
        let ledger = InMemoryLedger()
        let token = Fixture.token.address, a = Fixture.payerKey.address, b = Fixture.payTo
        try await ledger.mint(100, to: a, token: token)
        let transfer = LedgerTransfer(token: token, from: a, to: b, value: 150, nonce: Fixture.nonce, network: "eip155:338", transactionHash: "0x1")
        await #expect(throws: LedgerError.insufficientFunds(balance: 100, required: 150)) { try await ledger.applyTransfer(transfer) }
        #expect(try await ledger.isNonceUsed(Fixture.nonce, by: a, token: token) == false)
        var ok = transfer
        ok.value = 100
        try await ledger.applyTransfer(ok)
        await #expect(throws: LedgerError.nonceAlreadyUsed) { try await ledger.applyTransfer(ok) }
        #expect(ledger.balances(token: token) == [b: 100])
        try await ledger.mint(.max, to: b, token: Fixture.otherKey.address)
        await #expect(throws: LedgerError.overflow) { try await ledger.mint(1, to: b, token: Fixture.otherKey.address) }
    }

    @Test func selfTransferKeepsBalanceAndUsesNonce() async throws {
        let ledger = InMemoryLedger()
        let token = Fixture.token.address, a = Fixture.payerKey.address
        try await ledger.mint(100, to: a, token: token)
        try await ledger.applyTransfer(LedgerTransfer(token: token, from: a, to: a, value: 60, nonce: Fixture.nonce, network: "x", transactionHash: "0x1"))
        #expect(try await ledger.balance(of: a, token: token) == 100)
        #expect(try await ledger.isNonceUsed(Fixture.nonce, by: a, token: token))
    }
}
