import PaygentCore
import PaygentFoundation

/// `POST /api/v1/payments/x402` body: `{service_url, max_amount?, token?, service_id?, session_id?,
/// method?, body?}` (`amount` is accepted for `max_amount`, as the prototype named it).
public struct X402PayInput: Sendable, Hashable, Codable {
    public var serviceURL: String
    /// Most this call may pay, whole tokens (number or string).
    public var maxAmount: USDAmount?
    /// Currency of the ceiling (default USDC).
    public var token: String?
    public var serviceID: String?
    public var sessionID: String?
    /// GET (default) or POST.
    public var method: String?
    /// Request body for POST (text).
    public var body: String?

    /// Creates an input.
    public init(serviceURL: String, maxAmount: USDAmount? = nil, token: String? = nil, serviceID: String? = nil,
                sessionID: String? = nil, method: String? = nil, body: String? = nil) {
        self.serviceURL = serviceURL
        self.maxAmount = maxAmount
        self.token = token
        self.serviceID = serviceID
        self.sessionID = sessionID
        self.method = method
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case serviceURL = "service_url"
        case maxAmount = "max_amount"
        case amount, token
        case serviceID = "service_id"
        case sessionID = "session_id"
        case method, body
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        serviceURL = try container.decode(String.self, forKey: .serviceURL)
        maxAmount = try container.decodeIfPresent(USDAmount.self, forKey: .maxAmount)
            ?? container.decodeIfPresent(USDAmount.self, forKey: .amount)
        token = try container.decodeIfPresent(String.self, forKey: .token)
        serviceID = try container.decodeIfPresent(String.self, forKey: .serviceID)
        sessionID = try container.decodeIfPresent(String.self, forKey: .sessionID)
        method = try container.decodeIfPresent(String.self, forKey: .method)
        body = try container.decodeIfPresent(String.self, forKey: .body)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(serviceURL, forKey: .serviceURL)
        try container.encodeIfPresent(maxAmount, forKey: .maxAmount)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encodeIfPresent(serviceID, forKey: .serviceID)
        try container.encodeIfPresent(sessionID, forKey: .sessionID)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encodeIfPresent(body, forKey: .body)
    }
}
