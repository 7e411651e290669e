import PaygentEVM
import PaygentFoundation

extension ExactEVMPayload {
    /// The nested wire object used by v1 and v2; all numbers are decimal strings. EIP-3009:
    /// `{"authorization":{from,to,value,validAfter,validBefore,nonce},"signature"}`; Permit2, as
    /// the reference writes it: `{"permit2Authorization":{from,permitted:{token,amount},spender,
    /// nonce,deadline,witness:{to,[facilitator,]validAfter}},"signature"}`.
    public func json() -> JSONValue {
        if let p = permit2 {
            var witness = [JSONMember("to", .string(p.to.checksummed))]
            if let facilitator = p.facilitator { witness.append(JSONMember("facilitator", .string(facilitator.checksummed))) }
            witness.append(JSONMember("validAfter", .string(p.validAfter.description)))
            return .object(JSONObject(uncheckedMembers: [
                JSONMember("permit2Authorization", .object(JSONObject(uncheckedMembers: [
                    JSONMember("from", .string(p.owner.checksummed)),
                    JSONMember("permitted", .object(JSONObject(uncheckedMembers: [
                        JSONMember("token", .string(p.token.checksummed)),
                        JSONMember("amount", .string(p.amount.description)),
                    ]))),
                    JSONMember("spender", .string(p.spender.checksummed)),
                    JSONMember("nonce", .string(p.nonce.description)),
                    JSONMember("deadline", .string(p.deadline.description)),
                    JSONMember("witness", .object(JSONObject(uncheckedMembers: witness))),
                ]))),
                JSONMember("signature", .string(signature.hex)),
            ]))
        }
        let a = authorization
        return .object(JSONObject(uncheckedMembers: [
            JSONMember("authorization", .object(JSONObject(uncheckedMembers: [
                JSONMember("from", .string(a.from.checksummed)),
                JSONMember("to", .string(a.to.checksummed)),
                JSONMember("value", .string(a.value.description)),
                JSONMember("validAfter", .string(a.validAfter.description)),
                JSONMember("validBefore", .string(a.validBefore.description)),
                JSONMember("nonce", .string(Hex.encode(a.nonce))),
            ]))),
            JSONMember("signature", .string(signature.hex)),
        ]))
    }

    /// Decodes the nested v1/v2 form (EIP-3009 or, with `permit2Authorization`, Permit2).
    public static func decode(_ value: JSONValue, path: String = "payload") throws(DecodeError) -> ExactEVMPayload {
        let r = try FieldReader(value, path: path)
        if r.optional("permit2Authorization") != nil {
            let p = try r.object("permit2Authorization")
            let permitted = try p.object("permitted")
            let witness = try p.object("witness")
            let facilitator: Address? = try witness.optional("facilitator") == nil ? nil : witness.address("facilitator")
            let permit = PermitWitnessTransferFrom(
                owner: try p.address("from"), token: try permitted.address("token"), amount: try permitted.uint256("amount"),
                spender: try p.address("spender"), nonce: try p.uint256("nonce"), deadline: try p.uint256("deadline"),
                to: try witness.address("to"), facilitator: facilitator, validAfter: try witness.uint256("validAfter"))
            return ExactEVMPayload(permit: permit, signature: try r.signature("signature"))
        }
        let a = try r.object("authorization")
        let authorization = TransferWithAuthorization(
            from: try a.address("from"), to: try a.address("to"), value: try a.uint256("value"),
            validAfter: try a.uint256("validAfter"), validBefore: try a.uint256("validBefore"),
            nonce: try a.hexBytes("nonce", count: 32)
        )
        return ExactEVMPayload(authorization: authorization, signature: try r.signature("signature"))
    }

    /// Decodes the Cronos flat form `{from,to,value,validAfter,validBefore,nonce,signature,asset}`
    /// (times may be numbers or strings). Returns the payload and its `asset`.
    public static func decodeFlat(_ value: JSONValue, path: String = "payload") throws(DecodeError) -> (ExactEVMPayload, Address?) {
        let r = try FieldReader(value, path: path)
        let authorization = TransferWithAuthorization(
            from: try r.address("from"), to: try r.address("to"), value: try r.uint256("value"),
            validAfter: try r.uint256("validAfter"), validBefore: try r.uint256("validBefore"),
            nonce: try r.hexBytes("nonce", count: 32)
        )
        let signature = try r.signature("signature")
        let asset: Address? = try r.optional("asset") == nil ? nil : r.address("asset")
        return (ExactEVMPayload(authorization: authorization, signature: signature), asset)
    }

