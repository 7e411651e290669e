import X402
import Http
import PaygentFoundation
import PaygentEVM
import Synchronization

/// The x402 client: sends a request, pays when the server answers 402, and returns the result.
///
/// One call of ``pay(_:purchaseID:)`` is one *purchase*:
/// 1. send the request (retrying 429/5xx/transport errors with backoff, honouring `Retry-After`);
/// 2. on 402, decode the challenge in any form (v2 `PAYMENT-REQUIRED` header preferred, then a
///    v1 `accepts[]` body, then a Cronos `paymentRequirements` body);
/// 3. keep the options the ``configuration`` allows (network, asset, payee, maximum) and ask the
///    ``policy`` about them cheapest first: the first `allow` is paid; otherwise an `askHuman`
///    becomes ``X402PaymentResult/approvalRequired(intent:reason:)`` and denials ``X402PaymentResult/denied(reason:)``;
/// 4. sign one authorisation — EIP-3009, or a Permit2 `PermitWitnessTransferFrom` when the
///    requirement's `extra.assetTransferMethod` is `permit2` — (random nonce; `validAfter` 0, or now − 600 s for v1 as
///    the reference client does; `validBefore` now + `maxTimeoutSeconds`) and retry the request
///    with `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1, Cronos flat payload for Cronos bodies);
/// 5. decode `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE` and report the outcome to the policy.
///
/// **At most one authorisation per purchase.** The signed payment is saved in
/// ``pendingPayments`` before it is sent. Retries of the paid request, and later calls with the
/// same purchase id while the outcome is unknown, re-send the *same* header (same nonce), so at
/// most one can ever settle. A second authorisation is never signed while the first one's
/// outcome is unknown.
public final class X402Payer: Sendable {
    /// Signs the authorisations.
    public let signer: any X402Signer
    /// Decides whether to pay, and learns the outcomes.
    public let policy: any PaymentPolicy
    /// Filters and retry behaviour.
    public let configuration: X402PayerConfiguration
    /// Sends HTTP requests.
    public let transport: any X402Transport
    /// Payments of unknown outcome, by purchase id.
    public let pendingPayments: any PendingPaymentStore
    /// Time, sleeping and randomness.
    public let environment: X402PayerEnvironment
    private let inFlight = Mutex<Set<String>>([])

    /// Creates a payer.
    public init(
        signer: any X402Signer, policy: any PaymentPolicy, configuration: X402PayerConfiguration = X402PayerConfiguration(),
        transport: any X402Transport = HTTPClient.shared, pendingPayments: any PendingPaymentStore = InMemoryPendingPaymentStore(),
        environment: X402PayerEnvironment = .live
    ) {
        self.signer = signer
        self.policy = policy
        self.configuration = configuration
        self.transport = transport
        self.pendingPayments = pendingPayments
        self.environment = environment
    }

