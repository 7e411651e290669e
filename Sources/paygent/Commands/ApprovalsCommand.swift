import ArgumentParser
import PaygentFoundation
import PaygentCore
import PaygentWire

/// `paygent approvals list|show|approve|reject|edit`.
struct ApprovalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "List and decide approval requests (the first decision wins).",
        subcommands: [List.self, Show.self, Approve.self, Reject.self, Edit.self]
    )

    static func printDetail(_ a: ApprovalRequest) {
        print("request   \(a.id)")
        print("session   \(a.sessionID)")
        print("tool      \(UntrustedText.line(a.toolName, maxWidth: 80)) \(UntrustedText.line(a.toolArgs.jsonText, maxWidth: 200))")
        print("amount    \(a.formattedAmount.map { "\($0) \(UntrustedText.line(a.currency, maxWidth: 80))" } ?? "-")\(a.amountUSD.map { " (\($0) USD)" } ?? "")")
        print("payee     \(a.payee?.checksummed ?? "-")")
        print("reason    \(UntrustedText.line(a.reason, maxWidth: 200))")
        print("decision  \(a.decision.rawValue)\(a.decidedBy.map { " by \(UntrustedText.line($0, maxWidth: 80))" } ?? "")\(a.decisionMadeAt.map { " at \(CLIOutput.time($0))" } ?? "")")
        if let reason = a.decisionReason { print("because   \(UntrustedText.line(reason, maxWidth: 200))") }
        if let edited = a.editedArgs { print("edited    \(UntrustedText.line(edited.jsonText, maxWidth: 200))") }
        print("expires   \(CLIOutput.time(a.expiresAt)) (then \(a.onTimeout.rawValue))")
    }

    static func printResult(_ result: ApprovalDecisionResult) {
        print("\(result.requestID): \(UntrustedText.line(result.message, maxWidth: 200))")
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List pending requests, oldest first (or all with --all).")
        @OptionGroup var options: ControlPlaneOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: "Only this session.") var session: String?
        @Flag(help: "Include decided requests.") var all = false

        func run() async throws {
            try await runCLI {
                let query = ApprovalQuery(sessionID: session, decision: all ? nil : .pending, page: paging.request)
                let page = try await options.withPaygent { try await $0.approvals(query) }
                try options.output(WirePage(page)) {
                    if page.items.isEmpty { print(all ? "no approval requests" : "no pending approval requests"); return }
                    CLIOutput.table(["ID", "SESSION", "TOOL", "AMOUNT", "PAYEE", "DECISION", "EXPIRES"], page.items.map { a in
                        [a.id, a.sessionID, UntrustedText.line(a.toolName, maxWidth: 20),
                         a.formattedAmount.map { "\($0) \(UntrustedText.line(a.currency, maxWidth: 8))" } ?? "-",
                         a.payee?.checksummed ?? "-", a.decision.rawValue, CLIOutput.time(a.expiresAt)]
                    })
                    CLIOutput.page(page)
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one request.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Request id.") var id: String

        func run() async throws {
            try await runCLI {
                let approval = try await options.withPaygent { try await $0.approval(id: id) }
                try options.output(approval) { ApprovalsCommand.printDetail(approval) }
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a request as asked.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Request id.") var id: String

        func run() async throws {
            try await runCLI {
                let result = try await options.withPaygent { try await $0.approve(id: id, by: options.actor) }
                try options.output(result) { ApprovalsCommand.printResult(result) }
            }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a request; the payment fails with the reason.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Request id.") var id: String
        @Option(help: "Why.") var reason: String?

        func run() async throws {
            try await runCLI {
                let result = try await options.withPaygent { try await $0.reject(id: id, reason: reason, by: options.actor) }
                try options.output(result) { ApprovalsCommand.printResult(result) }
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve with a lower (or equal) amount and/or new tool arguments.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Request id.") var id: String
        @Option(parsing: .unconditional, help: "New amount in whole tokens, at most the amount asked.") var amount: String?
        @Option(help: "New tool arguments as a JSON object.") var args: String?

        func run() async throws {
            try await runCLI {
                var edited: JSONValue?
                if let args {
                    do { edited = try JSONValue.parse(args) } catch { throw CLIError("--args: \(error)") }
                }
                let edit = ApprovalEdit(editedArgs: edited, amount: amount)
                let result = try await options.withPaygent { try await $0.editApproval(id: id, edit, by: options.actor) }
                try options.output(result) { ApprovalsCommand.printResult(result) }
            }
        }
    }
}
