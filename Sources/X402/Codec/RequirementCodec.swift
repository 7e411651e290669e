import PaygentEVM
import PaygentFoundation

extension PaymentRequirement {
    // MARK: Encoding

    /// The v1 wire object (`maxAmountRequired`, per-requirement `resource`), in the reference's
    /// field order: scheme, network, maxAmountRequired, resource, description, mimeType, payTo,
    /// maxTimeoutSeconds, asset, outputSchema?, extra?.
    public func jsonV1() -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("scheme", .string(scheme)),
            JSONMember("network", .string(network.identifier)),
            JSONMember("maxAmountRequired", .string(amount.description)),
            JSONMember("resource", .string(resource)),
            JSONMember("description", .string(description)),
            JSONMember("mimeType", .string(mimeType)),
            JSONMember("payTo", .string(payTo.checksummed)),
            JSONMember("maxTimeoutSeconds", .integer(maxTimeoutSeconds)),
            JSONMember("asset", .string(asset.checksummed)),
        ]
        if let outputSchema { members.append(JSONMember("outputSchema", outputSchema)) }
        if !extra.isEmpty { members.append(JSONMember("extra", .object(extra))) }
        return .object(JSONObject(uncheckedMembers: members))
    }

    /// The v2 wire object, in the reference's field order: scheme, network, asset, amount, payTo,
    /// maxTimeoutSeconds, extra.
    public func jsonV2() -> JSONValue {
        .object(JSONObject(uncheckedMembers: [
            JSONMember("scheme", .string(scheme)),
            JSONMember("network", .string(network.identifier)),
            JSONMember("asset", .string(asset.checksummed)),
            JSONMember("amount", .string(amount.description)),
            JSONMember("payTo", .string(payTo.checksummed)),
            JSONMember("maxTimeoutSeconds", .integer(maxTimeoutSeconds)),
            JSONMember("extra", .object(extra)),
        ]))
    }

    /// The wire object for `dialect` (v1 and Cronos share the v1 shape).
    public func json(for dialect: X402Dialect) -> JSONValue {
        dialect == .v2 ? jsonV2() : jsonV1()
    }

    // MARK: Decoding

    /// Decodes a v1 (or Cronos) requirement object. `resource`, `description`, `mimeType` and
    /// `maxTimeoutSeconds` may be absent (the Cronos facilitator's examples omit them); `extra`
    /// may be an object or a JSON-encoded string, as the reference accepts.
    public static func decodeV1(_ value: JSONValue, path: String = "") throws(DecodeError) -> PaymentRequirement {
        let r = try FieldReader(value, path: path)
        let scheme = try r.exactScheme()
        let network = try r.network()
        let amount = try r.uint256("maxAmountRequired")
        let resource = try r.optionalString("resource") ?? ""
        let description = try r.optionalString("description") ?? ""
        let mimeType = try r.optionalString("mimeType") ?? ""
        let payTo = try r.address("payTo")
        let timeout = try r.optional("maxTimeoutSeconds") == nil ? 60 : r.uint64("maxTimeoutSeconds")
        let asset = try r.address("asset")
        let outputSchema = r.optional("outputSchema")
        let extra = try decodeExtra(r)
        var requirement = PaymentRequirement(
            scheme: scheme, network: network, asset: asset, payTo: payTo, amount: amount,
            maxTimeoutSeconds: timeout, resource: resource, description: description, mimeType: mimeType,
            tokenName: nil, tokenVersion: nil, outputSchema: outputSchema
        )
        requirement.extra = extra
        return requirement
    }

    /// Decodes a v2 requirement object; `resource` supplies the URL, description and MIME type.
    public static func decodeV2(_ value: JSONValue, resource: ResourceInfo? = nil, path: String = "") throws(DecodeError) -> PaymentRequirement {
        let r = try FieldReader(value, path: path)
        let scheme = try r.evmScheme()
        let network = try r.network()
        let asset = try r.address("asset")
        let amount = try r.uint256("amount")
        let payTo = try r.address("payTo")
        let timeout = try r.uint64("maxTimeoutSeconds")
        let extra = try decodeExtra(r)
        var requirement = PaymentRequirement(
            scheme: scheme, network: network, asset: asset, payTo: payTo, amount: amount,
            maxTimeoutSeconds: timeout, resource: resource?.url ?? "", description: resource?.description ?? "",
            mimeType: resource?.mimeType ?? "", tokenName: nil, tokenVersion: nil
        )
        requirement.extra = extra
        return requirement
    }

    private static func decodeExtra(_ r: FieldReader) throws(DecodeError) -> JSONObject {
        guard let value = r.optional("extra") else { return [:] }
        switch value {
        case .object(let object):
            return object
        case .string(let text):
            // v1 servers sometimes send `extra` JSON-encoded; the reference decodes it.
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(text, limits: JSONLimits(maxBytes: 4096, maxDepth: 8)) } catch {
                throw .invalidValue(path: r.fieldPath("extra"), reason: "not a JSON object: \(error)")
            }
            guard case .object(let object) = parsed else {
                throw .wrongType(path: r.fieldPath("extra"), expected: "an object", found: parsed.typeName)
            }
            return object
        default:
            throw .wrongType(path: r.fieldPath("extra"), expected: "an object", found: value.typeName)
        }
    }
}

extension ResourceInfo {
    /// The v2 wire object: url, description?, mimeType?.
    public func json() -> JSONValue {
        var members = [JSONMember("url", .string(url))]
        if let description { members.append(JSONMember("description", .string(description))) }
        if let mimeType { members.append(JSONMember("mimeType", .string(mimeType))) }
        return .object(JSONObject(uncheckedMembers: members))
    }

    /// Decodes a v2 `resource` object.
    public static func decode(_ value: JSONValue, path: String = "resource") throws(DecodeError) -> ResourceInfo {
        let r = try FieldReader(value, path: path)
        return ResourceInfo(url: try r.string("url"), description: try r.optionalString("description"), mimeType: try r.optionalString("mimeType"))
    }
}
