import PaygentEVM
import PaygentFoundation
import Synchronization

/// Hooks for the agent runtime and the HTTP server (not part of ``PaygentAPI``).
extension EmbeddedPaygent {
    /// Appends an event (the runtime's `thinking`, `tool_call`, … types) in its own transaction.
    @discardableResult
    public func appendEvent(_ event: NewEvent) async throws(PaygentError) -> PaygentEvent {
        _ = try Validate.text(event.type.rawValue, field: "type", max: 100, required: true)
        _ = try Validate.text(event.actor, field: "actor", max: 200, required: true)
        guard event.data.jsonText.utf8.count <= 256 * 1024 else { throw .invalid("data", "too large (at most 256 KiB)") }
        let now = context.clock.now()
        return try await context.write { tx in try tx.appendEvent(event, at: now) }
    }

    /// Records an approval request for a step that is not an x402 payment (see ``ApprovalDesk/request(sessionID:toolName:toolArgs:amount:token:payee:reason:purchaseID:by:)``).
    public func requestApproval(sessionID: String, toolName: String, toolArgs: JSONValue, amount: UInt256? = nil,
                                token: Address? = nil, payee: Address? = nil, reason: String, by actor: String) async throws(PaygentError) -> ApprovalRequest {
        try await approvalDesk.request(sessionID: sessionID, toolName: toolName, toolArgs: toolArgs, amount: amount,
                                       token: token, payee: payee, reason: reason, by: actor)
    }

    /// The most recent approval request gating `purchaseID`.
    public func approval(purchaseID: String) async throws(PaygentError) -> ApprovalRequest? {
        try await context.read { try $0.approval(purchaseID: purchaseID) }
    }

    /// Waits until approval `id` is decided (or its deadline passes and its timeout action is
    /// applied) and returns it. Cancelling the task stops the wait.
    public func waitForDecision(approvalID id: String) async throws(PaygentError) -> ApprovalRequest {
        let id = try Validate.id(id, field: "request_id")
        let latest = try await context.read { try $0.latestEventSeq() }
        let stream = subscribe(after: latest)
        let current = try await approval(id: id)
        if current.decision != .pending { return current }
        let deadline = current.expiresAt
        let clock = context.clock
        let timer = Task { [approvalDesk] in
            // Wake at the deadline (in real time) so the timeout applies even without a sweeper.
            let wait = deadline.milliseconds - clock.now().milliseconds
            if wait > 0 { try? await Task.sleep(for: .milliseconds(wait)) }
            if !Task.isCancelled { _ = try? await approvalDesk.expireOverdue() }
        }
        defer { timer.cancel() }
        do {
            for try await event in stream where event.subjectID == id && event.type.rawValue.hasPrefix("approval.") {
                let now = try await approval(id: id)
                if now.decision != .pending { return now }
            }
        } catch let error as PaygentError {
            throw error
        } catch {
            throw .storage(error)
        }
        throw PaygentError(.internal, "event stream ended while waiting for approval \(id)")
    }

    /// Ends a session as completed or failed.
    public func finishSession(id: String, status: SessionStatus, reason: String? = nil, by actor: String) async throws(PaygentError) -> AgentSession {
        try await sessionControl.finish(id: id, status: status, reason: reason, by: actor)
    }

    /// Resolves a payment whose outcome was unknown.
    public func resolvePayment(id: String, outcome: PaymentResolution, by actor: String) async throws(PaygentError) -> Payment {
        switch outcome {
        case .settled(let transaction): try await policyEngine.resolve(paymentID: id, outcome: .settled(transaction: transaction), by: actor)
        case .failed(let reason): try await policyEngine.resolve(paymentID: id, outcome: .failed(reason: reason), by: actor)
        }
    }

    // MARK: Execution logs

    /// Starts an execution log in `running`.
    public func startExecutionLog(sessionID: String, command: String, plan: JSONValue = .null) async throws(PaygentError) -> ExecutionLog {
        let sid = try Validate.id(sessionID, field: "session_id")
        let text = try Validate.text(command, field: "command", max: 10_000, required: true)
        let now = context.clock.now()
        let log = ExecutionLog(id: context.ids.make("log"), sessionID: sid, command: text, plan: plan, toolCalls: .array([]),
                               result: nil, status: "running", error: nil, totalCostUSD: .zero, durationMs: nil,
                               createdAt: now, updatedAt: now)
        return try await context.write { tx in
            guard try tx.session(id: sid) != nil else { throw PaygentError.notFound("session", sid) }
            try tx.insertExecutionLog(log)
            _ = try tx.appendEvent(NewEvent(.logWritten, sessionID: sid, subjectID: log.id, actor: "agent:\(sid)",
                                            data: ["status": "running", "command": .string(text)]), at: now)
            return log
        }
    }

    /// Saves a changed execution log (plan, tool calls, result, status, cost, duration).
    public func updateExecutionLog(_ log: ExecutionLog) async throws(PaygentError) -> ExecutionLog {
        _ = try Validate.id(log.id, field: "log_id")
        let now = context.clock.now()
        var updated = log
        updated.updatedAt = now
        let final = updated
        return try await context.write { tx in
            guard try tx.executionLog(id: final.id) != nil else { throw PaygentError.notFound("execution log", final.id) }
            try tx.updateExecutionLog(final)
            _ = try tx.appendEvent(NewEvent(.logWritten, sessionID: final.sessionID, subjectID: final.id,
                                            actor: "agent:\(final.sessionID)", data: ["status": .string(final.status)]), at: now)
            return final
        }
    }

