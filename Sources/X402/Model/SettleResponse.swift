import PaygentEVM

/// A facilitator's answer to `/settle`, also the content of `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE`.
public struct SettleResponse: Sendable, Hashable, CustomStringConvertible {
    public var success: Bool
    /// Machine-readable reason on failure.
    public var errorReason: ReasonCode?
    /// Human-readable detail on failure.
    public var errorMessage: String?
    /// The payer, when known.
    public var payer: Address?
    /// Transaction hash (`""` when nothing was sent).
    public var transaction: String
    /// Network the settlement happened on, as written.
    public var network: String
    /// Settled amount in base units, when the facilitator reports it.
    public var amount: UInt256?

    public init(
        success: Bool, errorReason: ReasonCode? = nil, errorMessage: String? = nil, payer: Address? = nil,
        transaction: String, network: String, amount: UInt256? = nil
    ) {
        self.success = success
        self.errorReason = errorReason
        self.errorMessage = errorMessage
        self.payer = payer
        self.transaction = transaction
        self.network = network
        self.amount = amount
    }

    /// A failed settlement (no transaction).
    public static func failure(
        _ reason: ReasonCode, message: String? = nil, payer: Address? = nil, network: String
    ) -> SettleResponse {
        SettleResponse(success: false, errorReason: reason, errorMessage: message, payer: payer, transaction: "", network: network)
    }

    public var description: String {
        success ? "settled \(transaction) on \(network)"
            : "settlement failed: \(errorReason?.rawValue ?? "unknown")" + (errorMessage.map { " (\($0))" } ?? "")
    }
}
