import PaygentFoundation
/// Who is paying and why, beyond what the x402 intent says.
public struct PaymentContext: Sendable, Hashable {
    /// The session paying; nil for a wallet-level payment outside any session.
    public var sessionID: String?
    /// The registry service being paid, when the caller knows it (otherwise looked up by URL).
    public var serviceID: String?
    /// Tool shown in an approval request (`x402_fetch`).
    public var toolName: String
    /// Tool arguments shown in an approval request (default `{"url": resource}`).
    public var toolArgs: JSONValue?
    /// Actor recorded in events (default `agent:<session id>`, or `payer`).
    public var actor: String?

    /// Creates a context.
    public init(sessionID: String? = nil, serviceID: String? = nil, toolName: String = "x402_fetch",
                toolArgs: JSONValue? = nil, actor: String? = nil) {
        self.sessionID = sessionID
        self.serviceID = serviceID
        self.toolName = toolName
        self.toolArgs = toolArgs
        self.actor = actor
    }

    var eventActor: String { actor ?? sessionID.map { "agent:\($0)" } ?? "payer" }
}
