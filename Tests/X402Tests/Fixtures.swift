import PaygentFoundation
import PaygentEVM
@testable import X402

/// Shared test data: the PROTOCOL.md EIP-3009 vector and a fixed clock.
enum Fixture {
    static let now: UInt64 = 1_700_000_000
    static let clock = ManualClock(Timestamp(seconds: Int64(Fixture.now)))

    /// `0x11…11` → 0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A.
    static let payerKey = try! PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
    static let otherKey = try! PrivateKey(hex: "0x" + String(repeating: "33", count: 32))
    static let payTo = try! Address("0x209693Bc6afc0C5328bA36FaF03C514EF312287C")
    static let token = PaymentToken.cronosTestnetUSDC
    static let nonce = [UInt8](repeating: 0x22, count: 32)
    static let vectorSignature = "0xc5c8066ad8e9f7cab6316000ed874ed3237c4b3208845ce0774a36463228d8d44d4e5a46d20f271787a9206cd1e4161c3f8a47a6e54f2e5d40c0db9de436b91c1b"
    static let resourceURL = "http://127.0.0.1:4021/market-data"

    /// The vector's requirement (10000 base units of devUSDC.e to payTo, 60 s).
    static func requirement(network: Network = .eip155(338), amount: UInt256 = 10000, description: String = "Spot prices") -> PaymentRequirement {
        PaymentRequirement(
            network: network, asset: token.address, payTo: payTo, amount: amount, maxTimeoutSeconds: 60,
            resource: resourceURL, description: description, mimeType: "application/json",
            tokenName: token.name, tokenVersion: token.version
        )
    }

    /// An authorisation signed in `requirement`'s domain (defaults reproduce the vector).
    static func exact(
        key: PrivateKey = payerKey, to: Address = payTo, value: UInt256 = 10000, validAfter: UInt64 = 0,
        validBefore: UInt64 = 1_800_000_000, nonce: [UInt8] = nonce, domain: EIP712Domain? = nil
    ) -> ExactEVMPayload {
        let authorization = TransferWithAuthorization(
            from: key.address, to: to, value: value, validAfter: UInt256(validAfter),
            validBefore: UInt256(validBefore), nonce: nonce
        )
        let signature = try! authorization.sign(with: key, domain: domain ?? requirement().eip712Domain!)
        return ExactEVMPayload(authorization: authorization, signature: signature)
    }

    static func randomNonce() -> [UInt8] { TransferWithAuthorization.randomNonce() }

    /// A devnet facilitator on chain 338 at the fixed clock, `payer` funded with `balance`.
    static func facilitator(balance: UInt256 = 1_000_000, payer: Address = payerKey.address) async throws -> (LocalFacilitator, InMemoryLedger) {
        let ledger = InMemoryLedger()
        try await ledger.mint(balance, to: payer, token: token.address)
        let facilitator = LocalFacilitator(
            ledger: ledger,
            configuration: .init(networks: [.cronosTestnet], tokens: [token], signers: [DevnetAccounts.facilitatorSigner.address]),
            clock: clock
        )
        return (facilitator, ledger)
    }

