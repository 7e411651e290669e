/// A machine-readable x402 failure reason, as carried in `invalidReason` / `errorReason`.
///
/// The constants are the exact strings of the reference implementation (Python `x402` 2.25.0,
/// `x402.mechanisms.evm.constants`) and of the x402 specification. Reasons are open-ended on the
/// wire (the Cronos facilitator sends free text), so any string can be wrapped.
public struct ReasonCode: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // MARK: Specification (x402 v1/v2 core)

    /// The payment is malformed (bad base64, bad JSON, missing or mistyped field).
    public static let invalidPayload: ReasonCode = "invalid_payload"
    /// The payment requirements are malformed or no requirement matches the payment.
    public static let invalidPaymentRequirements: ReasonCode = "invalid_payment_requirements"
    /// `x402Version` is missing or not 1/2.
    public static let invalidX402Version: ReasonCode = "invalid_x402_version"
    /// The scheme is not `exact`.
    public static let unsupportedScheme: ReasonCode = "unsupported_scheme"
    /// The scheme field is malformed.
    public static let invalidScheme: ReasonCode = "invalid_scheme"
    /// The network is unknown or not supported by this facilitator.
    public static let invalidNetwork: ReasonCode = "invalid_network"
    /// Spec v1 name for a payer without enough balance (the reference EVM mechanism says
    /// ``insufficientBalance``).
    public static let insufficientFunds: ReasonCode = "insufficient_funds"
    /// Spec v1 name for a value that differs from the required amount (the reference 2.25.0
    /// uses ``authorizationValueMismatch`` for v1 and v2 alike).
    public static let invalidAuthorizationValue: ReasonCode = "invalid_exact_evm_payload_authorization_value"
    public static let invalidTransactionState: ReasonCode = "invalid_transaction_state"
    public static let unexpectedVerifyError: ReasonCode = "unexpected_verify_error"
    public static let unexpectedSettleError: ReasonCode = "unexpected_settle_error"

    // MARK: Reference EVM "exact" mechanism (x402 2.25.0)

    public static let invalidSignature: ReasonCode = "invalid_exact_evm_payload_signature"
    public static let recipientMismatch: ReasonCode = "invalid_exact_evm_payload_recipient_mismatch"
    public static let authorizationValueMismatch: ReasonCode = "invalid_exact_evm_payload_authorization_value_mismatch"
    /// `validBefore` is in the past or less than 6 seconds away.
    public static let validBeforeExpired: ReasonCode = "invalid_exact_evm_payload_authorization_valid_before"
    /// `validAfter` is in the future.
    public static let validAfterInFuture: ReasonCode = "invalid_exact_evm_payload_authorization_valid_after"
    public static let nonceAlreadyUsed: ReasonCode = "invalid_exact_evm_nonce_already_used"
    public static let insufficientBalance: ReasonCode = "invalid_exact_evm_insufficient_balance"
    public static let missingEIP712Domain: ReasonCode = "missing_eip712_domain"
    public static let networkMismatch: ReasonCode = "network_mismatch"
    public static let failedToGetNetworkConfig: ReasonCode = "invalid_exact_evm_failed_to_get_network_config"
    public static let failedToVerifySignature: ReasonCode = "invalid_exact_evm_failed_to_verify_signature"
    public static let tokenNameMismatch: ReasonCode = "invalid_exact_evm_token_name_mismatch"
    public static let tokenVersionMismatch: ReasonCode = "invalid_exact_evm_token_version_mismatch"
    public static let assetNotDeployedContract: ReasonCode = "asset_not_deployed_contract"
    public static let transactionFailed: ReasonCode = "transaction_failed"
    public static let transactionSimulationFailed: ReasonCode = "invalid_exact_evm_transaction_simulation_failed"
    public static let settlementPending: ReasonCode = "settlement_pending"

    // MARK: Reference EVM Permit2 (`exact` with assetTransferMethod permit2, and `upto`)

    /// The permit's spender is not the x402 Permit2 proxy of the scheme.
    public static let permit2InvalidSpender: ReasonCode = "invalid_permit2_spender"
    /// The witness's `to` is not the requirement's `payTo`.
    public static let permit2RecipientMismatch: ReasonCode = "invalid_permit2_recipient_mismatch"
    /// The deadline is in the past or less than 6 seconds away.
    public static let permit2DeadlineExpired: ReasonCode = "permit2_deadline_expired"
    /// The witness's `validAfter` is in the future.
    public static let permit2NotYetValid: ReasonCode = "permit2_not_yet_valid"
    /// `exact`: the permitted amount differs from the required amount.
    public static let permit2AmountMismatch: ReasonCode = "permit2_amount_mismatch"
    /// The permitted token is not the requirement's asset.
    public static let permit2TokenMismatch: ReasonCode = "permit2_token_mismatch"
    /// The signature does not recover to the permit's owner.
    public static let permit2InvalidSignature: ReasonCode = "invalid_permit2_signature"
    /// The owner has not approved the Permit2 contract for at least the amount.
    public static let permit2AllowanceRequired: ReasonCode = "permit2_allowance_required"
    /// The Permit2 nonce was already used by this owner.
    public static let permit2InvalidNonce: ReasonCode = "permit2_invalid_nonce"
    /// A numeric field of the permit is not a number.
    public static let permit2InvalidPayloadFormat: ReasonCode = "invalid_permit2_payload_format"

    // MARK: Reference EVM "upto" mechanism

    /// The amount to settle exceeds the signed maximum.
    public static let uptoSettlementExceedsAmount: ReasonCode = "invalid_upto_evm_payload_settlement_exceeds_amount"
    /// The witness names another facilitator than the one settling.
    public static let uptoFacilitatorMismatch: ReasonCode = "upto_facilitator_mismatch"
    /// `upto`: payment and requirements are not both `upto`.
    public static let uptoInvalidScheme: ReasonCode = "invalid_upto_evm_scheme"
    /// `upto`: payment and requirements name different networks.
    public static let uptoNetworkMismatch: ReasonCode = "invalid_upto_evm_network_mismatch"
    /// The payload's shape does not fit the scheme (an `upto` payment that is not an upto permit).
    public static let unsupportedPayloadType: ReasonCode = "unsupported_payload_type"
    /// The upto requirement has no `extra.facilitatorAddress` (client side: nothing can be signed).
    public static let uptoFacilitatorMissing: ReasonCode = "upto_facilitator_missing"

    /// Whether this reason means the authorisation can never settle (as opposed to a transient
    /// failure such as ``settlementPending`` or an unexpected error).
    public var isPermanent: Bool {
        switch self {
        case .settlementPending, .unexpectedSettleError, .unexpectedVerifyError: false
        default: true
        }
    }
}
