import PaygentCore

/// `POST /api/v1/wallet/transfer` body: `{recipient, amount, token?, session_id?}` as the prototype
/// sent it. `amount` is whole tokens (`"5"`, `"0.25"`), a decimal string or a JSON number read
/// from its exact text (never a `Double`); `token` a symbol (`USDC`) or the token's 0x address.
public struct WalletTransferInput: Sendable, Hashable, Codable {
    /// The 0x address the tokens go to.
    public var recipient: String
    /// Whole tokens, exact decimal text.
    public var amount: String
    /// Symbol or 0x address of the token (default USDC).
    public var token: String?
    /// Session the transfer is made in (default: the caller's payments session).
    public var sessionID: String?

    /// Creates a body.
    public init(recipient: String, amount: String, token: String? = nil, sessionID: String? = nil) {
        self.recipient = recipient
        self.amount = amount
        self.token = token
        self.sessionID = sessionID
    }

    enum CodingKeys: String, CodingKey {
        case recipient, amount, token
        case sessionID = "session_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recipient = try container.decode(String.self, forKey: .recipient)
        guard let amount = try container.decodeFlexibleDecimal(forKey: .amount) else {
            throw DecodingError.keyNotFound(CodingKeys.amount, .init(codingPath: container.codingPath, debugDescription: "amount is required"))
        }
        self.amount = amount
        token = try container.decodeIfPresent(String.self, forKey: .token)
        sessionID = try container.decodeIfPresent(String.self, forKey: .sessionID)
    }
}
