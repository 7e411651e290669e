import Foundation
import X402Client
import Http
import PaygentAgents
import PaygentCore
import PaygentWire
import PaygentEVM
import X402

/// Agents through the server: `POST /api/v1/agent/execute`, `/agent/stream` and
/// `/payments/x402` run the agent runtime inside `paygent serve`, with the server's wallet, under
/// the same policy as every embedded run. A caller never holds a key.
///
/// A run that needs an approval pauses durably (its execution log and the approval request are in
/// the store): `execute` answers `awaiting_approval` with the request id at once and the run goes
/// on in the server when an operator decides (`POST /approvals/{id}/approve`), also after a
/// restart (``AgentRuntime/resumePendingRuns()``).
public struct AgentGateway: Sendable {
    /// Who calls: the authenticated token, and whether it may use sessions it does not own.
    public struct Caller: Sendable, Hashable {
        /// Owner recorded on the sessions it creates (`token:<id>`).
        public var userID: String
        /// Actor recorded on its events (`agent:<token name>`).
        public var actor: String
        /// Admins may run in and pay from any session; agents only in their own.
        public var mayUseAnySession: Bool

        /// Creates a caller.
        public init(userID: String, actor: String, mayUseAnySession: Bool) {
            self.userID = userID
            self.actor = actor
            self.mayUseAnySession = mayUseAnySession
        }
    }

    /// The control plane the runtime runs on.
    public let paygent: EmbeddedPaygent
    /// The runtime (with the server's wallet keys and planner).
    public let runtime: AgentRuntime
    /// The wallet new sessions pay from.
    public let wallet: Address
    /// Budget of a session created for a caller that names none, USD.
    public let defaultBudgetUSD: String

    /// Creates the gateway.
    public init(paygent: EmbeddedPaygent, runtime: AgentRuntime, wallet: Address, defaultBudgetUSD: String = "50.00") {
        self.paygent = paygent
        self.runtime = runtime
        self.wallet = wallet
        self.defaultBudgetUSD = defaultBudgetUSD
    }

    // MARK: execute

    /// Starts the command and returns when it finished or waits for an approval.
    public func execute(_ input: AgentExecuteInput, caller: Caller) async throws(PaygentError) -> AgentExecuteOutput {
        let handle = try await start(input, caller: caller)
        return AgentExecuteOutput(await handle.wait(stopAtApproval: true))
    }

    /// Validates the input, finds or creates the session, and starts the run.
    func start(_ input: AgentExecuteInput, caller: Caller) async throws(PaygentError) -> AgentRunHandle {
        let command = try Validate.text(input.command, field: "command", max: 10_000, required: true)
        let sessionID = try await session(input.sessionID, budget: input.budgetLimitUSD, name: "api agent", caller: caller)
        do {
            return try await runtime.start(command, sessionID: sessionID, options: RunOptions(waitForApprovals: false))
        } catch {
            throw Self.error(error, field: "command")
        }
    }

    /// The session a call runs in: the named one (owned by the caller unless it is an admin, and
    /// paying from the server's wallet), or a new one.
    func session(_ requested: String?, budget: USDAmount?, name: String, caller: Caller) async throws(PaygentError) -> String {
        if let requested {
            let id = try Validate.id(requested, field: "session_id")
            let session = try await paygent.session(id: id)
            guard caller.mayUseAnySession || session.userID == caller.userID else {
                throw PaygentError(.forbidden, "session \(id) belongs to another caller", field: "session_id")
            }
            guard session.walletAddress == wallet else {
                throw PaygentError.invalid("session_id", "session \(id) pays from \(session.walletAddress?.checksummed ?? "no wallet"), not from this server's wallet \(wallet.checksummed)")
            }
            return id
        }
        let request = CreateSessionRequest(userID: caller.userID, name: name, walletAddress: wallet.checksummed,
                                           budgetLimitUSD: budget?.description ?? defaultBudgetUSD)
        return try await paygent.createSession(request, by: caller.actor).id
    }

    // MARK: payments on behalf

    /// Pays `input.service_url` with x402 under policy and returns the service's answer.
    /// `purchaseKey` (the `Idempotency-Key`) makes a retry the same purchase: it never pays twice,
    /// and once its approval is granted the retry proceeds.
    public func pay(_ input: X402PayInput, caller: Caller, purchaseKey: String?) async throws(PaygentError) -> X402PayOutput {
        let url = try Validate.url(input.serviceURL, field: "service_url")
        let method: HTTPMethod
        switch (input.method ?? "GET").uppercased() {
        case "GET": method = .get
        case "POST": method = .post
        default: throw .invalid("method", "must be GET or POST")
        }
        var serviceID: String?
        if let given = input.serviceID {
            serviceID = try await paygent.service(id: Validate.id(given, field: "service_id")).id
        }
        let maxAmount = input.maxAmount?.description
        let currency = try Validate.text(input.token ?? "USDC", field: "token", max: 20, required: true)
        let sessionID = try await paymentSession(input.sessionID, caller: caller)
        let purchaseID = try Self.purchaseID(caller: caller, key: purchaseKey)
        var body: [UInt8] = []
        if let text = input.body {
            guard text.utf8.count <= 256 * 1024 else { throw .invalid("body", "at most 256 KiB") }
            body = Array(text.utf8)
        }
        let purchase = PurchaseOnBehalf(url: url, method: method, body: body, sessionID: sessionID, serviceID: serviceID,
                                        maxAmount: maxAmount, currency: currency, purchaseID: purchaseID)
        if let previous = try await X402PayOutput.alreadyPaid(purchase, paygent: paygent) { return previous }
        let result: X402PaymentResult
        do throws(AgentFailure) { result = try await runtime.purchase(purchase) } catch { throw Self.error(error, field: "service_url") }
        return try await X402PayOutput.make(result, purchase: purchase, paygent: paygent)
    }

    /// The session a payment on behalf is made in: the named one, else the caller's running
    /// payments session (one per caller, created on its first payment).
    func paymentSession(_ requested: String?, caller: Caller) async throws(PaygentError) -> String {
        if requested == nil {
            let running = try await paygent.sessions(SessionQuery(status: .running, userID: caller.userID, page: PageRequest(offset: 0, limit: 100)))
            if let existing = running.items.first(where: { $0.name == Self.paymentSessionName && $0.walletAddress == wallet }) {
                return existing.id
            }
        }
        return try await session(requested, budget: nil, name: Self.paymentSessionName, caller: caller)
    }

    /// Name of the session payments on behalf are made in.
    static let paymentSessionName = "api x402 payments"

    /// `api.<caller>.<key>` for a caller's idempotency key (stable: a retry is the same purchase),
    /// a fresh id otherwise.
    static func purchaseID(caller: Caller, key: String?) throws(PaygentError) -> String {
        guard let key else { return RandomIDGenerator().make("api") }
        guard !key.isEmpty, key.utf8.count <= 200 else { throw .invalid("Idempotency-Key", "must be 1…200 bytes") }
        let digest = Hex.encode(Keccak256.hash(Array((caller.userID + "\n" + key).utf8)), prefix: false)
        return "api." + digest.prefix(32)
    }

    /// A runtime failure as the API's error.
    static func error(_ failure: AgentFailure, field: String) -> PaygentError {
        switch failure.type {
        case .invalidArguments, .noWallet: PaygentError(.invalidInput, failure.message, field: field)
        case .notFound: PaygentError(.notFound, failure.message)
        case .policyDenied, .killed: PaygentError(.conflict, failure.message)
        case .leaseHeld: PaygentError(.conflict, failure.message)
        default: PaygentError(.internal, failure.message)
        }
    }
}
