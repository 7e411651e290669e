import PaygentEVM
import PaygentFoundation
import X402

/// Capture, release or keep a hold according to a payment's outcome (inside a write transaction).
enum HoldSettlement {
    static func apply(_ outcome: PaymentOutcome, to original: Hold, tx: any StoreTransaction, now: Timestamp, actor: String) throws {
        var hold = original
        guard var payment = try tx.payment(id: hold.paymentID) else { return }
        var session = try hold.sessionID.flatMap { try tx.session(id: $0) }
        switch outcome {
        case .settled(let transaction, let charged):
            guard hold.status != .captured else { return }
            let wasHeld = hold.status == .held
            let heldUSD = hold.amountUSD
            // `upto` charged less than it held: capture the charge, release the rest.
            var partial: PartialCapture.Released?
            if let charged, charged < hold.amount, wasHeld {
                partial = try PartialCapture.lower(to: charged, hold: &hold, payment: &payment, tx: tx)
            }
            hold.status = .captured
            hold.updatedAt = now
            payment.status = .confirmed
            payment.txHash = transaction
            payment.failureReason = nil
            payment.settledAt = now
            payment.updatedAt = now
            try tx.updatePayment(payment, hold: hold)
            if var s = session {
                if wasHeld { s.heldUSD = s.heldUSD.saturatingSubtract(heldUSD) }
                s.spentUSD = s.spentUSD.adding(hold.amountUSD) ?? s.spentUSD
                s.paymentCount += 1
                s.lastActive = now
                try tx.updateSession(s)
                session = s
            }
            try recordServiceOutcome(hold: hold, success: true, latency: now.milliseconds - hold.createdAt.milliseconds, tx: tx, now: now)
            var data: JSONObject = [
                "payment_id": .string(payment.id), "hold_id": .string(hold.id), "tx_hash": .string(transaction),
                "amount": .string(TokenAmount.format(payment.amount, decimals: payment.tokenDecimals)), "currency": .string(payment.tokenSymbol),
                "amount_usd": .string(payment.amountUSD.description),
                "recaptured": .bool(!wasHeld),
            ]
            if let partial {
                data["maximum_amount"] = .string(TokenAmount.format(partial.maximum, decimals: payment.tokenDecimals))
                data["released_usd"] = .string(partial.releasedUSD.description)
            }
            _ = try tx.appendEvent(
                NewEvent(.paymentSettled, sessionID: hold.sessionID, subjectID: payment.id, actor: actor, data: .object(data)),
                at: now)
        case .failed(let reason):
            guard hold.status == .held else { return }
            hold.status = .released
            hold.updatedAt = now
            payment.status = .failed
            payment.failureReason = reason
            payment.updatedAt = now
            try tx.updatePayment(payment, hold: hold)
            if var s = session {
                s.heldUSD = s.heldUSD.saturatingSubtract(hold.amountUSD)
                s.lastActive = now
                try tx.updateSession(s)
            }
            try recordServiceOutcome(hold: hold, success: false, latency: now.milliseconds - hold.createdAt.milliseconds, tx: tx, now: now)
            _ = try tx.appendEvent(
                NewEvent(.paymentFailed, sessionID: hold.sessionID, subjectID: payment.id, actor: actor, data: [
                    "payment_id": .string(payment.id), "hold_id": .string(hold.id), "reason": .string(reason),
                    "released_usd": .string(hold.amountUSD.description),
                ]),
                at: now)
        case .unknown(let reason, let nonce):
            guard payment.status == .pending || payment.status == .signed else { return }
            payment.status = .unknown
            payment.failureReason = reason
            if let nonce { payment.authorizationNonce = Hex.encode(nonce, prefix: true) }
            payment.updatedAt = now
            try tx.updatePayment(payment, hold: hold)
            _ = try tx.appendEvent(
                NewEvent(.paymentUnknown, sessionID: hold.sessionID, subjectID: payment.id, actor: actor, data: [
                    "payment_id": .string(payment.id), "hold_id": .string(hold.id), "reason": .string(reason),
                    "held_until": .string(hold.validBefore.iso8601),
                ]),
                at: now)
        }
    }

    /// Releases the held hold of a payment that was never signed and gives its amount back to the
    /// session (start-up recovery of an orphaned hold, a purchase retried after its process died).
    static func releaseUnsigned(_ hold: Hold, payment: Payment, tx: any StoreTransaction, now: Timestamp, actor: String, reason: String) throws {
        guard hold.status == .held, payment.status == .pending else { return }
        try cancel(hold, payment: payment, tx: tx, now: now, actor: actor, reason: reason)
        if let sessionID = hold.sessionID, var session = try tx.session(id: sessionID) {
            session.heldUSD = session.heldUSD.saturatingSubtract(hold.amountUSD)
            session.lastActive = now
            try tx.updateSession(session)
        }
    }

    /// Releases a held hold of a payment that never got signed (kill, cancel).
    static func cancel(_ original: Hold, payment original2: Payment, tx: any StoreTransaction, now: Timestamp, actor: String, reason: String) throws {
        var hold = original
        var payment = original2
        hold.status = .released
        hold.updatedAt = now
        payment.status = .failed
        payment.failureReason = reason
        payment.updatedAt = now
        try tx.updatePayment(payment, hold: hold)
        _ = try tx.appendEvent(
            NewEvent(.paymentCancelled, sessionID: hold.sessionID, subjectID: payment.id, actor: actor, data: [
                "payment_id": .string(payment.id), "hold_id": .string(hold.id), "reason": .string(reason),
                "released_usd": .string(hold.amountUSD.description),
            ]),
            at: now)
    }

    static func recordServiceOutcome(hold: Hold, success: Bool, latency: Int64, tx: any StoreTransaction, now: Timestamp) throws {
        guard let serviceID = hold.serviceID, var service = try tx.service(id: serviceID) else { return }
        service.totalCalls += 1
        if success { service.successfulCalls += 1 }
        service.averageLatencyMs = Int(Reputation.updatedLatency(service.averageLatencyMs.map(Int64.init), sample: latency))
        service.reputationScore = Reputation.score(
            calls: service.totalCalls, successes: service.successfulCalls, latencyMs: service.averageLatencyMs.map(Int64.init))
        service.updatedAt = now
        try tx.updateService(service)
    }
}

