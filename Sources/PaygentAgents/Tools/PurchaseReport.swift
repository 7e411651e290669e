import Foundation
import X402Client
import PaygentFoundation
import Http
import PaygentCore
import X402

/// Turns an ``X402PaymentResult`` into a tool outcome (shared by `x402_fetch`, `subscribe` and
/// subscription renewals).
enum PurchaseReport {
    /// The body as JSON when it is JSON and small enough, else a cleaned text preview.
    static func preview(_ body: [UInt8], limit: Int) -> JSONValue {
        if body.isEmpty { return .null }
        if body.count <= limit, let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
           first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
           let json = try? JSONValue.parse(bytes: body)
        {
            return json
        }
        return .string(UntrustedText.line(String(decoding: body.prefix(limit), as: UTF8.self), maxWidth: limit))
    }

    /// What a purchase produced, as a tool outcome. `label` names what was bought.
    static func outcome(
        _ result: X402PaymentResult, label: String, url: String, serviceID: String?, purchaseID: String,
        context: ToolContext, extra: JSONObject = [:]
    ) async -> ToolOutcome {
        let limit = context.configuration.responsePreviewBytes
        switch result {
        case .paid(let receipt):
            let intent = receipt.intent
            // What moved: for `upto` the settlement's charge (never above the signed maximum),
            // otherwise the price that was signed.
            let charged = receipt.settlement.flatMap { $0.success ? $0.amount : nil }.map { min($0, intent.amount) } ?? intent.amount
            let amountText = context.format(charged, token: intent.asset)
            let usd = context.usdValue(charged, token: intent.asset)
            let settled = receipt.settlement?.success == true
            let permanentFailure = receipt.settlement.map { !$0.success && ($0.errorReason?.isPermanent ?? false) } ?? false
            var object: JSONObject = extra
            object["url"] = .string(url)
            object["service_id"] = serviceID.map(JSONValue.string) ?? .null
            object["status"] = .integer(receipt.response.status)
            object["paid"] = .bool(!permanentFailure)
            object["amount"] = .string(amountText)
            object["amount_usd"] = .string(usd.description)
            object["purchase_id"] = .string(purchaseID)
            object["tx_hash"] = receipt.transaction.map(JSONValue.string) ?? .null
            object["settlement"] = .string(settled ? "settled" : permanentFailure ? "failed" : "unknown")
            object["response"] = preview(receipt.body, limit: limit)
            if permanentFailure {
                return .failure(AgentFailure(.paymentFailed, "the service answered but settlement failed: \(receipt.settlement?.errorReason?.rawValue ?? "unknown reason")"), cost: .zero)
            }
            let tx = receipt.transaction.map { " (tx \($0.prefix(10))…)" } ?? " (settlement not confirmed)"
            object["summary"] = .string("Paid \(amountText) for \(label)\(tx)")
            return .success(.object(object), cost: usd)
        case .notRequired(let response):
            guard response.isSuccess else {
                return .failure(.serviceError, "\(label) answered HTTP \(response.status) without asking for payment"
                    + bodyHint(response.body))
            }
            var object: JSONObject = extra
            object["url"] = .string(url)
            object["service_id"] = serviceID.map(JSONValue.string) ?? .null
            object["status"] = .integer(response.status)
            object["paid"] = false
            object["response"] = preview(response.body, limit: limit)
            object["summary"] = .string("Fetched \(label) (no payment required)")
            return .success(.object(object), cost: .zero)
        case .approvalRequired(_, let reason):
            do {
                guard let approval = try await context.paygent.approval(purchaseID: purchaseID) else {
                    return .failure(.internal, "the policy asked for approval but recorded no request: \(reason)")
                }
                switch approval.decision {
                case .pending:
                    return .approvalRequired(approvalID: approval.id, reason: approval.reason)
                case .rejected:
                    return .failure(.approvalRejected, "approval \(approval.id) was rejected" + (approval.decisionReason.map { ": \($0)" } ?? ""))
                case .expired:
                    return .failure(.approvalExpired, "approval \(approval.id) expired without a decision")
                case .approved, .edited:
                    return .failure(.internal, "approval \(approval.id) is \(approval.decision.rawValue) but the policy still asks: \(reason)")
                }
            } catch {
                return .failure(.internal, "could not read the approval request: \(errorMessage(error))")
            }
        case .denied(let reason):
            let cleaned = UntrustedText.line(reason, maxWidth: 400)
            if reason.contains("exceeds the maximum") || reason.contains("exceeds the per-payment maximum") || reason.contains("is not allowed") {
                return .failure(.priceAboveLimit, "\(label) costs more than this step may pay: \(cleaned)")
            }
            return .failure(.policyDenied, "payment denied by policy: \(cleaned)")
        case .failed(let error):
            switch error {
            case .transport(let http):
                if http == .cancelled { return .failure(.cancelled, "cancelled before paying") }
                return .failure(.serviceError, "\(label) could not be reached: \(http)")
            case .serverUnavailable(let status, _):
                return .failure(.serviceError, "\(label) answered HTTP \(status) until retries ran out; nothing was paid")
            case .invalidPaymentRequired(let decode):
                return .failure(.serviceError, "\(label) sent a malformed 402 response (\(decode.reason.rawValue)); nothing was paid")
            case .noSupportedRequirement(let reasons):
                return .failure(.serviceError, "\(label) offers no payment option this agent can use: \(UntrustedText.line(reasons.joined(separator: "; "), maxWidth: 300))")
            case .paymentRejected(let reason, let message, let status, _):
                return .failure(.paymentFailed, "\(label) rejected the payment (HTTP \(status), \(reason.rawValue))"
                    + (message.map { ": \(UntrustedText.line($0, maxWidth: 200))" } ?? "") + "; nothing was settled")
            case .outcomeUnknown(let reason, _):
                return .failure(.paymentFailed, "payment outcome unknown: \(UntrustedText.line(reason, maxWidth: 200)); the hold stays until it is known")
            case .unresolvedPayment:
                return .failure(.paymentFailed, UntrustedText.line(error.description, maxWidth: 300))
            case .cancelled:
                return .failure(.cancelled, "cancelled before paying")
            case .policyFailed(let message):
                return .failure(.internal, "payment policy failed: \(UntrustedText.line(message, maxWidth: 300))")
            case .signingFailed(let message):
                return .failure(.internal, "signing failed: \(UntrustedText.line(message, maxWidth: 200))")
            case .purchaseInProgress:
                return .failure(.internal, "this purchase is already being paid by another step")
            }
        }
    }

    static func bodyHint(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        return ": " + UntrustedText.line(String(decoding: body.prefix(160), as: UTF8.self), maxWidth: 160)
    }

    /// `url` with `params` appended as a query string.
    static func url(_ base: String, params: JSONObject) -> String {
        guard !params.isEmpty else { return base }
        let query = params.keys.sorted().map { key -> String in
            let value = params[key]!
            let text = value.stringValue ?? value.decimalText ?? value.jsonText
            return percentEncode(key) + "=" + percentEncode(text)
        }.joined(separator: "&")
        return base + (base.contains("?") ? "&" : "?") + query
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
