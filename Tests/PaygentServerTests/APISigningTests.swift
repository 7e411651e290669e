import Foundation
import Http
import PaygentEVM
import PaygentServer
import Testing
import X402

/// `POST /wallet/sign-eip712`: the server key signs (the signature recovers to it), the key never
/// appears in an answer, only admins may, and a server without a key says so.
@Suite("API signing (live server)")
struct APISigningTests {
    @Test func signsWithTheServerKey() async throws {
        try await APIHarness.with { harness in
            let response = try await harness.send("POST", "/api/v1/wallet/sign-eip712", json: APIRouteCases.typedData)
            #expect(response.status == 200, "\(response.bodyString)")
            let key = DevnetAccounts.key(0)
            #expect(response.json?["signer"]?.stringValue == key.address.checksummed)
            let document = try TypedData(jsonBytes: Array(APIRouteCases.typedData.utf8))
            let signature = try Signature(hex: try #require(response.json?["signature"]?.stringValue))
            #expect(try document.recoverSigner(signature) == key.address)
            #expect(!response.bodyString.lowercased().contains(key.exportHex().dropFirst(2).lowercased()))
            let wrapped = try await harness.send("POST", "/api/v1/wallet/sign-eip712", json: #"{"typed_data":\#(APIRouteCases.typedData)}"#)
            #expect(wrapped.json?["signature"]?.stringValue == response.json?["signature"]?.stringValue)
            let operatorTry = try await harness.send("POST", "/api/v1/wallet/sign-eip712", as: .operator, json: APIRouteCases.typedData)
            #expect(operatorTry.status == 403)
        }
        try await APIHarness.with { harness in
            let keyless = PaygentAPIServer(api: harness.paygent, idempotency: harness.paygent)
            let running = try await keyless.start()
            var headers = HTTPHeaders([("Authorization", "Bearer \(harness.tokens[.admin]!)")])
            headers.add("Content-Type", "application/json")
            let response = try await harness.client.send(HTTPRequest(method: .post, url: running.baseURL + "/api/v1/wallet/sign-eip712",
                                                                     headers: headers, body: Array(APIRouteCases.typedData.utf8)))
            await running.stop()
            #expect(response.status == 409)
            #expect(response.bodyString.contains("--key-file"))
        }
    }
}
