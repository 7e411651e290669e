import Foundation
import X402Client
import PaygentFoundation
import Http
import PaygentCore
import PaygentEVM
import X402

/// The one way tools spend money: x402 purchases through the ``X402Payer`` and direct devnet
/// transfers through the local facilitator, both decided by the control plane's policy engine
/// for the step's session (holds, limits, approvals, kill), signed with the session wallet.
public struct PaymentGateway: Sendable {
    /// The control plane.
    public let paygent: any AgentHost
    let wallets: any AgentWallets
    let facilitator: any Facilitator
    let configuration: AgentRuntimeConfiguration
    let pendingPayments: any PendingPaymentStore
    let cancellation: RunCancellation

    /// Per-payment ceilings for one purchase.
    public struct Limits: Sendable, Hashable {
        /// The step's own ceiling in whole tokens ("pay 0.10 USDC …" → `"0.10"`).
        public var maxAmount: String?
        /// The currency of ``maxAmount`` (`USDC`).
        public var currency: String
        /// What is left of a subagent's budget slice, USD.
        public var sliceUSD: USDAmount?

        /// Creates limits.
        public init(maxAmount: String? = nil, currency: String = "USDC", sliceUSD: USDAmount? = nil) {
            self.maxAmount = maxAmount
            self.currency = currency
            self.sliceUSD = sliceUSD
        }
    }

    /// The signer of the session's wallet.
    func signer(for session: AgentSession) throws(AgentFailure) -> any X402Signer {
        guard let wallet = session.walletAddress else {
            throw AgentFailure(.noWallet, "session \(session.id) has no wallet to pay from")
        }
        guard let signer = wallets.signer(for: wallet) else {
            throw AgentFailure(.noWallet, "no key for wallet \(wallet.checksummed) is loaded in this process")
        }
        return signer
    }

    /// Base-unit ceilings per priced token for `limits`; nil when there is no ceiling.
    func assetLimits(_ limits: Limits, priceTable: PriceTable) throws(AgentFailure) -> [Address: UInt256]? {
        guard limits.maxAmount != nil || limits.sliceUSD != nil else { return nil }
        var result: [Address: UInt256] = [:]
        for token in priceTable.tokens {
            var ceiling: UInt256?
            if let text = limits.maxAmount {
                let currency = limits.currency
                if token.symbol.caseInsensitiveCompare(currency) == .orderedSame
                    || (currency == "USDC" && token.symbol.uppercased().contains("USDC"))
                {
                    do {
                        ceiling = try TokenAmount.parse(text, decimals: token.decimals)
                    } catch {
                        throw AgentFailure(.invalidArguments, "max_amount \"\(UntrustedText.line(text, maxWidth: 40))\" is not a valid \(token.symbol) amount: \(error)")
                    }
                } else {
                    continue  // another currency than the one the step allows
                }
            }
            if let slice = limits.sliceUSD, let units = Self.baseUnits(of: slice, token: token) {
                ceiling = ceiling.map { min($0, units) } ?? units
            }
            if let ceiling { result[token.address] = ceiling }
        }
        return result
    }

    /// The most base units of `token` worth at most `usd` (rounded down).
    static func baseUnits(of usd: USDAmount, token: TokenInfo) -> UInt256? {
        guard !token.usdPrice.isZero, let scale = UInt256.powerOfTen(token.decimals) else { return nil }
        let (product, overflow) = usd.micros.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        return product / token.usdPrice.micros
    }

    /// Pays for and performs `request` (an x402 purchase).
    public func fetch(
        _ request: HTTPRequest, purchaseID: String, session: AgentSession, serviceID: String?, toolName: String,
        toolArgs: JSONValue, limits: Limits, priceTable: PriceTable
    ) async throws(AgentFailure) -> X402PaymentResult {
        let signer = try signer(for: session)
        var payerConfiguration = X402PayerConfiguration(retry: configuration.retry)
        if let ceilings = try assetLimits(limits, priceTable: priceTable) {
            payerConfiguration.assets = Array(ceilings.keys)
            payerConfiguration.assetLimits = ceilings
        }
        let policy = GuardedPolicy(
            inner: paygent.paymentPolicy(sessionID: session.id, serviceID: serviceID, toolName: toolName, toolArgs: toolArgs),
            paygent: paygent, sessionID: session.id, cancellation: cancellation
        )
        let payer = X402Payer(
            signer: signer, policy: policy, configuration: payerConfiguration, transport: configuration.transport,
            pendingPayments: pendingPayments, environment: configuration.environment
        )
        return await payer.pay(request, purchaseID: purchaseID)
    }

    /// How a direct transfer ended.
    public enum TransferResult: Sendable {
        case settled(transaction: String, intent: PaymentIntent)
        case approvalRequired(intent: PaymentIntent, reason: String)
        case denied(reason: String)
        case failed(reason: String, outcomeUnknown: Bool)
    }

