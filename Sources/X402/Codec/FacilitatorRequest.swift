import PaygentFoundation
/// The body of a facilitator `/verify` or `/settle` call.
///
/// Standard form: `{"x402Version":N,"paymentPayload":{…},"paymentRequirements":{…}}`.
/// Cronos form: `{"x402Version":1,"paymentHeader":"<base64>","paymentRequirements":{…v1 fields…}}`.
public struct FacilitatorRequest: Sendable, Hashable {
    /// The payment.
    public var payload: PaymentPayload
    /// What it must pay.
    public var requirements: PaymentRequirement
    /// Whether the body used the Cronos `paymentHeader` form (answers should use Cronos shapes).
    public var usesPaymentHeader: Bool

    public init(payload: PaymentPayload, requirements: PaymentRequirement, usesPaymentHeader: Bool? = nil) {
        self.payload = payload
        self.requirements = requirements
        self.usesPaymentHeader = usesPaymentHeader ?? (payload.dialect == .cronos)
    }

    /// The `x402Version` of the request.
    public var x402Version: Int { payload.x402Version }

    /// The wire body. Requirements are written in the payment's dialect (v1 shape for v1/Cronos).
    public func json() -> JSONValue {
        var members = [JSONMember("x402Version", .integer(x402Version))]
        if usesPaymentHeader {
            members.append(JSONMember("paymentHeader", .string(payload.headerValue())))
        } else {
            members.append(JSONMember("paymentPayload", payload.json()))
        }
        members.append(JSONMember("paymentRequirements", requirements.json(for: payload.dialect)))
        return .object(JSONObject(uncheckedMembers: members))
    }

    /// The wire body as bytes (compact JSON).
    public func body() -> [UInt8] { JSONWriter.encode(json()) }

    /// Decodes a request body. Errors carry the reason to answer with: malformed payments are
    /// `invalid_payload` (or the specific version/scheme/network/signature reason), malformed
    /// requirements `invalid_payment_requirements`.
    public static func decode(body: [UInt8], limits: JSONLimits = JSONLimits(maxBytes: 64 * 1024, maxDepth: 16)) throws(X402Error) -> FacilitatorRequest {
        let json: JSONValue
        do { json = try JSONParser.parse(body, limits: limits) } catch { throw .decode(.invalidJSON(error)) }
        let r: FieldReader
        do { r = try FieldReader(json, path: "") } catch { throw .decode(error) }

        let version: Int?
        do { version = r.optional("x402Version") == nil ? nil : try r.version() } catch { throw .decode(error) }

        let payload: PaymentPayload
        var usesHeader = false
        do throws(DecodeError) {
            if let header = r.optional("paymentHeader") {
                guard case .string(let text) = header else {
                    throw DecodeError.wrongType(path: "paymentHeader", expected: "a string", found: header.typeName)
                }
                payload = try PaymentPayload.decodeHeader(text)
                usesHeader = true
            } else {
                payload = try PaymentPayload.decode(try r.required("paymentPayload"), path: "paymentPayload")
            }
        } catch {
            throw .decode(error)
        }
        if let version, version != payload.x402Version {
            throw .decode(.mismatchedVersion(expected: version, found: payload.x402Version))
        }

        let requirements: PaymentRequirement
        do {
            let value = try r.required("paymentRequirements")
            requirements = payload.dialect == .v2
                ? try PaymentRequirement.decodeV2(value, resource: payload.resource, path: "paymentRequirements")
                : try PaymentRequirement.decodeV1(value, path: "paymentRequirements")
        } catch {
            throw error.asRequirementsError
        }
        return FacilitatorRequest(payload: payload, requirements: requirements, usesPaymentHeader: usesHeader)
    }
}
