import PaygentFoundation
extension PaymentRequired {
    /// The `error` text the reference v1 server sends when no payment was attached.
    public static let v1MissingPaymentError = "X-PAYMENT header is required"
    /// The `error` text the reference v2 server sends when no payment was attached.
    public static let v2MissingPaymentError = "Payment required"

    // MARK: Encoding

    /// The v2 object for the `PAYMENT-REQUIRED` header (networks in CAIP-2), field order
    /// x402Version, error?, resource?, accepts, extensions?.
    public func jsonV2() -> JSONValue {
        var members = [JSONMember("x402Version", .integer(2))]
        if let error { members.append(JSONMember("error", .string(error))) }
        if let resource = resource ?? accepts.first?.resourceInfo {
            members.append(JSONMember("resource", resource.json()))
        }
        members.append(JSONMember("accepts", .array(accepts.map { $0.spelled(forVersion: 2).jsonV2() })))
        if let extensions { members.append(JSONMember("extensions", .object(extensions))) }
        return .object(JSONObject(uncheckedMembers: members))
    }

    /// The `PAYMENT-REQUIRED` header value.
    public func v2HeaderValue() -> String { HeaderCodec.encode(jsonV2()) }

    /// The v1 402 body `{"x402Version":1,"error","accepts":[…]}` (networks in legacy spelling). With
    /// `includeCronos`, also the singular `paymentRequirements` (the first option) that Cronos
    /// clients read. `errorReason` adds a machine-readable reason after a failed payment.
    public func jsonV1(includeCronos: Bool = true, errorReason: ReasonCode? = nil) -> JSONValue {
        let v1 = accepts.map { $0.spelled(forVersion: 1).jsonV1() }
        var members = [
            JSONMember("x402Version", .integer(1)),
            JSONMember("error", .string(error ?? Self.v1MissingPaymentError)),
        ]
        if let errorReason { members.append(JSONMember("errorReason", .string(errorReason.rawValue))) }
        members.append(JSONMember("accepts", .array(v1)))
        if includeCronos, let first = v1.first { members.append(JSONMember("paymentRequirements", first)) }
        return .object(JSONObject(uncheckedMembers: members))
    }

    // MARK: Decoding

    /// Decodes the payment requirements of a 402 response in any dialect: the v2
    /// `PAYMENT-REQUIRED` header when present, else a v1 `accepts[]` body, else a Cronos
    /// `paymentRequirements` body. Options that cannot be used land in ``unsupported``.
    public static func decode(headerValue: String?, body: [UInt8], limits: HeaderLimits = .default) throws(DecodeError) -> PaymentRequired {
        if let headerValue, !headerValue.isEmpty {
            return try decodeV2(try HeaderCodec.decodeJSON(headerValue, limits: limits))
        }
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch { throw .invalidJSON(error) }
        return try decodeBody(json)
    }

    /// Decodes a v1 or Cronos 402 body (a body holding a v2 object is also accepted).
    public static func decodeBody(_ json: JSONValue) throws(DecodeError) -> PaymentRequired {
        let r = try FieldReader(json, path: "")
        if r.optional("x402Version") != nil, try r.version() == 2 { return try decodeV2(json) }
        if r.optional("accepts") != nil {
            if r.optional("x402Version") != nil {
                let version = try r.version()
                guard version == 1 else { throw .unsupportedVersion(found: String(version)) }
            }
            let (accepts, unsupported) = decodeEach(try r.array("accepts"), path: "accepts") { v, p throws(DecodeError) in
                try PaymentRequirement.decodeV1(v, path: p)
            }
            return PaymentRequired(
                dialect: .v1, error: try r.optionalString("error"), resource: accepts.first?.resourceInfo,
                accepts: accepts, unsupported: unsupported
            )
        }
        if let single = r.optional("paymentRequirements") {
            let (accepts, unsupported) = decodeEach([single], path: "paymentRequirements") { v, _ throws(DecodeError) in
                try PaymentRequirement.decodeV1(v, path: "paymentRequirements")
            }
            return PaymentRequired(
                dialect: .cronos, error: try r.optionalString("error"), resource: accepts.first?.resourceInfo,
                accepts: accepts, unsupported: unsupported
            )
        }
        throw .noPaymentRequirements
    }

    /// Decodes a v2 PaymentRequired object (the decoded `PAYMENT-REQUIRED` header).
    public static func decodeV2(_ json: JSONValue) throws(DecodeError) -> PaymentRequired {
        let r = try FieldReader(json, path: "")
        let version = try r.version()
        guard version == 2 else { throw .mismatchedVersion(expected: 2, found: version) }
        let resource = try r.optional("resource").map { v throws(DecodeError) in try ResourceInfo.decode(v) }
        let (accepts, unsupported) = decodeEach(try r.array("accepts"), path: "accepts") { v, p throws(DecodeError) in
            try PaymentRequirement.decodeV2(v, resource: resource, path: p)
        }
        return PaymentRequired(
            dialect: .v2, error: try r.optionalString("error"), resource: resource, accepts: accepts,
            unsupported: unsupported, extensions: try r.optionalObject("extensions")
        )
    }

    private static func decodeEach(
        _ values: [JSONValue], path: String,
        _ decodeOne: (JSONValue, String) throws(DecodeError) -> PaymentRequirement
    ) -> ([PaymentRequirement], [UnsupportedRequirement]) {
        var accepts: [PaymentRequirement] = []
        var unsupported: [UnsupportedRequirement] = []
        for (i, value) in values.enumerated() {
            do {
                accepts.append(try decodeOne(value, "\(path)[\(i)]"))
            } catch {
                unsupported.append(UnsupportedRequirement(raw: value, error: error))
            }
        }
        return (accepts, unsupported)
    }
}
