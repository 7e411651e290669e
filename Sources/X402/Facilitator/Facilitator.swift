/// Something that verifies and settles x402 payments: the in-process ``LocalFacilitator`` or a
/// client of a remote facilitator service.
///
/// `verify` and `settle` answer payment problems in the returned value (`isValid: false`,
/// `success: false` with a ``ReasonCode``); they throw only when the facilitator itself could not
/// be consulted (transport failure, nonsense reply).
public protocol Facilitator: Sendable {
    /// Checks `payload` against `requirements` without moving money.
    func verify(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> VerifyResponse
    /// Verifies again and, if valid, executes the transfer.
    func settle(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> SettleResponse
    /// The payment kinds this facilitator handles.
    func supported() async throws -> SupportedResponse
}