    /// Performs `request`, paying if the server asks for it.
    ///
    /// - Parameter purchaseID: identifies the purchase across calls. Pass the same id to retry a
    ///   purchase (after an approval, or after ``X402PayerError/outcomeUnknown(reason:validBefore:)``);
    ///   a pending payment is then re-sent instead of a new one being signed. `nil` makes a new
    ///   purchase.
    public func pay(_ request: HTTPRequest, purchaseID: String? = nil) async -> X402PaymentResult {
        let id = purchaseID ?? Self.newPurchaseID()
        guard inFlight.withLock({ $0.insert(id).inserted }) else { return .failed(.purchaseInProgress(id)) }
        defer { _ = inFlight.withLock { $0.remove(id) } }
        let budget = RetryBudget(start: environment.uptime(), limit: configuration.retry.maxTotalTime)

        if let pending = await pendingPayments.pending(for: id) {
            guard environment.clock.unixSeconds < pending.validBefore else {
                return .failed(.unresolvedPayment(purchaseID: id, validBefore: pending.validBefore))
            }
            return await sendPaid(request, pending: pending, challenge: nil, resent: true, budget: budget)
        }

        // 1. The unpaid request.
        let response: HTTPResponse
        switch await exchange(request, budget: budget, validBefore: nil) {
        case .cancelled: return .failed(.cancelled)
        case .failure(let error, _, _): return .failed(.transport(error))
        case .response(let r, _, _):
            guard r.status == 402 else {
                if configuration.retry.retryableStatuses.contains(r.status) {
                    let retryAfter = r.headers["Retry-After"].flatMap { RetryAfter.parse($0, now: environment.clock.unixSeconds) }
                    return .failed(.serverUnavailable(status: r.status, retryAfter: retryAfter))
                }
                return .notRequired(r)
            }
            response = r
        }

        // 2. The challenge.
        let challenge: PaymentChallenge
        do {
            challenge = try PaymentChallenge.decode(
                headerValue: response.headers[X402Header.paymentRequired], body: response.body, limits: configuration.headerLimits
            )
        } catch {
            return .failed(.invalidPaymentRequired(error))
        }

        // 3. Options the configuration allows, cheapest first.
        var unusable = challenge.paymentRequired.unsupported.map { "\($0.error)" }
        var refused: [String] = []
        var candidates: [PaymentOffer] = []
        for offer in challenge.offers {
            let requirement = offer.requirement
            guard requirement.scheme == PaymentRequirement.exactScheme || requirement.scheme == PaymentRequirement.uptoScheme else {
                unusable.append("scheme \(requirement.scheme) is not supported")
                continue
            }
            guard requirement.scheme != PaymentRequirement.uptoScheme || requirement.facilitatorAddress != nil else {
                unusable.append("\(ReasonCode.uptoFacilitatorMissing): upto requirement on \(requirement.network) names no extra.facilitatorAddress")
                continue
            }
            guard requirement.isSignable else {
                unusable.append("\(ReasonCode.missingEIP712Domain): requirement on \(requirement.network) has no extra.name/extra.version")
                continue
            }
            guard !(requirement.usesPermit2 && offer.dialect == .cronos) else {
                unusable.append("the Cronos flat payload cannot carry a Permit2 permit")
                continue
            }
            if let why = configuration.rejection(of: requirement) {
                refused.append(why)
                continue
            }
            candidates.append(offer)
        }
        guard !candidates.isEmpty else {
            if !refused.isEmpty { return .denied(reason: refused.joined(separator: "; ")) }
            return .failed(.noSupportedRequirement(unusable))
        }
        candidates.sort { ($0.requirement.amount, $0.index) < ($1.requirement.amount, $1.index) }

        // 4. The policy, in preference order.
        let now = environment.clock.unixSeconds
        var denials: [String] = []
        var approval: (intent: PaymentIntent, reason: String)?
        for offer in candidates {
            let intent = makeIntent(offer, purchaseID: id, resourceURL: request.url, now: now)
            let decision: PolicyDecision
            do {
                decision = try await policy.authorize(intent)
            } catch {
                return .failed(.policyFailed(String(describing: error)))
            }
            switch decision {
            case .allow(let holdID):
                return await signAndSend(request, offer: offer, challenge: challenge, intent: intent, holdID: holdID, now: now, budget: budget)
            case .deny(let reason):
                denials.append(reason)
            case .askHuman(let reason):
                if approval == nil { approval = (intent, reason) }
            }
        }
        if let approval { return .approvalRequired(intent: approval.intent, reason: approval.reason) }
        return .denied(reason: denials.isEmpty ? "the payment policy refused every option" : denials.joined(separator: "; "))
    }

    /// The pending payment of `purchaseID` (signed, outcome unknown), if any.
    public func pendingPayment(purchaseID: String) async -> PendingPayment? {
        await pendingPayments.pending(for: purchaseID)
    }

    /// Forgets the pending payment of `purchaseID` once its outcome is known by other means
    /// (for example the chain says the authorisation was used, or it expired unused).
    public func resolvePendingPayment(purchaseID: String) async {
        await pendingPayments.remove(purchaseID: purchaseID)
    }

    // MARK: - Signing

    private func makeIntent(_ offer: PaymentOffer, purchaseID: String, resourceURL: String, now: UInt64) -> PaymentIntent {
        let r = offer.requirement
        let (validBefore, overflow) = now.addingReportingOverflow(r.maxTimeoutSeconds)
        return PaymentIntent(
            purchaseID: purchaseID, resource: r.resource.isEmpty ? resourceURL : r.resource, scheme: r.scheme,
            network: r.network.identifier, chainID: r.chainID, asset: r.asset, payTo: r.payTo, amount: r.amount,
            payer: signer.address, validBefore: overflow ? UInt64.max : validBefore, description: r.description
        )
    }

