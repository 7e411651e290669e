import PaygentFoundation
/// HTTP header names of the x402 transports.
public enum X402Header {
    /// v1 request header carrying the payment (`X-PAYMENT`).
    public static let xPayment = "X-PAYMENT"
    /// v1 response header carrying the settlement (`X-PAYMENT-RESPONSE`).
    public static let xPaymentResponse = "X-PAYMENT-RESPONSE"
    /// v2 402 response header carrying the requirements (`PAYMENT-REQUIRED`).
    public static let paymentRequired = "PAYMENT-REQUIRED"
    /// v2 request header carrying the payment (`PAYMENT-SIGNATURE`).
    public static let paymentSignature = "PAYMENT-SIGNATURE"
    /// v2 response header carrying the settlement (`PAYMENT-RESPONSE`).
    public static let paymentResponse = "PAYMENT-RESPONSE"
    /// Version header the Cronos facilitator expects (`X402-Version: 1`).
    public static let cronosVersion = "X402-Version"

    /// The request header that carries a payment in `dialect`.
    public static func payment(for dialect: X402Dialect) -> String {
        dialect == .v2 ? paymentSignature : xPayment
    }

    /// The response header that carries a settlement in `dialect`.
    public static func settlement(for dialect: X402Dialect) -> String {
        dialect == .v2 ? paymentResponse : xPaymentResponse
    }
}

/// Bounds for decoding untrusted x402 headers.
public struct HeaderLimits: Sendable, Hashable {
    /// Longest accepted header value (base64 text), in bytes. Default 8 KiB.
    public var maxHeaderLength: Int
    /// Limits for the JSON inside.
    public var json: JSONLimits

    public init(maxHeaderLength: Int = 8192, json: JSONLimits = JSONLimits(maxBytes: 8192, maxDepth: 16, maxNumberLength: 100)) {
        self.maxHeaderLength = maxHeaderLength
        self.json = json
    }

    public static let `default` = HeaderLimits()
}

/// base64(JSON) header encoding shared by every x402 header.
public enum HeaderCodec {
    /// Decodes a header value into JSON, enforcing `limits`.
    public static func decodeJSON(_ value: String, limits: HeaderLimits = .default) throws(DecodeError) -> JSONValue {
        let utf8 = value.utf8
        guard utf8.count <= limits.maxHeaderLength else {
            throw .headerTooLarge(length: utf8.count, limit: limits.maxHeaderLength)
        }
        // Surrounding whitespace is HTTP's, not the value's.
        var bytes = Array(utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        if start > 0 { bytes.removeFirst(start) }
        guard !bytes.isEmpty else { throw .emptyHeader }
        let decoded: [UInt8]
        do { decoded = try Base64.decode(utf8: bytes) } catch { throw .invalidBase64(error) }
        do { return try JSONParser.parse(decoded, limits: limits.json) } catch { throw .invalidJSON(error) }
    }

    /// Encodes JSON as a header value.
    public static func encode(_ value: JSONValue, style: JSONWriter.Style = .compact) -> String {
        Base64.encode(JSONWriter.encode(value, style: style))
    }
}
