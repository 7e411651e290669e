import Foundation
import Testing
@testable import PaygentEVM

@Suite struct TypedDataTests {
    /// EIP-712's own example (assets/eip-712/Example.js).
    static let mail = #"""
    {
      "types": {
        "EIP712Domain": [
          {"name": "name", "type": "string"},
          {"name": "version", "type": "string"},
          {"name": "chainId", "type": "uint256"},
          {"name": "verifyingContract", "type": "address"}
        ],
        "Person": [
          {"name": "name", "type": "string"},
          {"name": "wallet", "type": "address"}
        ],
        "Mail": [
          {"name": "from", "type": "Person"},
          {"name": "to", "type": "Person"},
          {"name": "contents", "type": "string"}
        ]
      },
      "primaryType": "Mail",
      "domain": {
        "name": "Ether Mail",
        "version": "1",
        "chainId": 1,
        "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
      },
      "message": {
        "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
        "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
        "contents": "Hello, Bob!"
      }
    }
    """#

    /// A document exercising every kind of member; expected hashes computed with eth_account 0.14.
    static let complex = #"""
{
  "types": {
    "EIP712Domain": [
      {"name": "name", "type": "string"},
      {"name": "chainId", "type": "uint256"},
      {"name": "salt", "type": "bytes32"}
    ],
    "Order": [
      {"name": "maker", "type": "Party"},
      {"name": "legs", "type": "Leg[]"},
      {"name": "grid", "type": "int16[2][]"},
      {"name": "tags", "type": "string[]"},
      {"name": "blobs", "type": "bytes[2]"},
      {"name": "flag", "type": "bool"},
      {"name": "delta", "type": "int256"},
      {"name": "small", "type": "int8"},
      {"name": "code", "type": "bytes4"},
      {"name": "big", "type": "uint256"},
      {"name": "memo", "type": "string"}
    ],
    "Party": [
      {"name": "wallet", "type": "address"},
      {"name": "aliases", "type": "string[]"}
    ],
    "Leg": [
      {"name": "asset", "type": "Asset"},
      {"name": "amount", "type": "uint128"},
      {"name": "counterparties", "type": "Party[]"}
    ],
    "Asset": [
      {"name": "token", "type": "address"},
      {"name": "id", "type": "uint64"}
    ]
  },
  "primaryType": "Order",
  "domain": {"name": "Ünïcødé ✓ 🚀", "chainId": "0x152", "salt": "0x00000000000000000000000000000000000000000000000000000000000000ff"},
  "message": {
    "maker": {"wallet": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "aliases": ["alice", "ålice", ""]},
    "legs": [
      {"asset": {"token": "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "id": 7}, "amount": "340282366920938463463374607431768211455",
       "counterparties": [{"wallet": "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "aliases": []}]},
      {"asset": {"token": "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "id": "18446744073709551615"}, "amount": 0, "counterparties": []}
    ],
    "grid": [[-32768, 32767], [0, -1]],
    "tags": ["a\"b", "\\n", "\u00e9\ud83d\ude00"],
    "blobs": ["0x", "0xdeadbeef"],
    "flag": true,
    "delta": -57896044618658097711785492504343953926634992332820282019728792003956564819968,
    "small": "-128",
    "code": "0x12345678",
    "big": 115792089237316195423570985008687907853269984665640564039457584007913129639935,
    "memo": "line1\nline2\ttab"
  }
}
"""#

    static func document(_ text: String) throws -> TypedData {
        try TypedData(json: Data(text.utf8))
    }

    @Test func mailExampleMatchesEIP712() throws {
        let doc = try Self.document(Self.mail)
        #expect(try doc.encodeType("Mail") == "Mail(Person from,Person to,string contents)Person(string name,address wallet)")
        #expect(Hex.encode(try doc.typeHash("Mail"), prefix: false) == "a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2")
        #expect(Hex.encode(try doc.domainSeparator(), prefix: false) == "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")
        #expect(Hex.encode(try doc.hashStruct(), prefix: false) == "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e")
        #expect(Hex.encode(try doc.signingDigest(), prefix: false) == "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
    }

    @Test func mailExampleSignatureMatchesEIP712() throws {
        let doc = try Self.document(Self.mail)
        let cow = try PrivateKey(bytes: Keccak256.hash("cow"))
        let signature = try doc.sign(with: cow)
        #expect(signature.v == 28)
        #expect(Hex.encode(signature.r) == "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d")
        #expect(Hex.encode(signature.s) == "0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562")
        #expect(try doc.recoverSigner(signature) == cow.address)
    }

    @Test func domainWithoutDeclaredTypeUsesPresentStandardFields() throws {
        // Same document without EIP712Domain in types: the standard fields present are used.
        var doc = try Self.document(Self.mail)
        doc.types["EIP712Domain"] = nil
        #expect(Hex.encode(try doc.signingDigest(), prefix: false) == "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
        let domain = EIP712Domain(name: "Ether Mail", version: "1", chainId: 1,
                                  verifyingContract: try Address("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"))
        #expect(try doc.domainSeparator() == domain.separator)
    }

    @Test func complexDocumentMatchesEthAccount() throws {
        let doc = try Self.document(Self.complex)
        #expect(try doc.encodeType("Order") == "Order(Party maker,Leg[] legs,int16[2][] grid,string[] tags,bytes[2] blobs,bool flag,int256 delta,int8 small,bytes4 code,uint256 big,string memo)Asset(address token,uint64 id)Leg(Asset asset,uint128 amount,Party[] counterparties)Party(address wallet,string[] aliases)")
        #expect(Hex.encode(try doc.domainSeparator(), prefix: false) == "7edd2a472a373064c546910421e070c23754c598a8817e19e84d046c5c153f0c")
        #expect(Hex.encode(try doc.hashStruct(), prefix: false) == "496be179020087fe8e604b42ac61aa764286e9aca2bda5f61b690677c474776a")
        #expect(Hex.encode(try doc.signingDigest(), prefix: false) == "a24f50c9264ffb443e314ca86e9fa5e7e2af46b77e495c4789548ab3541db660")
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        #expect(try doc.sign(with: key).hex == "0xf86e19fa0ff9881250e217b43d364693b4af191159dc9b6b5cfe32d0de7ff6a2601c5c64b8c5560c85ecd022885f7632da60d590633c2c3c27b409afdc319b4e1b")
    }

    @Test func transferWithAuthorizationDocumentMatchesProtocolVector() throws {
        let json = #"""
        {"types": {"EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                                    {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
                   "TransferWithAuthorization": [{"name": "from", "type": "address"}, {"name": "to", "type": "address"},
                     {"name": "value", "type": "uint256"}, {"name": "validAfter", "type": "uint256"},
                     {"name": "validBefore", "type": "uint256"}, {"name": "nonce", "type": "bytes32"}]},
         "primaryType": "TransferWithAuthorization",
         "domain": {"name": "Bridged USDC (Stargate)", "version": "1", "chainId": 338,
                    "verifyingContract": "0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"},
         "message": {"from": "0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A", "to": "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
                     "value": "10000", "validAfter": "0", "validBefore": "1800000000",
                     "nonce": "0x2222222222222222222222222222222222222222222222222222222222222222"}}
        """#
        let doc = try Self.document(json)
        #expect(Hex.encode(try doc.typeHash("TransferWithAuthorization"), prefix: false) == "7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267")
        #expect(Hex.encode(try doc.domainSeparator(), prefix: false) == "9abb5307ed790997036a3a26caf5fe42545a32c07b98bf7b9472d0a54fcac290")
        #expect(Hex.encode(try doc.hashStruct(), prefix: false) == "64ee6967a1b1414d5a8ed07682e732c6140b138138eb07046d2d839aeab4c5a2")
        #expect(Hex.encode(try doc.signingDigest(), prefix: false) == "e9337b86545b927d106e66597268e9694e71026e1a7aaa6abcd4c7e1d3cd8e32")
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        #expect(try doc.sign(with: key).hex == "0xc5c8066ad8e9f7cab6316000ed874ed3237c4b3208845ce0774a36463228d8d44d4e5a46d20f271787a9206cd1e4161c3f8a47a6e54f2e5d40c0db9de436b91c1b")
    }

    @Test func primaryTypeIsDerivedWhenAbsent() throws {
        var text = Self.mail
        text = text.replacingOccurrences(of: #""primaryType": "Mail","#, with: "")
        let doc = try Self.document(text)
        #expect(doc.primaryType == "Mail")
    }

    @Test func decodableMatchesExactReader() throws {
        let viaDecoder = try JSONDecoder().decode(TypedData.self, from: Data(Self.mail.utf8))
        #expect(try viaDecoder.signingDigest() == Self.document(Self.mail).signingDigest())
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TypedData.self, from: Data("{\"types\": 3}".utf8)) }
    }

    @Test func signedIntegersUseTwosComplement() throws {
        func word(_ type: String, _ value: String) throws -> [UInt8] {
            var encoder = TypedDataEncoder(types: [:])
            return try encoder.encodeField(EIP712FieldType.parse(type, structs: [:]), typeName: type,
                                           value: TypedDataJSON.parse(Array(value.utf8)), path: "v")
        }
        #expect(try word("int8", "-1") == [UInt8](repeating: 0xff, count: 32))
        #expect(try word("int256", "\"-0\"") == [UInt8](repeating: 0, count: 32))
        #expect(try word("int16", "-32768") == [UInt8](repeating: 0xff, count: 30) + [0x80, 0x00])
        #expect(try word("int16", "\"0x7fff\"") == [UInt8](repeating: 0, count: 30) + [0x7f, 0xff])
        #expect(try word("uint8", "\"255\"") == [UInt8](repeating: 0, count: 31) + [0xff])
        #expect(try word("bool", "true") == [UInt8](repeating: 0, count: 31) + [1])
        #expect(try word("bytes2", "\"0x01\"") == [1] + [UInt8](repeating: 0, count: 31))
        #expect(try word("bytes", "\"0x\"") == Keccak256.hash([UInt8]()))
        #expect(try word("bytes", "\"hi\"") == Keccak256.hash("hi"))
        #expect(try word("string", "null") == [UInt8](repeating: 0, count: 32))
        #expect(throws: TypedDataError.self) { try word("int8", "128") }
        #expect(throws: TypedDataError.self) { try word("int8", "-129") }
        #expect(throws: TypedDataError.self) { try word("uint8", "256") }
        #expect(throws: TypedDataError.self) { try word("uint8", "-1") }
        #expect(throws: TypedDataError.self) { try word("uint256", "1.5") }
        #expect(throws: TypedDataError.self) { try word("uint256", "1e3") }
        #expect(throws: TypedDataError.self) { try word("uint256", "true") }
        #expect(throws: TypedDataError.self) { try word("bytes2", "\"0x010203\"") }
        #expect(throws: TypedDataError.self) { try word("address", "\"0x12\"") }
        #expect(throws: TypedDataError.self) { try word("bool", "\"maybe\"") }
    }

    @Test func malformedDocumentsAreTypedErrors() throws {
        func fails(_ text: String) -> TypedDataError? {
            do {
                _ = try TypedData(json: Data(text.utf8)).signingDigest()
                return nil
            } catch {
                return error
            }
        }
        let bad: [String] = [
            "", "{", "[]", "nul", "{\"types\": {}}", "{\"a\": 1} x", "\"\\ud800\"", String(repeating: "[", count: 10_000),
            // Unknown member type.
            #"{"types": {"A": [{"name": "x", "type": "Nope"}]}, "primaryType": "A", "domain": {}, "message": {"x": 1}}"#,
            #"{"types": {"A": [{"name": "x", "type": "uint7"}]}, "primaryType": "A", "domain": {}, "message": {"x": 1}}"#,
            #"{"types": {"A": [{"name": "x", "type": "bytes33"}]}, "primaryType": "A", "domain": {}, "message": {"x": "0x"}}"#,
            #"{"types": {"A": [{"name": "x", "type": "uint256[x]"}]}, "primaryType": "A", "domain": {}, "message": {"x": []}}"#,
            // Primary type not defined.
            #"{"types": {"A": []}, "primaryType": "B", "domain": {}, "message": {}}"#,
            // Wrong value shapes.
            #"{"types": {"A": [{"name": "x", "type": "uint256[]"}]}, "primaryType": "A", "domain": {}, "message": {"x": 1}}"#,
            #"{"types": {"A": [{"name": "x", "type": "uint256[2]"}]}, "primaryType": "A", "domain": {}, "message": {"x": [1]}}"#,
            #"{"types": {"A": [{"name": "x", "type": "B"}], "B": []}, "primaryType": "A", "domain": {}, "message": {"x": [1]}}"#,
            #"{"types": {"A": [{"name": "x", "type": "address"}]}, "primaryType": "A", "domain": {}, "message": {}}"#,
            #"{"types": {"A": [{"name": "x", "type": "string"}]}, "primaryType": "A", "domain": {}, "message": {"x": 5}}"#,
            // Domain problems.
            #"{"types": {"A": []}, "primaryType": "A", "domain": {"nonsense": 1}, "message": {}}"#,
            #"{"types": {"A": [], "EIP712Domain": [{"name": "name", "type": "string"}]}, "primaryType": "A", "domain": {"version": "1"}, "message": {}}"#,
            #"{"types": {"A": []}, "primaryType": "A", "domain": {"chainId": "x"}, "message": {}}"#,
            // Type definitions of the wrong shape.
            #"{"types": {"A": {"name": "x"}}, "primaryType": "A", "domain": {}, "message": {}}"#,
            #"{"types": {"A": [{"name": 1, "type": "uint256"}]}, "primaryType": "A", "domain": {}, "message": {}}"#,
            #"{"types": {"A": []}, "primaryType": "A", "domain": [], "message": {}}"#,
            // Absurdly many array dimensions.
            #"{"types": {"A": [{"name": "x", "type": "uint8"# + String(repeating: "[]", count: 5000) + #""}]}, "primaryType": "A", "domain": {}, "message": {"x": []}}"#,
        ]
        for text in bad {
            #expect(fails(text) != nil, "accepted: \(text.prefix(80))")
        }
        #expect(fails(#"{"types": {"A": [{"name": "x", "type": "Nope"}]}, "primaryType": "A", "domain": {}, "message": {}}"#) == .unknownType("Nope"))
        #expect(fails(#"{"types": {"A": [{"name": "x", "type": "uint8"}]}, "primaryType": "A", "domain": {}, "message": {"x": 300}}"#)
            == .invalidValue(path: "message.x", type: "uint8", reason: "value does not fit in 8 bits"))
        let errorText = fails(#"{"types": {"A": [{"name": "x", "type": "B[]"}], "B": [{"name": "y", "type": "bool"}]}, "primaryType": "A", "domain": {}, "message": {"x": [{"y": true}, {"y": 7}]}}"#)?.description
        #expect(errorText?.contains("message.x[1].y") == true)
    }

    @Test func longTypeChainsDoNotExhaustTheStack() throws {
        // T0 → T1 → … → T3999, each with one member of the next type.
        var types: [String: [TypedData.Field]] = [:]
        for i in 0..<4000 { types["T\(i)"] = i < 3999 ? [TypedData.Field(name: "next", type: "T\(i + 1)")] : [] }
        let doc = TypedData(types: types, primaryType: "T0", domain: .object([:]), message: .object([:]))
        #expect(try doc.encodeType("T0").hasPrefix("T0(T1 next)T1(T2 next)"))
        #expect(try doc.signingDigest().count == 32)
    }

    @Test func recursiveTypesEncode() throws {
        let json = #"""
        {"types": {"Node": [{"name": "value", "type": "uint256"}, {"name": "children", "type": "Node[]"}]},
         "primaryType": "Node", "domain": {"name": "tree"},
         "message": {"value": 1, "children": [{"value": 2, "children": []}, {"value": 3, "children": [{"value": 4, "children": []}]}]}}
        """#
        let doc = try Self.document(json)
        #expect(try doc.encodeType("Node") == "Node(uint256 value,Node[] children)")
        #expect(try doc.signingDigest().count == 32)
    }
}