    private func signAndSend(
        _ request: HTTPRequest, offer: PaymentOffer, challenge: PaymentChallenge, intent: PaymentIntent,
        holdID: String?, now: UInt64, budget: RetryBudget
    ) async -> X402PaymentResult {
        CrashPoint.afterHold.reached()
        let pending: PendingPayment
        do {
            pending = try sign(offer, challenge: challenge, intent: intent, holdID: holdID, now: now)
        } catch {
            let message = String(describing: error)
            await policy.record(.failed(reason: "signing failed: \(message)"), for: intent, holdID: holdID)
            return .failed(.signingFailed(message))
        }
        // Write-ahead: the policy records the signature (nonce, validBefore) durably before the
        // header may leave the process. Refused (a kill, a pause, another signer): never sent.
        // The policy releases what it held when it refuses; the payer reports nothing more, since
        // the hold may now belong to the payment that was signed first.
        do {
            try await policy.recordSigned(nonce: pending.authorizationNonce, for: intent, holdID: holdID)
        } catch {
            return .failed(.policyFailed("not sent: \(error)"))
        }
        CrashPoint.afterSign.reached()
        // Saved before sending: from here on the outcome is unknown until proven otherwise.
        await pendingPayments.save(pending)
        return await sendPaid(request, pending: pending, challenge: challenge, resent: false, budget: budget)
    }

    private struct SigningError: Error, CustomStringConvertible {
        var description: String
    }

    private func sign(_ offer: PaymentOffer, challenge: PaymentChallenge, intent: PaymentIntent, holdID: String?, now: UInt64) throws -> PendingPayment {
        let requirement = offer.requirement
        let nonce = environment.nonce()
        guard nonce.count == 32 else { throw SigningError(description: "nonce source returned \(nonce.count) bytes, not 32") }
        // The reference v1 client backdates validAfter by 10 minutes; v2 (and Cronos) use 0.
        let validAfter: UInt64 = offer.dialect == .v1 ? (now > 600 ? now - 600 : 0) : 0
        let authorization = TransferWithAuthorization(
            from: signer.address, to: requirement.payTo, value: requirement.amount,
            validAfter: UInt256(validAfter), validBefore: UInt256(intent.validBefore), nonce: nonce
        )
        // EIP-3009 in the token's domain, or a Permit2 permit when the requirement asks for one.
        let exact = try ExactEVMPayload.sign(authorization, for: requirement, with: signer)

        let payment: PaymentPayload
        let headerValue: String
        switch offer.dialect {
        case .v2:
            // A declared payment-identifier gets this purchase's stable id (the same on every retry).
            let extensions = challenge.rawExtensions.flatMap { $0.isEmpty ? nil : $0 }
                .map { PaymentIdentifier.appending(PaymentIdentifier.id(forPurchase: intent.purchaseID), to: $0) }
            payment = .v2(exact, for: requirement, resource: challenge.paymentRequired.resource, extensions: extensions)
            // Echo `accepted` and `resource` exactly as the server wrote them: the reference
            // server compares asset and payTo as strings.
            var members = [
                JSONMember("x402Version", .integer(2)),
                JSONMember("payload", exact.json()),
                JSONMember("accepted", offer.raw),
            ]
            if let resource = challenge.rawResource { members.append(JSONMember("resource", resource)) }
            if let extensions { members.append(JSONMember("extensions", .object(extensions))) }
            headerValue = HeaderCodec.encode(.object(JSONObject(members)))
        case .v1:
            payment = .v1(exact, for: requirement)
            headerValue = payment.headerValue()
        case .cronos:
            payment = .cronos(exact, for: requirement)
            headerValue = payment.headerValue()
        }
        return PendingPayment(
            purchaseID: intent.purchaseID, intent: intent, holdID: holdID, requirement: requirement,
            payment: payment, headerName: X402Header.payment(for: offer.dialect), headerValue: headerValue
        )
    }

    // MARK: - The paid request