    /// Transfers `amount` of `token` to `recipient` on the devnet ledger: the policy decides
    /// (and holds) first, then one EIP-3009 authorisation is signed and settled by the local
    /// facilitator, and the outcome is reported back (capture or release).
    public func transfer(
        amount: UInt256, token: PaymentToken, to recipient: Address, purchaseID: String, session: AgentSession,
        toolArgs: JSONValue, limits: Limits, priceTable: PriceTable
    ) async throws(AgentFailure) -> TransferResult {
        let signer = try signer(for: session)
        if let ceilings = try assetLimits(limits, priceTable: priceTable) {
            guard let ceiling = ceilings[token.address], amount <= ceiling else {
                return .denied(reason: "amount \(token.format(amount)) \(token.symbol) exceeds what this run may spend")
            }
        }
        let now = configuration.environment.clock.unixSeconds
        let validBefore = now + 300
        let intent = PaymentIntent(
            purchaseID: purchaseID, resource: "transfer:\(recipient.lowercasedHex)", scheme: PaymentRequirement.exactScheme,
            network: token.network.identifier, chainID: token.network.chainID, asset: token.address, payTo: recipient,
            amount: amount, payer: signer.address, validBefore: validBefore,
            description: "transfer of \(token.format(amount)) \(token.symbol)"
        )
        let policy = GuardedPolicy(
            inner: paygent.paymentPolicy(sessionID: session.id, serviceID: nil, toolName: "transfer", toolArgs: toolArgs),
            paygent: paygent, sessionID: session.id, cancellation: cancellation
        )
        let decision: PolicyDecision
        do {
            decision = try await policy.authorize(intent)
        } catch {
            throw AgentFailure(.internal, "payment policy failed: \(error)")
        }
        let holdID: String?
        switch decision {
        case .allow(let id): holdID = id
        case .deny(let reason): return .denied(reason: reason)
        case .askHuman(let reason): return .approvalRequired(intent: intent, reason: reason)
        }
        CrashPoint.afterHold.reached()
        let requirement = PaymentRequirement(
            token: token, payTo: recipient, amount: amount, maxTimeoutSeconds: 300, resource: intent.resource,
            description: intent.description
        )
        let payload: PaymentPayload
        do {
            let authorization = TransferWithAuthorization(
                from: signer.address, to: recipient, value: amount, validAfter: .zero, validBefore: UInt256(validBefore),
                nonce: configuration.environment.nonce()
            )
            let signature = try signer.signAuthorization(authorization, domain: token.domain)
            payload = .v2(ExactEVMPayload(authorization: authorization, signature: signature), for: requirement)
        } catch {
            await policy.record(.failed(reason: "signing failed"), for: intent, holdID: holdID)
            return .failed(reason: "signing failed: \(error)", outcomeUnknown: false)
        }
        // Write-ahead: the signature is durable before the facilitator sees it.
        do {
            try await policy.recordSigned(nonce: payload.exact.authorization.nonce, for: intent, holdID: holdID)
        } catch {
            return .failed(reason: "not sent: \(error)", outcomeUnknown: false)
        }
        CrashPoint.afterSign.reached()
        let settlement: SettleResponse
        do {
            settlement = try await facilitator.settle(payload, requirements: requirement)
        } catch {
            await policy.record(.unknown(reason: "facilitator unreachable: \(error)", nonce: payload.exact.authorization.nonce),
                                for: intent, holdID: holdID)
            return .failed(reason: "facilitator unreachable: \(error)", outcomeUnknown: true)
        }
        if settlement.success {
            CrashPoint.beforeCapture.reached()
            await policy.record(.settled(transaction: settlement.transaction), for: intent, holdID: holdID)
            return .settled(transaction: settlement.transaction, intent: intent)
        }
        let reason = settlement.errorReason?.rawValue ?? "settlement failed"
        await policy.record(.failed(reason: reason), for: intent, holdID: holdID)
        return .failed(reason: reason + (settlement.errorMessage.map { ": \($0)" } ?? ""), outcomeUnknown: false)
    }
}

/// The session's payment policy with one more check right before the payer signs: a run that was
/// cancelled, or whose session was killed or paused after the hold was taken, releases the hold
/// and signs nothing ("kill cancels unsigned payments").
struct GuardedPolicy: PaymentPolicy {
    let inner: SessionPaymentPolicy
    let paygent: any AgentHost
    let sessionID: String
    let cancellation: RunCancellation

    func authorize(_ intent: PaymentIntent) async throws -> PolicyDecision {
        if cancellation.isCancelled { return .deny(reason: cancellation.reason ?? "run cancelled") }
        let decision = try await inner.authorize(intent)
        guard case .allow(let holdID) = decision else { return decision }
        var stop: String?
        if cancellation.isCancelled {
            stop = cancellation.reason ?? "run cancelled"
        } else {
            let id = sessionID
            do {
                let status: SessionStatus? = try await uncancelled {
                    do { return try await paygent.session(id: id).status } catch let error as PaygentError where error.code == .notFound { return nil }
                }
                switch status {
                case .killed?: stop = "session \(sessionID) was killed"
                case .paused?: stop = "session \(sessionID) was paused"
                case .completed?, .failed?: stop = "session \(sessionID) is finished"
                default: if Task.isCancelled { stop = "run cancelled" }
                }
            } catch {
                stop = "cannot read session \(sessionID) before signing: \(error)"  // fail closed
            }
        }
        if let stop {
            await record(.failed(reason: "cancelled before signing: \(stop)"), for: intent, holdID: holdID)
            return .deny(reason: stop)
        }
        return decision
    }

    func recordSigned(nonce: [UInt8], for intent: PaymentIntent, holdID: String?) async throws {
        if cancellation.isCancelled {
            // Stopped between hold and signature: release the unsigned hold, never send.
            let reason = cancellation.reason ?? "run cancelled"
            let inner = inner
            try await uncancelled { try await inner.cancelUnsigned(intent, holdID: holdID, reason: "cancelled before sending: \(reason)") }
            throw AgentFailure(.cancelled, reason)
        }
        let inner = inner
        try await uncancelled { try await inner.recordSigned(nonce: nonce, for: intent, holdID: holdID) }
    }

    /// Written even when the run's task is cancelled (``SessionPaymentPolicy/record(_:for:holdID:)``
    /// retries and reports its own failures).
    func record(_ outcome: PaymentOutcome, for intent: PaymentIntent, holdID: String?) async {
        let inner = inner
        if !Task.isCancelled { return await inner.record(outcome, for: intent, holdID: holdID) }
        await Task { await inner.record(outcome, for: intent, holdID: holdID) }.value
    }
}