    // Reference bytes produced by the Python `x402` 2.25.0 package (pydantic `model_dump_json` /
    // `encode_payment_*_header`) for the vector above.
    static let referenceV2PayloadJSON = #"{"x402Version":2,"payload":{"authorization":{"from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","validAfter":"0","validBefore":"1800000000","nonce":"0x2222222222222222222222222222222222222222222222222222222222222222"},"signature":"0xc5c8066ad8e9f7cab6316000ed874ed3237c4b3208845ce0774a36463228d8d44d4e5a46d20f271787a9206cd1e4161c3f8a47a6e54f2e5d40c0db9de436b91c1b"},"accepted":{"scheme":"exact","network":"eip155:338","asset":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0","amount":"10000","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"Bridged USDC (Stargate)","version":"1"}},"resource":{"url":"http://127.0.0.1:4021/market-data","description":"Spot prices","mimeType":"application/json"}}"#
    static let referenceV2PayloadHeader = "eyJ4NDAyVmVyc2lvbiI6MiwicGF5bG9hZCI6eyJhdXRob3JpemF0aW9uIjp7ImZyb20iOiIweDE5RTdFMzc2RTdDMjEzQjdFN2U3ZTQ2Y2M3MEE1ZEQwODZEQWZmMkEiLCJ0byI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsInZhbHVlIjoiMTAwMDAiLCJ2YWxpZEFmdGVyIjoiMCIsInZhbGlkQmVmb3JlIjoiMTgwMDAwMDAwMCIsIm5vbmNlIjoiMHgyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyIn0sInNpZ25hdHVyZSI6IjB4YzVjODA2NmFkOGU5ZjdjYWI2MzE2MDAwZWQ4NzRlZDMyMzdjNGIzMjA4ODQ1Y2UwNzc0YTM2NDYzMjI4ZDhkNDRkNGU1YTQ2ZDIwZjI3MTc4N2E5MjA2Y2QxZTQxNjFjM2Y4YTQ3YTZlNTRmMmU1ZDQwYzBkYjlkZTQzNmI5MWMxYiJ9LCJhY2NlcHRlZCI6eyJzY2hlbWUiOiJleGFjdCIsIm5ldHdvcmsiOiJlaXAxNTU6MzM4IiwiYXNzZXQiOiIweGMwMWVmQWFGN0M1QzYxYkViRkFlYjM1OEUxMTYxYjUzN2I4YkMwZTAiLCJhbW91bnQiOiIxMDAwMCIsInBheVRvIjoiMHgyMDk2OTNCYzZhZmMwQzUzMjhiQTM2RmFGMDNDNTE0RUYzMTIyODdDIiwibWF4VGltZW91dFNlY29uZHMiOjYwLCJleHRyYSI6eyJuYW1lIjoiQnJpZGdlZCBVU0RDIChTdGFyZ2F0ZSkiLCJ2ZXJzaW9uIjoiMSJ9fSwicmVzb3VyY2UiOnsidXJsIjoiaHR0cDovLzEyNy4wLjAuMTo0MDIxL21hcmtldC1kYXRhIiwiZGVzY3JpcHRpb24iOiJTcG90IHByaWNlcyIsIm1pbWVUeXBlIjoiYXBwbGljYXRpb24vanNvbiJ9fQ=="
    static let referenceV1PayloadJSON = #"{"x402Version":1,"scheme":"exact","network":"cronos-testnet","payload":{"authorization":{"from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","validAfter":"0","validBefore":"1800000000","nonce":"0x2222222222222222222222222222222222222222222222222222222222222222"},"signature":"0xc5c8066ad8e9f7cab6316000ed874ed3237c4b3208845ce0774a36463228d8d44d4e5a46d20f271787a9206cd1e4161c3f8a47a6e54f2e5d40c0db9de436b91c1b"}}"#
    static let referenceV1RequirementJSON = #"{"scheme":"exact","network":"cronos-testnet","maxAmountRequired":"10000","resource":"http://127.0.0.1:4021/market-data","description":"Spot prices","mimeType":"application/json","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"asset":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0","extra":{"name":"Bridged USDC (Stargate)","version":"1"}}"#
    static let referenceV2RequiredJSON = #"{"x402Version":2,"error":"Payment required","resource":{"url":"http://127.0.0.1:4021/market-data","description":"Spot prices","mimeType":"application/json"},"accepts":[{"scheme":"exact","network":"eip155:338","asset":"0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0","amount":"10000","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"Bridged USDC (Stargate)","version":"1"}}]}"#
    static let referenceV2RequiredHeader = "eyJ4NDAyVmVyc2lvbiI6MiwiZXJyb3IiOiJQYXltZW50IHJlcXVpcmVkIiwicmVzb3VyY2UiOnsidXJsIjoiaHR0cDovLzEyNy4wLjAuMTo0MDIxL21hcmtldC1kYXRhIiwiZGVzY3JpcHRpb24iOiJTcG90IHByaWNlcyIsIm1pbWVUeXBlIjoiYXBwbGljYXRpb24vanNvbiJ9LCJhY2NlcHRzIjpbeyJzY2hlbWUiOiJleGFjdCIsIm5ldHdvcmsiOiJlaXAxNTU6MzM4IiwiYXNzZXQiOiIweGMwMWVmQWFGN0M1QzYxYkViRkFlYjM1OEUxMTYxYjUzN2I4YkMwZTAiLCJhbW91bnQiOiIxMDAwMCIsInBheVRvIjoiMHgyMDk2OTNCYzZhZmMwQzUzMjhiQTM2RmFGMDNDNTE0RUYzMTIyODdDIiwibWF4VGltZW91dFNlY29uZHMiOjYwLCJleHRyYSI6eyJuYW1lIjoiQnJpZGdlZCBVU0RDIChTdGFyZ2F0ZSkiLCJ2ZXJzaW9uIjoiMSJ9fV19"
    static let referenceSettleHeader = "eyJzdWNjZXNzIjogdHJ1ZSwgInBheWVyIjogIjB4MTlFN0UzNzZFN0MyMTNCN0U3ZTdlNDZjYzcwQTVkRDA4NkRBZmYyQSIsICJ0cmFuc2FjdGlvbiI6ICIweGFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWJhYmFiYWIiLCAibmV0d29yayI6ICJlaXAxNTU6MzM4In0="
    static let referenceSettleFailureJSON = #"{"success": false, "errorReason": "invalid_exact_evm_nonce_already_used", "payer": "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A", "transaction": "", "network": "eip155:338"}"#
    static let referenceVerifyJSON = #"{"isValid":false,"invalidReason":"invalid_exact_evm_payload_signature","payer":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A"}"#
}