    private func sendPaid(
        _ request: HTTPRequest, pending: PendingPayment, challenge: PaymentChallenge?, resent: Bool, budget: RetryBudget
    ) async -> X402PaymentResult {
        var paid = request
        paid.headers[X402Header.paymentSignature] = nil
        paid.headers[X402Header.xPayment] = nil
        paid.headers[pending.headerName] = pending.headerValue

        let exchanged = await exchange(paid, budget: budget, validBefore: pending.validBefore)
        switch exchanged {
        case .cancelled(let delivered):
            if delivered || resent { return await unknown(pending, "cancelled after the payment was sent") }
            return await definitelyFailed(pending, .cancelled, reason: "cancelled before the payment was sent")
        case .failure(let error, _, let delivered):
            if delivered || resent { return await unknown(pending, "no response to the paid request: \(error)") }
            return await definitelyFailed(pending, .transport(error), reason: "the payment never reached the server: \(error)")
        case .response(let response, let attempts, let deliveredBefore):
            return await classify(response, attempts: attempts, earlierDelivery: deliveredBefore || resent, pending: pending, challenge: challenge)
        }
    }

    private func classify(
        _ response: HTTPResponse, attempts: Int, earlierDelivery: Bool, pending: PendingPayment, challenge: PaymentChallenge?
    ) async -> X402PaymentResult {
        let settlementHeader = response.headers[X402Header.paymentResponse] ?? response.headers[X402Header.xPaymentResponse]
        let settlement = settlementHeader.flatMap { try? SettleResponse.decodeHeader($0, limits: configuration.headerLimits) }
        let status = response.status

        if (200..<400).contains(status) {
            let receipt = X402Receipt(
                response: response, settlement: settlement, requirement: pending.requirement, payment: pending.payment,
                challenge: challenge, intent: pending.intent, attempts: attempts
            )
            let outcome: PaymentOutcome
            if let settlement, settlement.success {
                CrashPoint.beforeCapture.reached()
                // `upto`: the settlement reports the charge; without it the whole maximum counts.
                let upto = pending.requirement.scheme == PaymentRequirement.uptoScheme
                let charged = upto ? settlement.amount.map { min($0, pending.intent.amount) } : nil
                if let charged, charged.isZero {
                    // Nothing moved and the permit was not spent: it stays usable until its
                    // deadline, so the maximum stays held until reconciliation finds it unused.
                    outcome = .unknown(reason: "upto settled a zero charge; the unspent permit stays valid until its deadline",
                                       nonce: pending.authorizationNonce)
                } else {
                    outcome = .settled(transaction: settlement.transaction, charged: charged)
                }
            } else if let settlement, let reason = settlement.errorReason, reason.isPermanent {
                outcome = .failed(reason: reason.rawValue)
            } else {
                outcome = .unknown(reason: settlement == nil ? "the server sent no payment response header" : "the server reported an unclear settlement",
                                   nonce: pending.authorizationNonce)
            }
            // The purchase is complete: nothing will be re-sent for it.
            await pendingPayments.remove(purchaseID: pending.purchaseID)
            await policy.record(outcome, for: pending.intent, holdID: pending.holdID)
            return .paid(receipt)
        }

        if status == 402 || status == 400 {
            let (reason, message) = rejectionReason(response, settlement: settlement)
            if reason == .nonceAlreadyUsed, earlierDelivery {
                return await unknown(pending, "the server reports the authorisation nonce as used after an earlier attempt may have reached it; that attempt probably settled")
            }
            if status == 400 || reason.isPermanent {
                await pendingPayments.remove(purchaseID: pending.purchaseID)
                await policy.record(.failed(reason: reason.rawValue), for: pending.intent, holdID: pending.holdID)
                return .failed(.paymentRejected(reason: reason, message: message, status: status, settlement: settlement))
            }
            return await unknown(pending, "payment answered HTTP \(status) with \(reason)")
        }
        return await unknown(pending, "the paid request was answered with HTTP \(status)")
    }

    /// The reason a 402/400 answer to a paid request gives: the settlement header's
    /// `errorReason`, else the body's `errorReason`/`error` (v1), else the v2 header's `error`.
    private func rejectionReason(_ response: HTTPResponse, settlement: SettleResponse?) -> (ReasonCode, String?) {
        if let settlement, let reason = settlement.errorReason { return (reason, settlement.errorMessage) }
        var error: String?
        if let json = try? JSONParser.parse(response.body, limits: JSONLimits(maxBytes: 256 * 1024, maxDepth: 32)), let object = json.objectValue {
            if let reason = object["errorReason"]?.stringValue { return (ReasonCode(reason), object["error"]?.stringValue) }
            error = object["error"]?.stringValue ?? object["invalidReason"]?.stringValue
        }
        if error == nil, let header = response.headers[X402Header.paymentRequired],
           let json = try? HeaderCodec.decodeJSON(header, limits: configuration.headerLimits) {
            error = json.objectValue?["error"]?.stringValue
        }
        guard let error else { return (.invalidPayload, nil) }
        if CronosCodec.looksLikeReasonCode(error) { return (ReasonCode(error), nil) }
        // Free text (Cronos sellers): mapped when recognised; otherwise unclear, hence not permanent.
        return (CronosCodec.reasonCode(forFreeText: error), error)
    }

