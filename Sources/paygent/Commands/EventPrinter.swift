import ArgumentParser
import PaygentFoundation
import Foundation
import PaygentAgents
import PaygentChain
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentSQLite
import X402

/// Prints agent and payment events as they happen: one human line each, or JSON lines.
struct EventPrinter: Sendable {
    let json: Bool
    let databasePath: String
    let demo: Bool
    /// The server of a remote run (`agent run --server`): the approval hint names it instead of a store.
    var server: String? = nil

    func line(_ text: String) {
        StandardStreams.out(text + "\n")
    }

    func print(_ event: PaygentEvent) {
        if json {
            if let text = try? CompactJSON.line(event) { line(text) }
            return
        }
        if let text = human(event) { line(text) }
    }

    func human(_ event: PaygentEvent) -> String? {
        let d = event.data
        func s(_ key: String, max: Int = 160) -> String { UntrustedText.line(d[key]?.stringValue ?? "", maxWidth: max) }
        let nested = d["parent_run_id"] != nil ? "    " : ""
        switch event.type {
        case .agentThinking:
            return "\(nested)… \(s("message", max: 300))"
        case .agentToolCall:
            let arguments = d["arguments"]?.jsonText ?? "{}"
            return "\(nested)→ \(s("tool")) \(UntrustedText.line(arguments, maxWidth: 200))\(d["resumed"] == true ? " (resumed)" : "")"
        case .agentToolResult:
            let duration = d["duration_ms"]?.intValue.map { "\($0) ms" } ?? "-"
            if d["success"] == true {
                let summary = UntrustedText.line(d["result"]?["summary"]?.stringValue ?? "done", maxWidth: 300)
                return "\(nested)✓ \(s("tool")) (\(duration)): \(summary)"
            }
            return "\(nested)✗ \(s("tool")) (\(duration)): \(s("error", max: 300)) [\(s("error_type"))]"
        case .agentApprovalRequired:
            let id = s("request_id")
            let amount = d["amount"]?.stringValue.map { " \($0) \(s("currency"))" } ?? ""
            let database = server != nil ? "" : demo || databasePath != SQLiteStore.defaultPath() ? "PAYGENT_DATABASE=\(databasePath) " : ""
            let remote = server.map { " --server \($0) --token …" } ?? ""
            return """
                \(nested)⏸ approval needed: \(s("tool_name"))\(amount) — \(s("reason", max: 200))
                \(nested)  waiting for a decision; from another terminal run:
                \(nested)    \(database)paygent approvals approve \(id)\(remote)
                \(nested)  (or: \(database)paygent approvals reject \(id) --reason "…"\(remote))
                """
        case .agentSubagentStart:
            return "\(nested)↳ subagent \(s("subagent_run_id")) (budget \(d["budget"]?.stringValue ?? "-") USD): \(s("command", max: 200))"
        case .agentSubagentEnd:
            return "\(nested)↲ subagent \(s("subagent_run_id")) \(s("status")) (cost \(s("total_cost")) USD)"
        case .agentComplete:
            guard d["parent_run_id"] == nil else { return nil }
            let result = (d["result"]?.stringValue ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                .prefix(50).map { UntrustedText.line(String($0), maxWidth: 300) }.joined(separator: "\n")
            return "✔ completed in \(d["duration_ms"]?.intValue ?? 0) ms, cost \(s("total_cost")) USD\n\(result)"
        case .agentError:
            guard d["parent_run_id"] == nil else { return "\(nested)✘ subagent \(s("error_type")): \(s("message", max: 300))" }
            return "✘ \(s("error_type")): \(s("message", max: 500))"
        case .paymentSettled:
            return "\(nested)  $ settled \(s("amount")) \(s("currency")) (\(s("tx_hash", max: 20)))"
        case .paymentDenied:
            return "\(nested)  $ denied by policy: \(s("reason", max: 300))"
        case .approvalApproved, .approvalEdited, .approvalRejected, .approvalExpired:
            return "\(nested)  \(event.type.rawValue) by \(UntrustedText.line(event.actor, maxWidth: 80))"
        case .sessionKilled:
            return "  session killed by \(UntrustedText.line(event.actor, maxWidth: 80))"
        default:
            return nil
        }
    }
}
