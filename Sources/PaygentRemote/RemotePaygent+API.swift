import Http
import PaygentCore
import PaygentEVM
import PaygentFoundation
import PaygentWire

/// The REST half of ``PaygentAPI``: one route of `/api/v1` per method (../shared/design/API.md).
extension RemotePaygent {
    static let api = PaygentWire.apiPrefix

    // MARK: Overview and global control

    public func overview() async throws(PaygentError) -> Overview {
        try await call(Overview.self, .get, Self.api + "/overview")
    }

    public func controlState() async throws(PaygentError) -> ControlState {
        try await call(ControlState.self, .get, Self.api + "/control")
    }

    public func pauseAll(reason: String?, by actor: String) async throws(PaygentError) -> ControlState {
        try await call(ControlState.self, .post, Self.api + "/control/pause", body: try body(ReasonBody(reason: reason)))
    }

    public func resumeAll(by actor: String) async throws(PaygentError) -> ControlState {
        try await call(ControlState.self, .post, Self.api + "/control/resume", body: [])
    }

    public func policy() async throws(PaygentError) -> PolicySettings {
        try await call(PolicySettings.self, .get, Self.api + "/policy")
    }

    /// `PUT /policy` is a partial update, so every member is sent — an absent limit as `null`, so
    /// that removing a limit removes it on the server too.
    public func updatePolicy(_ settings: PolicySettings, by actor: String) async throws(PaygentError) -> PolicySettings {
        var members = JSONObject()
        do {
            members = try JSONParser.parse(try body(settings), limits: JSONLimits(maxBytes: 4 << 20, maxDepth: 16)).objectValue ?? [:]
        } catch {
            throw PaygentError(.internal, "the policy could not be encoded: \(error)")
        }
        for field in PolicyPatch.fields where members[field] == nil { members[field] = .null }
        return try await call(PolicySettings.self, .put, Self.api + "/policy", body: JSONWriter.encode(.object(members)))
    }

    // MARK: Sessions

    public func sessions(_ query: SessionQuery) async throws(PaygentError) -> Page<AgentSession> {
        try await page(AgentSession.self, Self.api + "/agent/sessions", query.queryItems)
    }

    public func session(id: String) async throws(PaygentError) -> AgentSession {
        try await call(AgentSession.self, .get, Self.api + "/agent/sessions/" + segment(id))
    }

    public func createSession(_ request: CreateSessionRequest, by actor: String) async throws(PaygentError) -> AgentSession {
        try await call(AgentSession.self, .post, Self.api + "/agent/sessions", body: try body(request))
    }

    public func killSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession {
        try await call(AgentSession.self, .post, Self.api + "/agent/sessions/" + segment(id) + "/kill", body: try body(ReasonBody(reason: reason)))
    }

    public func pauseSession(id: String, reason: String?, by actor: String) async throws(PaygentError) -> AgentSession {
        try await call(AgentSession.self, .post, Self.api + "/agent/sessions/" + segment(id) + "/pause", body: try body(ReasonBody(reason: reason)))
    }

    public func resumeSession(id: String, by actor: String) async throws(PaygentError) -> AgentSession {
        try await call(AgentSession.self, .post, Self.api + "/agent/sessions/" + segment(id) + "/resume", body: [])
    }

    // MARK: Approvals

    public func approvals(_ query: ApprovalQuery) async throws(PaygentError) -> Page<ApprovalRequest> {
        try await page(ApprovalRequest.self, Self.api + "/approvals", query.queryItems)
    }

    public func approval(id: String) async throws(PaygentError) -> ApprovalRequest {
        try await call(ApprovalRequest.self, .get, Self.api + "/approvals/" + segment(id))
    }

    public func approve(id: String, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        try await call(ApprovalDecisionResult.self, .post, Self.api + "/approvals/" + segment(id) + "/approve", body: [])
    }

    public func reject(id: String, reason: String?, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        try await call(ApprovalDecisionResult.self, .post, Self.api + "/approvals/" + segment(id) + "/reject", body: try body(ReasonBody(reason: reason)))
    }

    public func editApproval(id: String, _ edit: ApprovalEdit, by actor: String) async throws(PaygentError) -> ApprovalDecisionResult {
        try await call(ApprovalDecisionResult.self, .post, Self.api + "/approvals/" + segment(id) + "/edit", body: try body(edit))
    }

    // MARK: Payments

    public func payments(_ query: PaymentQuery) async throws(PaygentError) -> Page<Payment> {
        try await page(Payment.self, Self.api + "/payments/history", query.queryItems)
    }

    public func payment(id: String) async throws(PaygentError) -> Payment {
        try await call(Payment.self, .get, Self.api + "/payments/" + segment(id))
    }

    public func paymentStats(_ query: PaymentQuery) async throws(PaygentError) -> PaymentStats {
        var items = query.queryItems
        items = QueryItems(items.items.filter { $0.name != "offset" && $0.name != "limit" })
        return try await call(PaymentStats.self, .get, Self.api + "/payments/stats", query: items)
    }

    // MARK: Registry

    public func discoverServices(_ query: ServiceQuery) async throws(PaygentError) -> Page<Service> {
        try await page(Service.self, Self.api + "/services/discover", query.queryItems)
    }

    public func service(id: String) async throws(PaygentError) -> Service {
        try await call(Service.self, .get, Self.api + "/services/" + segment(id))
    }

    public func pricing(serviceID: String) async throws(PaygentError) -> ServicePricing {
        try await call(ServicePricing.self, .get, Self.api + "/services/" + segment(serviceID) + "/pricing")
    }

    public func registerService(_ service: NewService, by actor: String) async throws(PaygentError) -> Service {
        try await call(Service.self, .post, Self.api + "/services", body: try body(service))
    }

