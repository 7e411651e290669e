import X402
import PaygentFoundation
#if canImport(Glibc)
import Glibc
#endif

/// The x402 payer's policy callback, bound to a session, over any ``AgentHost`` (in-process or
/// remote): each call is one of the host's payment commands.
public struct SessionPaymentPolicy: PaymentPolicy {
    /// The control plane.
    public let host: any AgentHost
    /// Session, service and tool details.
    public let context: PaymentContext

    /// Creates the policy of `context` over `host`.
    public init(host: any AgentHost, context: PaymentContext) {
        self.host = host
        self.context = context
    }

    public func authorize(_ intent: PaymentIntent) async throws -> PolicyDecision {
        try await host.authorizePayment(intent, context: context)
    }

    public func recordSigned(nonce: [UInt8], for intent: PaymentIntent, holdID: String?) async throws {
        try await host.recordSigned(intent, holdID: holdID, nonce: nonce, actor: context.eventActor)
    }

    /// Releases the hold of `intent` while it is unsigned (see ``AgentHost/cancelUnsignedPayment(_:holdID:reason:actor:)``).
    public func cancelUnsigned(_ intent: PaymentIntent, holdID: String?, reason: String) async throws(PaygentError) {
        try await host.cancelUnsignedPayment(intent, holdID: holdID, reason: reason, actor: context.eventActor)
    }

    /// Applies the outcome, retrying a failed write (a busy or full disk) a few times; when it
    /// still fails, the failure is appended as a `payment.record_failed` event (and written to
    /// stderr when even that fails). The payment then stays `signed`/held, and the reconciler
    /// resolves it from the settlement lookup — never silently lost.
    public func record(_ outcome: PaymentOutcome, for intent: PaymentIntent, holdID: String?) async {
        var lastError: PaygentError?
        for attempt in 0..<RecordRetry.attempts {
            do {
                try await host.recordPaymentOutcome(outcome, intent: intent, holdID: holdID, actor: context.eventActor)
                return
            } catch {
                lastError = error
            }
            await RecordRetry.pause(attempt)
        }
        guard let lastError else { return }
        await reportRecordFailure(outcome, intent: intent, holdID: holdID, error: lastError)
    }

    /// Surfaces an outcome that could not be written: a `payment.record_failed` event, else stderr.
    func reportRecordFailure(_ outcome: PaymentOutcome, intent: PaymentIntent, holdID: String?, error: PaygentError) async {
        let text: String
        switch outcome {
        case .settled(let transaction, _): text = "settled in \(transaction)"
        case .failed(let reason): text = "failed: \(reason)"
        case .unknown(let reason, _): text = "unknown: \(reason)"
        }
        let event = NewEvent(.paymentRecordFailed, subjectID: holdID, actor: context.eventActor, data: [
            "purchase_id": .string(intent.purchaseID), "hold_id": holdID.map(JSONValue.string) ?? .null,
            "outcome": .string(text), "error": .string(error.message),
        ])
        do {
            try await host.appendEvent(event)
        } catch {
            let line = "paygent: could not record the outcome of purchase \(intent.purchaseID) (\(text)): \(error.message)\n"
            _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        }
    }
}

/// How a failed outcome write is retried.
enum RecordRetry {
    static let attempts = 5

    /// 10, 20, 40, 80 ms between attempts (none when the task is cancelled: the attempts still
    /// happen, the outcome must be written).
    static func pause(_ attempt: Int) async {
        guard attempt < attempts - 1 else { return }
        do {
            try await Task.sleep(for: .milliseconds(10 << attempt))
        } catch {
            return  // cancelled: retry at once
        }
    }
}
