import PaygentCore
import PaygentFoundation
import PaygentEVM
import PaygentWire
import X402

/// `POST /wallet/sign-eip712` (admin): the server's wallet key signs an EIP-712 document
/// (`eth_signTypedData_v4` JSON, or `{"typed_data": …}`). The key never leaves the process and no
/// answer or error contains it.
struct SigningRoutes: APIRouteGroup {
    let key: PrivateKey?

    var routes: [APIRoute] {
        let key = self.key
        return [
            APIRoute(.post, "/api/v1/wallet/sign-eip712", access: .administer, operationID: "signTypedData",
                     summary: "Signs an EIP-712 document with the server's wallet key (409 when the server has none).", tag: "wallet",
                     request: "TypedDataDocument", response: "TypedDataSignature", changesState: false, maxBodyBytes: 64 * 1024,
                     extraStatuses: [409]) { call in
                guard let key else {
                    throw PaygentError.conflict("the server has no wallet key; start it with --key-file")
                }
                var bytes = call.body
                if let parsed = try? JSONParser.parse(bytes, limits: JSONLimits(maxBytes: 64 * 1024, maxDepth: 16)),
                   let inner = parsed.objectValue?["typed_data"] {
                    bytes = JSONWriter.encode(inner)
                }
                let document: TypedData
                do {
                    document = try TypedData(jsonBytes: bytes)
                } catch {
                    throw PaygentError.invalid("typed_data", "not a valid EIP-712 document: \(error)")
                }
                do {
                    let digest = try document.signingDigest()
                    let signature = try document.sign(with: key)
                    return try .json(TypedDataSignature(signature: signature.hex, signer: key.address.checksummed,
                                                        digest: Hex.encode(digest)))
                } catch {
                    throw PaygentError.invalid("typed_data", "cannot be signed: \(error)")
                }
            },
        ]
    }
}