    public func updateService(id: String, _ update: ServiceUpdate, by actor: String) async throws(PaygentError) -> Service {
        try await call(Service.self, .put, Self.api + "/services/" + segment(id), body: try body(update))
    }

    // MARK: Execution logs

    public func executionLogs(_ query: LogQuery) async throws(PaygentError) -> Page<ExecutionLog> {
        try await page(ExecutionLog.self, Self.api + "/logs", query.queryItems)
    }

    public func executionLog(id: String) async throws(PaygentError) -> ExecutionLog {
        try await call(ExecutionLog.self, .get, Self.api + "/logs/" + segment(id))
    }

    public func executionLogSummary(sessionID: String) async throws(PaygentError) -> ExecutionLogSummary {
        try await call(ExecutionLogSummary.self, .get, Self.api + "/logs/sessions/" + segment(sessionID) + "/summary")
    }

    // MARK: Wallet and budgets

    public func walletBalance(wallet: Address?) async throws(PaygentError) -> WalletBalance {
        try await call(WalletBalance.self, .get, Self.api + "/wallet/balance", query: Self.wallet(wallet))
    }

    public func walletAllowance(wallet: Address?) async throws(PaygentError) -> WalletAllowance {
        try await call(WalletAllowance.self, .get, Self.api + "/wallet/allowance", query: Self.wallet(wallet))
    }

    public func walletTransactions(wallet: Address?, page request: PageRequest) async throws(PaygentError) -> Page<WalletTransaction> {
        var items = Self.wallet(wallet)
        items.append("offset", String(request.offset))
        items.append("limit", String(request.limit))
        return try await page(WalletTransaction.self, Self.api + "/wallet/transactions", items)
    }

    public func budgets() async throws(PaygentError) -> BudgetOverview {
        try await call(BudgetOverview.self, .get, Self.api + "/wallet/budgets")
    }

    public func spendSeries(since: Timestamp, bucketSeconds: Int) async throws(PaygentError) -> [SpendPoint] {
        var items = QueryItems()
        items.append("since", since.iso8601)
        items.append("bucket_seconds", String(bucketSeconds))
        return try await call(SpendSeriesAnswer.self, .get, Self.api + "/wallet/spend", query: items).points
    }

    // MARK: Events

    public func events(_ query: EventQuery) async throws(PaygentError) -> EventPage {
        try await call(EventPage.self, .get, Self.api + "/events/page", query: query.queryItems)
    }

    // MARK: Subscriptions

    public func createSubscription(sessionID: String, serviceID: String, periodSeconds: Int64, autoRenew: Bool,
                                   by actor: String) async throws(PaygentError) -> ServiceSubscription {
        let request = CreateSubscriptionRequest(sessionID: sessionID, serviceID: serviceID, periodSeconds: periodSeconds, autoRenew: autoRenew)
        return try await call(ServiceSubscription.self, .post, Self.api + "/payments/subscription", body: try body(request))
    }

    public func subscription(id: String) async throws(PaygentError) -> ServiceSubscription {
        try await call(ServiceSubscription.self, .get, Self.api + "/payments/subscription/" + segment(id))
    }

    /// A session's subscriptions; the server lists them per session only, so `nil` is refused.
    public func subscriptions(sessionID: String?) async throws(PaygentError) -> [ServiceSubscription] {
        guard let sessionID else {
            throw PaygentError.invalid("session_id", "is required over the HTTP API (GET /payments/subscription/session/{session_id})")
        }
        return try await page(ServiceSubscription.self, Self.api + "/payments/subscription/session/" + segment(sessionID), QueryItems()).items
    }

    // MARK: API tokens

    public func apiTokens() async throws(PaygentError) -> [APIToken] {
        try await call(TokenList.self, .get, Self.api + "/tokens").tokens
    }

    public func issueAPIToken(name: String, role: APITokenRole, by actor: String) async throws(PaygentError) -> IssuedAPIToken {
        let issued = try await call(IssuedTokenResponse.self, .post, Self.api + "/tokens", body: try body(CreateTokenRequest(role: role, name: name)))
        return IssuedAPIToken(token: issued.token, secret: issued.secret)
    }

    public func revokeAPIToken(id: String, by actor: String) async throws(PaygentError) -> APIToken {
        try await call(APIToken.self, .delete, Self.api + "/tokens/" + segment(id))
    }

    /// Token secrets are checked by the server, never sent to a client to compare: refused.
    public func authenticate(secret: String) async throws(PaygentError) -> APIToken? {
        throw PaygentError(.forbidden, "paygent server \(endpoint.hostLabel) checks tokens itself; a remote client cannot look one up by its secret")
    }

    // MARK: Helpers

    /// A page of `Item` from `path` with `query`.
    func page<Item: WireListItem>(_ type: Item.Type, _ path: String, _ query: QueryItems) async throws(PaygentError) -> Page<Item> {
        try await call(WirePage<Item>.self, .get, path, query: query).page
    }

    static func wallet(_ wallet: Address?) -> QueryItems {
        var items = QueryItems()
        items.append("wallet", wallet?.checksummed)
        return items
    }
}

/// `GET /wallet/spend`'s answer, `{points: [...]}`.
struct SpendSeriesAnswer: Decodable {
    var points: [SpendPoint]
}

extension RemotePaygent {
    /// The token this client authenticates with (`GET /api/v1/whoami`): its role tells what it may do.
    /// A wrong token fails here with `unauthorized`, naming the server.
    public func whoami() async throws(PaygentError) -> TokenIdentity {
        try await call(TokenIdentity.self, .get, Self.api + "/whoami")
    }
}
