import X402
import PaygentFoundation
/// One payment option of a 402 response, as the payer sees it: the decoded requirement, the
/// exact JSON the server sent (echoed back as v2 `accepted`, so string comparisons on the
/// server side match byte for byte), and the dialect to answer in.
public struct PaymentOffer: Sendable, Hashable {
    /// The decoded requirement.
    public var requirement: PaymentRequirement
    /// The requirement object exactly as the server wrote it.
    public var raw: JSONValue
    /// The dialect of the 402 it came from; the payment is written in the same one.
    public var dialect: X402Dialect
    /// Position in the server's list (ties in price keep the server's order).
    public var index: Int

    /// Creates an offer.
    public init(requirement: PaymentRequirement, raw: JSONValue, dialect: X402Dialect, index: Int) {
        self.requirement = requirement
        self.raw = raw
        self.dialect = dialect
        self.index = index
    }
}

/// A decoded 402 response: the normalised ``PaymentRequired`` plus each usable option with its
/// raw JSON.
public struct PaymentChallenge: Sendable, Hashable {
    /// The normalised content.
    public var paymentRequired: PaymentRequired
    /// The usable options in the server's order.
    public var offers: [PaymentOffer]
    /// The v2 `resource` object exactly as sent, if any.
    public var rawResource: JSONValue?
    /// The v2 `extensions` object exactly as sent, if any.
    public var rawExtensions: JSONObject?

    /// Creates a challenge from its parts.
    public init(paymentRequired: PaymentRequired, offers: [PaymentOffer], rawResource: JSONValue? = nil, rawExtensions: JSONObject? = nil) {
        self.paymentRequired = paymentRequired
        self.offers = offers
        self.rawResource = rawResource
        self.rawExtensions = rawExtensions
    }

    /// The dialect of the challenge (v2 when a `PAYMENT-REQUIRED` header was used).
    public var dialect: X402Dialect { paymentRequired.dialect }

    /// Decodes a 402 response in any of the three forms, preferring the v2 `PAYMENT-REQUIRED`
    /// header. When the header is malformed but the body holds v1 or Cronos requirements, the
    /// body is used; otherwise the header's error is reported.
    public static func decode(headerValue: String?, body: [UInt8], limits: HeaderLimits = .default) throws(DecodeError) -> PaymentChallenge {
        var headerError: DecodeError?
        if let headerValue, !headerValue.isEmpty {
            do {
                return try decodeV2(try HeaderCodec.decodeJSON(headerValue, limits: limits))
            } catch {
                headerError = error
            }
        }
        do throws(DecodeError) {
            let json: JSONValue
            do { json = try JSONParser.parse(body, limits: JSONLimits(maxBytes: 256 * 1024, maxDepth: 32)) } catch { throw DecodeError.invalidJSON(error) }
            return try decodeBody(json)
        } catch {
            throw headerError ?? error
        }
    }

    /// Decodes a decoded `PAYMENT-REQUIRED` object.
    public static func decodeV2(_ json: JSONValue) throws(DecodeError) -> PaymentChallenge {
        let required = try PaymentRequired.decodeV2(json)
        let object = json.objectValue ?? [:]
        let rawAccepts = object["accepts"]?.arrayValue ?? []
        var offers: [PaymentOffer] = []
        for (i, raw) in rawAccepts.enumerated() {
            guard let requirement = try? PaymentRequirement.decodeV2(raw, resource: required.resource) else { continue }
            offers.append(PaymentOffer(requirement: requirement, raw: raw, dialect: .v2, index: i))
        }
        let resource = object["resource"].flatMap { $0.isNull ? nil : $0 }
        return PaymentChallenge(paymentRequired: required, offers: offers, rawResource: resource, rawExtensions: object["extensions"]?.objectValue)
    }

    /// Decodes a v1 (`accepts[]`) or Cronos (`paymentRequirements`) 402 body.
    public static func decodeBody(_ json: JSONValue) throws(DecodeError) -> PaymentChallenge {
        let required = try PaymentRequired.decodeBody(json)
        if required.dialect == .v2 { return try decodeV2(json) }
        let object = json.objectValue ?? [:]
        let raws: [JSONValue] = required.dialect == .cronos
            ? [object["paymentRequirements"] ?? .null]
            : (object["accepts"]?.arrayValue ?? [])
        var offers: [PaymentOffer] = []
        for (i, raw) in raws.enumerated() {
            guard let requirement = try? PaymentRequirement.decodeV1(raw) else { continue }
            offers.append(PaymentOffer(requirement: requirement, raw: raw, dialect: required.dialect, index: i))
        }
        return PaymentChallenge(paymentRequired: required, offers: offers)
    }
}
