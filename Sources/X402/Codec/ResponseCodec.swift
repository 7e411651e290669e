import PaygentEVM
import PaygentFoundation

extension VerifyResponse {
    /// The `/verify` response body: isValid, invalidReason?, invalidMessage?, payer? (nulls omitted,
    /// as the reference serialises it).
    public func json() -> JSONValue {
        var members = [JSONMember("isValid", .bool(isValid))]
        if let invalidReason { members.append(JSONMember("invalidReason", .string(invalidReason.rawValue))) }
        if let invalidMessage { members.append(JSONMember("invalidMessage", .string(invalidMessage))) }
        if let payer { members.append(JSONMember("payer", .string(payer.checksummed))) }
        return .object(JSONObject(uncheckedMembers: members))
    }

    /// Decodes a `/verify` response body (standard or Cronos; a free-text Cronos reason is mapped
    /// to a reason code and kept in ``invalidMessage``).
    public static func decode(_ value: JSONValue) throws(DecodeError) -> VerifyResponse {
        let r = try FieldReader(value, path: "")
        let isValid = try r.bool("isValid")
        let rawReason = try r.optionalString("invalidReason")
        var message = try r.optionalString("invalidMessage")
        var reason = rawReason.map(ReasonCode.init(rawValue:))
        if let rawReason, !CronosCodec.looksLikeReasonCode(rawReason) {
            reason = CronosCodec.reasonCode(forFreeText: rawReason)
            message = message ?? rawReason
        }
        let payer: Address? = try r.optional("payer") == nil ? nil : r.address("payer")
        return VerifyResponse(isValid: isValid, invalidReason: reason, invalidMessage: message, payer: payer)
    }
}

extension SettleResponse {
    /// The `/settle` response body and `PAYMENT-RESPONSE` content, in the reference's field order:
    /// success, errorReason?, errorMessage?, payer?, transaction, network, amount?.
    public func json() -> JSONValue {
        var members = [JSONMember("success", .bool(success))]
        if let errorReason { members.append(JSONMember("errorReason", .string(errorReason.rawValue))) }
        if let errorMessage { members.append(JSONMember("errorMessage", .string(errorMessage))) }
        if let payer { members.append(JSONMember("payer", .string(payer.checksummed))) }
        members.append(JSONMember("transaction", .string(transaction)))
        members.append(JSONMember("network", .string(network)))
        if let amount { members.append(JSONMember("amount", .string(amount.description))) }
        return .object(JSONObject(uncheckedMembers: members))
    }

    /// The `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE` header value: base64 of Python
    /// `json.dumps` output, byte-identical to the reference server's.
    public func headerValue() -> String { HeaderCodec.encode(json(), style: .python) }

    /// Decodes a `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE` header value.
    public static func decodeHeader(_ value: String, limits: HeaderLimits = .default) throws(DecodeError) -> SettleResponse {
        try decode(try HeaderCodec.decodeJSON(value, limits: limits))
    }

    /// Decodes a settle response (standard shape, or Cronos `payment.settled` / `payment.failed`).
    public static func decode(_ value: JSONValue) throws(DecodeError) -> SettleResponse {
        let r = try FieldReader(value, path: "")
        if r.optional("event") != nil { return try CronosCodec.decodeSettle(value) }
        let payer: Address? = try r.optional("payer") == nil ? nil : r.address("payer")
        let amount: UInt256? = try r.optional("amount") == nil ? nil : r.uint256("amount")
        return SettleResponse(
            success: try r.bool("success"),
            errorReason: try r.optionalString("errorReason").map(ReasonCode.init(rawValue:)),
            errorMessage: try r.optionalString("errorMessage"),
            payer: payer,
            transaction: try r.optionalString("transaction") ?? "",
            network: try r.optionalString("network") ?? "",
            amount: amount
        )
    }
}

extension SupportedResponse {
    /// The `/supported` body: kinds, extensions, signers (signer families sorted).
    public func json() -> JSONValue {
        let kinds: [JSONValue] = kinds.map { kind in
            var members = [
                JSONMember("x402Version", .integer(kind.x402Version)),
                JSONMember("scheme", .string(kind.scheme)),
                JSONMember("network", .string(kind.network)),
            ]
            if let extra = kind.extra { members.append(JSONMember("extra", .object(extra))) }
            return .object(JSONObject(uncheckedMembers: members))
        }
        let signers = JSONObject(uncheckedMembers: self.signers.keys.sorted().map { family in
            JSONMember(family, .array(self.signers[family, default: []].map(JSONValue.string)))
        })
        return .object(JSONObject(uncheckedMembers: [
            JSONMember("kinds", .array(kinds)),
            JSONMember("extensions", .array(extensions.map(JSONValue.string))),
            JSONMember("signers", .object(signers)),
        ]))
    }

    /// Decodes a `/supported` body (standard or Cronos, whose body has only `kinds`).
    public static func decode(_ value: JSONValue) throws(DecodeError) -> SupportedResponse {
        let r = try FieldReader(value, path: "")
        var kinds: [SupportedKind] = []
        for (i, kindValue) in try r.array("kinds").enumerated() {
            let k = try FieldReader(kindValue, path: "kinds[\(i)]")
            kinds.append(SupportedKind(
                x402Version: try k.version(), scheme: try k.string("scheme"), network: try k.string("network"),
                extra: try k.optionalObject("extra")
            ))
        }
        var extensions: [String] = []
        if r.optional("extensions") != nil {
            for (i, e) in try r.array("extensions").enumerated() {
                guard case .string(let s) = e else { throw .wrongType(path: "extensions[\(i)]", expected: "a string", found: e.typeName) }
                extensions.append(s)
            }
        }
        var signers: [String: [String]] = [:]
        if let object = try r.optionalObject("signers") {
            for member in object {
                guard case .array(let list) = member.value else {
                    throw .wrongType(path: "signers.\(member.key)", expected: "an array", found: member.value.typeName)
                }
                signers[member.key] = list.compactMap(\.stringValue)
            }
        }
        return SupportedResponse(kinds: kinds, extensions: extensions, signers: signers)
    }
}