    /// The Cronos flat object: numeric `validAfter`/`validBefore` (JSON integers), then `asset`.
    public func flatJSON(asset: Address?) -> JSONValue {
        let a = authorization
        var members = [
            JSONMember("from", .string(a.from.checksummed)),
            JSONMember("to", .string(a.to.checksummed)),
            JSONMember("value", .string(a.value.description)),
            JSONMember("validAfter", .number(a.validAfter.description)),
            JSONMember("validBefore", .number(a.validBefore.description)),
            JSONMember("nonce", .string(Hex.encode(a.nonce))),
            JSONMember("signature", .string(signature.hex)),
        ]
        if let asset { members.append(JSONMember("asset", .string(asset.checksummed))) }
        return .object(JSONObject(uncheckedMembers: members))
    }
}

extension PaymentPayload {
    // MARK: Encoding

    /// The wire object in this payment's dialect, field order as the reference writes it.
    public func json() -> JSONValue {
        switch dialect {
        case .v1:
            return .object(JSONObject(uncheckedMembers: [
                JSONMember("x402Version", .integer(1)),
                JSONMember("scheme", .string(scheme)),
                JSONMember("network", .string(network.identifier)),
                JSONMember("payload", exact.json()),
            ]))
        case .cronos:
            return .object(JSONObject(uncheckedMembers: [
                JSONMember("x402Version", .integer(1)),
                JSONMember("scheme", .string(scheme)),
                JSONMember("network", .string(network.identifier)),
                JSONMember("payload", exact.flatJSON(asset: asset)),
            ]))
        case .v2:
            var accepted = self.accepted ?? PaymentRequirement(
                scheme: scheme, network: network, asset: asset ?? .zero, payTo: exact.authorization.to,
                amount: exact.authorization.value, tokenName: nil, tokenVersion: nil
            )
            accepted.scheme = scheme
            accepted.network = network
            var members = [
                JSONMember("x402Version", .integer(2)),
                JSONMember("payload", exact.json()),
                JSONMember("accepted", accepted.jsonV2()),
            ]
            if let resource { members.append(JSONMember("resource", resource.json())) }
            if let extensions { members.append(JSONMember("extensions", .object(extensions))) }
            return .object(JSONObject(uncheckedMembers: members))
        }
    }

    /// The header value (`X-PAYMENT` for v1/Cronos, `PAYMENT-SIGNATURE` for v2): base64 of the
    /// compact JSON, byte-identical to the reference client's.
    public func headerValue() -> String { HeaderCodec.encode(json()) }

    /// The header name this payment travels in.
    public var headerName: String { X402Header.payment(for: dialect) }

    // MARK: Decoding

    /// Decodes a payment header value (`X-PAYMENT` or `PAYMENT-SIGNATURE`), detecting the
    /// dialect from `x402Version` and the payload's shape.
    public static func decodeHeader(_ value: String, limits: HeaderLimits = .default) throws(DecodeError) -> PaymentPayload {
        try decode(try HeaderCodec.decodeJSON(value, limits: limits))
    }

    /// Decodes a payment wire object in any dialect.
    public static func decode(_ value: JSONValue, path: String = "") throws(DecodeError) -> PaymentPayload {
        let r = try FieldReader(value, path: path)
        let version = try r.version()
        switch version {
        case 1:
            let scheme = try r.exactScheme()
            let network = try r.network()
            let inner = try r.required("payload")
            let innerPath = r.fieldPath("payload")
            if case .object(let object) = inner, object["authorization"] == nil, object["from"] != nil || object["signature"] != nil {
                let (exact, asset) = try ExactEVMPayload.decodeFlat(inner, path: innerPath)
                return PaymentPayload(dialect: .cronos, scheme: scheme, network: network, exact: exact, asset: asset)
            }
            let exact = try ExactEVMPayload.decode(inner, path: innerPath)
            return PaymentPayload(dialect: .v1, scheme: scheme, network: network, exact: exact)
        case 2:
            let resource = try r.optional("resource").map { v throws(DecodeError) in try ResourceInfo.decode(v, path: r.fieldPath("resource")) }
            let accepted = try PaymentRequirement.decodeV2(try r.required("accepted"), resource: resource, path: r.fieldPath("accepted"))
            let exact = try ExactEVMPayload.decode(try r.required("payload"), path: r.fieldPath("payload"))
            return PaymentPayload(
                dialect: .v2, scheme: accepted.scheme, network: accepted.network, exact: exact,
                accepted: accepted, resource: resource, extensions: try r.optionalObject("extensions")
            )
        default:
            throw .unsupportedVersion(found: String(version))
        }
    }
}