    private func unknown(_ pending: PendingPayment, _ reason: String) async -> X402PaymentResult {
        // Kept pending: a retry of this purchase re-sends the same authorisation.
        await policy.record(.unknown(reason: reason, nonce: pending.authorizationNonce), for: pending.intent, holdID: pending.holdID)
        return .failed(.outcomeUnknown(reason: reason, validBefore: pending.validBefore))
    }

    private func definitelyFailed(_ pending: PendingPayment, _ error: X402PayerError, reason: String) async -> X402PaymentResult {
        await pendingPayments.remove(purchaseID: pending.purchaseID)
        await policy.record(.failed(reason: reason), for: pending.intent, holdID: pending.holdID)
        return .failed(error)
    }

    // MARK: - Retrying exchange

    private struct RetryBudget {
        var start: Duration
        var limit: Duration
        var deadline: Duration { start + limit }
    }

    private enum Exchange {
        /// The final response. `deliveredBefore`: an earlier attempt may have reached the server.
        case response(HTTPResponse, attempts: Int, deliveredBefore: Bool)
        /// The final transport failure. `delivered`: some attempt may have reached the server.
        case failure(HTTPError, attempts: Int, delivered: Bool)
        case cancelled(delivered: Bool)
    }

    /// Sends `request`, retrying retryable statuses and transport errors within the budget.
    /// With `validBefore`, no retry is scheduled to start after the authorisation expires.
    private func exchange(_ request: HTTPRequest, budget: RetryBudget, validBefore: UInt64?) async -> Exchange {
        let policy = configuration.retry
        var attempt = 0
        var delivered = false
        while true {
            attempt += 1
            if Task.isCancelled { return .cancelled(delivered: delivered) }
            let wait: Duration
            do {
                let response = try await transport.send(request)
                guard policy.retryableStatuses.contains(response.status), attempt < policy.maxAttempts else {
                    return .response(response, attempts: attempt, deliveredBefore: delivered)
                }
                let retryAfter = response.headers["Retry-After"].flatMap { RetryAfter.parse($0, now: environment.clock.unixSeconds) }
                wait = retryAfter ?? policy.backoff(retry: attempt, jitter: environment.jitter())
                guard fits(wait, budget: budget, validBefore: validBefore) else {
                    return .response(response, attempts: attempt, deliveredBefore: delivered)
                }
                delivered = true
            } catch {
                if error == .cancelled { return .cancelled(delivered: true) }
                let mayHaveArrived = !error.isDefinitelyNotDelivered
                let retryable: Bool = switch error {
                case .dns, .connect, .tls, .timeout, .transport: true
                default: false
                }
                delivered = delivered || mayHaveArrived
                guard retryable, attempt < policy.maxAttempts else {
                    return .failure(error, attempts: attempt, delivered: delivered)
                }
                wait = policy.backoff(retry: attempt, jitter: environment.jitter())
                guard fits(wait, budget: budget, validBefore: validBefore) else {
                    return .failure(error, attempts: attempt, delivered: delivered)
                }
            }
            do { try await environment.sleep(wait) } catch { return .cancelled(delivered: delivered) }
        }
    }

    private func fits(_ wait: Duration, budget: RetryBudget, validBefore: UInt64?) -> Bool {
        guard environment.uptime() + wait <= budget.deadline else { return false }
        if let validBefore {
            let seconds = UInt64(max(0, wait.components.seconds)) + 1
            let (resume, overflow) = environment.clock.unixSeconds.addingReportingOverflow(seconds)
            // The reference facilitator wants at least 6 s of validity left.
            if overflow || validBefore < 6 || resume > validBefore - 6 { return false }
        }
        return true
    }

    private static func newPurchaseID() -> String {
        // Two 64-bit draws (one system call each), not sixteen one-byte ones.
        var generator = SystemRandomNumberGenerator()
        let bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Array($0) }
        return "purchase-" + Hex.encode(bytes, prefix: false)
    }
}