    // MARK: Subscriptions

    /// Records a subscription to a service for `periodSeconds`.
    public func createSubscription(sessionID: String, serviceID: String, periodSeconds: Int64, autoRenew: Bool,
                                   by actor: String) async throws(PaygentError) -> ServiceSubscription {
        let sid = try Validate.id(sessionID, field: "session_id")
        let svc = try Validate.id(serviceID, field: "service_id")
        guard (60...31_536_000).contains(periodSeconds) else { throw .invalid("period_seconds", "must be 60…31536000") }
        let now = context.clock.now()
        let id = context.ids.make("sub")
        return try await context.write { tx in
            guard try tx.session(id: sid) != nil else { throw PaygentError.notFound("session", sid) }
            guard let service = try tx.service(id: svc) else { throw PaygentError.notFound("service", svc) }
            let subscription = ServiceSubscription(
                id: id, sessionID: sid, serviceID: svc, status: "active", periodSeconds: periodSeconds,
                priceAmount: service.priceAmount, token: service.priceToken, autoRenew: autoRenew, renewals: 0,
                startedAt: now, expiresAt: now.adding(seconds: periodSeconds), createdAt: now)
            try tx.insertSubscription(subscription)
            _ = try tx.appendEvent(NewEvent(.subscriptionChanged, sessionID: sid, subjectID: id, actor: actor,
                                            data: ["status": "active", "service_id": .string(svc)]), at: now)
            return subscription
        }
    }

    /// Renews (a new period from now), expires or cancels a subscription.
    public func changeSubscription(id rawID: String, to status: String, by actor: String) async throws(PaygentError) -> ServiceSubscription {
        let id = try Validate.id(rawID, field: "subscription_id")
        guard ["active", "expired", "cancelled"].contains(status) else {
            throw .invalid("status", "must be active (renew), expired or cancelled")
        }
        let now = context.clock.now()
        return try await context.write { tx in
            guard var subscription = try tx.subscription(id: id) else { throw PaygentError.notFound("subscription", id) }
            if status == "active" {
                subscription.renewals += 1
                subscription.startedAt = now
                subscription.expiresAt = now.adding(seconds: subscription.periodSeconds)
            }
            subscription.status = status
            try tx.updateSubscription(subscription)
            _ = try tx.appendEvent(NewEvent(.subscriptionChanged, sessionID: subscription.sessionID, subjectID: id,
                                            actor: actor, data: ["status": .string(status)]), at: now)
            return subscription
        }
    }

    /// Subscriptions of a session (or all).
    public func subscriptions(sessionID: String?) async throws(PaygentError) -> [ServiceSubscription] {
        try await context.read { try $0.subscriptions(sessionID: sessionID) }
    }

    // MARK: API tokens

    /// Issues a bearer token; the secret is returned once and only its Keccak-256 hash is stored.
    public func issueAPIToken(name: String, role: APITokenRole, by actor: String) async throws(PaygentError) -> IssuedAPIToken {
        let label = try Validate.text(name, field: "name", max: 200, required: true)
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let secret = "pgt_" + Hex.encode(bytes, prefix: false)
        let hash = Hex.encode(Keccak256.hash(Array(secret.utf8)), prefix: false)
        let now = context.clock.now()
        let token = APIToken(id: context.ids.make("tok"), name: label, role: role, prefix: String(secret.prefix(10)),
                             createdAt: now, lastUsedAt: nil, revokedAt: nil)
        try await context.write { tx in
            try tx.insertAPIToken(token, secretHash: hash)
            _ = try tx.appendEvent(NewEvent(.tokenIssued, subjectID: token.id, actor: actor,
                                            data: ["name": .string(label), "role": .string(role.rawValue)]), at: now)
        }
        return IssuedAPIToken(token: token, secret: secret)
    }

    /// The live token with this secret, or nil (unknown or revoked).
    public func authenticate(secret: String) async throws(PaygentError) -> APIToken? {
        guard secret.hasPrefix("pgt_"), secret.count <= 100 else { return nil }
        let hash = Hex.encode(Keccak256.hash(Array(secret.utf8)), prefix: false)
        guard let token = try await context.read({ try $0.apiToken(secretHash: hash) }), token.revokedAt == nil else { return nil }
        return token
    }

    /// Revokes a token.
    public func revokeAPIToken(id rawID: String, by actor: String) async throws(PaygentError) -> APIToken {
        let id = try Validate.id(rawID, field: "token_id")
        let now = context.clock.now()
        return try await context.write { tx in
            guard var token = try tx.apiToken(id: id) else { throw PaygentError.notFound("API token", id) }
            guard token.revokedAt == nil else { throw PaygentError.conflict("token \(id) is already revoked") }
            token.revokedAt = now
            try tx.updateAPIToken(token)
            _ = try tx.appendEvent(NewEvent(.tokenRevoked, subjectID: id, actor: actor), at: now)
            return token
        }
    }

    /// Every token (without secrets).
    public func apiTokens() async throws(PaygentError) -> [APIToken] {
        try await context.read { try $0.apiTokens() }
    }
}

/// How an unknown payment turned out.
public enum PaymentResolution: Sendable, Hashable {
    /// It settled in `transaction`.
    case settled(String)
    /// It did not move money.
    case failed(String)
}
