import ArgumentParser
import PaygentFoundation
import PaygentCore
import PaygentWire

/// `paygent sessions list|show|create|kill|pause|resume`.
struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "List, inspect, pause, resume and kill agent sessions.",
        subcommands: [List.self, Show.self, Create.self, Kill.self, Pause.self, Resume.self]
    )

    static func parseStatus(_ text: String?) throws -> SessionStatus? {
        guard let text else { return nil }
        guard let status = SessionStatus(rawValue: text) else {
            throw CLIError("--status must be one of \(SessionStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    static func printDetail(_ s: AgentSession) {
        print("session  \(s.id)")
        print("name     \(UntrustedText.line(s.name, maxWidth: 80))")
        print("owner    \(UntrustedText.line(s.userID, maxWidth: 80))")
        print("status   \(s.status.rawValue)\(s.statusChangedBy.map { " (by \(UntrustedText.line($0, maxWidth: 80)))" } ?? "")\(s.statusReason.map { ": \(UntrustedText.line($0, maxWidth: 80))" } ?? "")")
        print("wallet   \(s.walletAddress?.checksummed ?? "-")")
        print("budget   \(s.config.budgetLimitUSD.map { "\($0) USD" } ?? "none")")
        print("spent    \(s.spentUSD) USD, held \(s.heldUSD) USD\(s.remainingUSD.map { ", remaining \($0) USD" } ?? "")")
        print("payments \(s.paymentCount)")
        print("created  \(CLIOutput.time(s.createdAt)), last active \(CLIOutput.time(s.lastActive))")
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions, newest first.")
        @OptionGroup var options: ControlPlaneOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: "Only sessions with this status.") var status: String?
        @Option(help: "Only sessions of this owner.") var user: String?

        func run() async throws {
            try await runCLI {
                let query = SessionQuery(status: try SessionsCommand.parseStatus(status), userID: user, page: paging.request)
                let page = try await options.withPaygent { try await $0.sessions(query) }
                try options.output(WirePage(page)) {
                    if page.items.isEmpty { print("no sessions"); return }
                    CLIOutput.table(["ID", "NAME", "STATUS", "SPENT", "HELD", "BUDGET", "LAST ACTIVE"], page.items.map {
                        [$0.id, UntrustedText.line($0.name, maxWidth: 24), $0.status.rawValue, $0.spentUSD.description,
                         $0.heldUSD.description, $0.config.budgetLimitUSD?.description ?? "-", CLIOutput.time($0.lastActive)]
                    })
                    CLIOutput.page(page)
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one session.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Session id.") var id: String

        func run() async throws {
            try await runCLI {
                let session = try await options.withPaygent { try await $0.session(id: id) }
                try options.output(session) { SessionsCommand.printDetail(session) }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a running session.")
        @OptionGroup var options: ControlPlaneOptions
        @Option(help: "Display name.") var name = ""
        @Option(help: "Owner (user_id).") var user = "operator"
        @Option(help: "Paying wallet address.") var wallet: String?
        @Option(parsing: .unconditional, help: "Budget in USD, e.g. 5.00.") var budget: String?

        func run() async throws {
            try await runCLI {
                let request = CreateSessionRequest(userID: user, name: name, walletAddress: wallet, budgetLimitUSD: budget)
                let session = try await options.withPaygent { try await $0.createSession(request, by: options.actor) }
                try options.output(session) { print("created session \(session.id)") }
            }
        }
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kill a session: release its holds, reject its approvals, refuse new payments.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Session id.") var id: String
        @Option(help: "Why (recorded in the event).") var reason: String?

        func run() async throws {
            try await runCLI {
                let session = try await options.withPaygent { try await $0.killSession(id: id, reason: reason, by: options.actor) }
                try options.output(session) { print("killed session \(session.id)") }
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a session: its payments are refused until resumed.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Session id.") var id: String
        @Option(help: "Why (recorded in the event).") var reason: String?

        func run() async throws {
            try await runCLI {
                let session = try await options.withPaygent { try await $0.pauseSession(id: id, reason: reason, by: options.actor) }
                try options.output(session) { print("paused session \(session.id)") }
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused session.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Session id.") var id: String

        func run() async throws {
            try await runCLI {
                let session = try await options.withPaygent { try await $0.resumeSession(id: id, by: options.actor) }
                try options.output(session) { print("resumed session \(session.id) (\(session.status.rawValue))") }
            }
        }
    }
}
