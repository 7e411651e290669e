import PaygentCore
import PaygentFoundation
import X402

/// One direct transfer made for a caller outside the runtime (`POST /api/v1/wallet/transfer`):
/// the same payment gateway, policy (hold, approval threshold, budgets) and durable ledger as an
/// agent's `transfer` step, in a session of the caller's, with the runtime's wallet keys.
public struct TransferOnBehalf: Sendable {
    /// What to transfer (checked).
    public var order: TransferOrder
    /// Session the transfer is made in (its wallet pays, its budget and policy apply).
    public var sessionID: String
    /// Stable id of this transfer: the same id never pays twice, and an approval granted for it
    /// lets a retry with the same id proceed.
    public var purchaseID: String

    /// Creates a transfer.
    public init(order: TransferOrder, sessionID: String, purchaseID: String) {
        self.order = order
        self.sessionID = sessionID
        self.purchaseID = purchaseID
    }
}

extension AgentRuntime {
    /// Makes `transfer` under the session's policy. Nothing is signed unless the policy allows it;
    /// one above the approval threshold returns `.approvalRequired` with the request recorded
    /// (make it again with the same purchase id once it is approved).
    public func transfer(_ transfer: TransferOnBehalf) async throws(AgentFailure) -> PaymentGateway.TransferResult {
        let (session, settings, gateway) = try await onBehalf(sessionID: transfer.sessionID)
        let order = transfer.order
        return try await gateway.transfer(
            amount: order.amount, token: order.token, to: order.recipient, purchaseID: transfer.purchaseID, session: session,
            toolArgs: order.toolArgs, limits: PaymentGateway.Limits(), priceTable: settings.priceTable)
    }
}
