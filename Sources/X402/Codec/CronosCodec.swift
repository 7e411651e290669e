import PaygentEVM
import PaygentFoundation

/// The Cronos facilitator's response shapes and its free-text reasons.
///
/// Verify answers `{"isValid":bool,"invalidReason":text|null}`; settle answers
/// `{"x402Version":1,"event":"payment.settled","txHash","from","to","value","blockNumber","network","timestamp"}`
/// or `{"x402Version":1,"event":"payment.failed","network","timestamp","error"}`.
public enum CronosCodec {
    /// Free-text fragments of the Cronos facilitator and the reason codes they mean, checked in order.
    static let freeTextReasons: [(fragment: String, reason: ReasonCode)] = [
        ("already used", .nonceAlreadyUsed),
        ("authorization is used", .nonceAlreadyUsed),
        ("expired", .validBeforeExpired),
        ("not yet valid", .validAfterInFuture),
        ("exceeds balance", .insufficientBalance),
        ("insufficient", .insufficientBalance),
        ("signature", .invalidSignature),
        ("recipient", .recipientMismatch),
        ("invalid amount", .authorizationValueMismatch),
        ("unsupported network", .invalidNetwork),
        ("unsupported scheme", .unsupportedScheme),
        ("unsupported asset", .invalidPaymentRequirements),
        ("base64", .invalidPayload),
        ("paymentheader", .invalidPayload),
    ]

    /// Whether `text` is already a reason code (lower-case snake case) rather than free text.
    public static func looksLikeReasonCode(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f }
    }

    /// Maps a Cronos free-text reason to the closest reason code (`unexpected_verify_error` if none fits).
    public static func reasonCode(forFreeText text: String) -> ReasonCode {
        if looksLikeReasonCode(text) { return ReasonCode(text) }
        let lower = text.lowercased()
        for entry in freeTextReasons where lower.contains(entry.fragment) { return entry.reason }
        return .unexpectedVerifyError
    }

    /// The Cronos-style free text for a reason code (what our facilitator's Cronos routes answer).
    public static func freeText(for reason: ReasonCode) -> String {
        switch reason {
        case .nonceAlreadyUsed: "Authorization already used"
        case .validBeforeExpired: "Authorization expired"
        case .validAfterInFuture: "Authorization not yet valid"
        case .insufficientBalance, .insufficientFunds: "ERC20: transfer amount exceeds balance"
        case .invalidSignature: "Invalid EIP-3009 signature"
        case .recipientMismatch: "Recipient does not match payTo address"
        case .authorizationValueMismatch, .invalidAuthorizationValue: "Invalid amount"
        case .invalidNetwork, .networkMismatch: "Unsupported network"
        case .unsupportedScheme: "Unsupported scheme"
        case .invalidPayload: "Invalid Base64 paymentHeader"
        default: reason.rawValue
        }
    }

    /// The Cronos `/verify` body: `invalidReason` is always present (`null` when valid).
    public static func verifyJSON(_ response: VerifyResponse) -> JSONValue {
        .object(JSONObject(uncheckedMembers: [
            JSONMember("isValid", .bool(response.isValid)),
            JSONMember("invalidReason", response.isValid ? .null : .string(freeText(for: response.invalidReason ?? .unexpectedVerifyError))),
        ]))
    }

    /// The Cronos `/settle` body for `response`, about `payload`.
    /// - Parameters:
    ///   - timestamp: ISO-8601 time of settlement (`2025-11-04T20:19:11.000Z`).
    ///   - blockNumber: the block the devnet assigned.
    public static func settleJSON(_ response: SettleResponse, payload: PaymentPayload?, timestamp: String, blockNumber: UInt64) -> JSONValue {
        if response.success {
            let a = payload?.exact.authorization
            return .object(JSONObject(uncheckedMembers: [
                JSONMember("x402Version", .integer(1)),
                JSONMember("event", .string("payment.settled")),
                JSONMember("txHash", .string(response.transaction)),
                JSONMember("from", .string(a?.from.checksummed ?? response.payer?.checksummed ?? "")),
                JSONMember("to", .string(a?.to.checksummed ?? "")),
                JSONMember("value", .string(a?.value.description ?? response.amount?.description ?? "")),
                JSONMember("blockNumber", .integer(blockNumber)),
                JSONMember("network", .string(response.network)),
                JSONMember("timestamp", .string(timestamp)),
            ]))
        }
        return .object(JSONObject(uncheckedMembers: [
            JSONMember("x402Version", .integer(1)),
            JSONMember("event", .string("payment.failed")),
            JSONMember("network", .string(response.network)),
            JSONMember("timestamp", .string(timestamp)),
            JSONMember("error", .string(freeText(for: response.errorReason ?? .unexpectedSettleError))),
        ]))
    }

    /// Decodes a Cronos settle body into a ``SettleResponse`` (the free-text `error` is mapped to a
    /// reason code and kept as ``SettleResponse/errorMessage``).
    public static func decodeSettle(_ value: JSONValue) throws(DecodeError) -> SettleResponse {
        let r = try FieldReader(value, path: "")
        let event = try r.string("event")
        let network = try r.optionalString("network") ?? ""
        switch event {
        case "payment.settled":
            let payer: Address? = try r.optional("from") == nil ? nil : r.address("from")
            let amount: UInt256? = try r.optional("value") == nil ? nil : r.uint256("value")
            return SettleResponse(success: true, payer: payer, transaction: try r.string("txHash"), network: network, amount: amount)
        case "payment.failed":
            let text = try r.optionalString("error") ?? "payment failed"
            var reason = reasonCode(forFreeText: text)
            if reason == .unexpectedVerifyError { reason = .unexpectedSettleError }
            return SettleResponse.failure(reason, message: text, network: network)
        default:
            throw .invalidValue(path: "event", reason: "unknown settle event \(String(reflecting: String(event.prefix(40))))")
        }
    }

    /// Formats unix seconds as the Cronos facilitator's ISO-8601 timestamp (`2025-11-04T20:19:11.000Z`).
    public static func timestamp(unixSeconds: UInt64) -> String {
        let days = Int64(unixSeconds / 86400)
        let secondsOfDay = Int(unixSeconds % 86400)
        let (year, month, day) = CivilDate.fromDays(days)
        func pad(_ v: some BinaryInteger, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2)).000Z"
    }
}
