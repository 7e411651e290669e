import Foundation
import Testing
@testable import PaygentEVM

/// The PROTOCOL.md vector, computed with eth_account 0.14.
@Suite struct TransferWithAuthorizationTests {
    static func vector() throws -> (PrivateKey, EIP712Domain, TransferWithAuthorization) {
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        let domain = EIP712Domain(name: "Bridged USDC (Stargate)", version: "1", chainId: 338,
                                  verifyingContract: try Address("0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"))
        let authorization = TransferWithAuthorization(
            from: key.address, to: try Address("0x209693Bc6afc0C5328bA36FaF03C514EF312287C"),
            value: 10000, validAfter: 0, validBefore: 1_800_000_000, nonce: [UInt8](repeating: 0x22, count: 32))
        return (key, domain, authorization)
    }

    @Test func matchesTheProtocolVectorByteForByte() throws {
        let (key, domain, authorization) = try Self.vector()
        #expect(key.address.checksummed == "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
        #expect(Hex.encode(TransferWithAuthorization.typeHash, prefix: false) == "7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267")
        #expect(Hex.encode(domain.separator, prefix: false) == "9abb5307ed790997036a3a26caf5fe42545a32c07b98bf7b9472d0a54fcac290")
        #expect(Hex.encode(authorization.structHash(), prefix: false) == "64ee6967a1b1414d5a8ed07682e732c6140b138138eb07046d2d839aeab4c5a2")
        #expect(Hex.encode(authorization.digest(domain: domain), prefix: false) == "e9337b86545b927d106e66597268e9694e71026e1a7aaa6abcd4c7e1d3cd8e32")
        let signature = try authorization.sign(with: key, domain: domain)
        #expect(signature.hex == "0xc5c8066ad8e9f7cab6316000ed874ed3237c4b3208845ce0774a36463228d8d44d4e5a46d20f271787a9206cd1e4161c3f8a47a6e54f2e5d40c0db9de436b91c1b")
        #expect(signature.v == 27)
        #expect(try authorization.recoverSigner(signature, domain: domain) == authorization.from)
    }

    @Test func changingAnyFieldChangesTheSigner() throws {
        let (key, domain, authorization) = try Self.vector()
        let signature = try authorization.sign(with: key, domain: domain)
        var tampered = authorization
        tampered.value = 10001
        #expect(try tampered.recoverSigner(signature, domain: domain) != key.address)
        var otherChain = domain
        otherChain.chainId = 25
        #expect(try authorization.recoverSigner(signature, domain: otherChain) != key.address)
    }

    @Test func domainSeparatorUsesOnlyPresentFields() {
        #expect(EIP712Domain(name: "A").encodedType == "EIP712Domain(string name)")
        #expect(EIP712Domain(name: "A", chainId: 1, salt: [1]).encodedType == "EIP712Domain(string name,uint256 chainId,bytes32 salt)")
        #expect(EIP712Domain().encodedType == "EIP712Domain()")
        #expect(EIP712Domain(name: "A").separator != EIP712Domain(name: "B").separator)
    }

    @Test func randomNoncesAreFreshAnd32Bytes() {
        let a = TransferWithAuthorization.randomNonce()
        let b = TransferWithAuthorization.randomNonce()
        #expect(a.count == 32 && b.count == 32)
        #expect(a != b)
    }

    @Test func codableAsX402Authorization() throws {
        let (_, _, authorization) = try Self.vector()
        let json = try JSONEncoder().encode(authorization)
        let object = try JSONSerialization.jsonObject(with: json) as? [String: String]
        #expect(object?["value"] == "10000")
        #expect(object?["validBefore"] == "1800000000")
        #expect(object?["nonce"] == "0x" + String(repeating: "22", count: 32))
        #expect(object?["from"] == "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A")
        #expect(try JSONDecoder().decode(TransferWithAuthorization.self, from: json) == authorization)
        let badNonce = Data(#"{"from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"1","validAfter":"0","validBefore":"1","nonce":"0x22"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TransferWithAuthorization.self, from: badNonce) }
    }
}
