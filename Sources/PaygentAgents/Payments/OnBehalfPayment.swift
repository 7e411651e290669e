import PaygentCore
import PaygentFoundation

extension AgentRuntime {
    /// What a payment made on a caller's behalf (``PurchaseOnBehalf``, ``TransferOnBehalf``) runs
    /// with: its session (which must be running or waiting for an approval), the current policy
    /// settings, and a payment gateway with the runtime's wallets and facilitator.
    func onBehalf(sessionID: String) async throws(AgentFailure) -> (session: AgentSession, settings: PolicySettings, gateway: PaymentGateway) {
        let session = try await recorder.session(sessionID)
        switch session.status {
        case .running, .awaitingApproval: break
        case .paused: throw AgentFailure(.policyDenied, "session \(session.id) is paused")
        case .killed, .completed, .failed:
            throw AgentFailure(.invalidArguments, "session \(session.id) is \(session.status.rawValue); start a new session")
        }
        let settings: PolicySettings
        do { settings = try await paygent.policy() } catch { throw AgentFailure(.internal, errorMessage(error)) }
        let gateway = PaymentGateway(paygent: paygent, wallets: wallets, facilitator: facilitator, configuration: configuration,
                                     pendingPayments: pendingPayments, cancellation: RunCancellation())
        return (session, settings, gateway)
    }
}
