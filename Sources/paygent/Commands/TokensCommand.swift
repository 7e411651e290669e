import ArgumentParser
import PaygentFoundation
import PaygentCore
import PaygentWire

/// `paygent tokens create|list|revoke`: bearer tokens of `paygent serve`.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "API tokens of `paygent serve` (the store keeps only a hash of each secret).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token and print its secret (shown only this once).")
        @OptionGroup var options: ControlPlaneOptions
        @Option(help: "admin, operator, agent or viewer.") var role: String
        @Option(help: "A label (default: the role).") var name: String?

        func run() async throws {
            try await runCLI {
                guard let role = APITokenRole(rawValue: role) else {
                    throw CLIError("--role must be one of \(APITokenRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let label = name ?? role.rawValue
                let actor = options.actor
                let issued = try await options.withPaygent { try await $0.issueAPIToken(name: label, role: role, by: actor) }
                try options.output(IssuedTokenResponse(issued)) {
                    print("token \(issued.token.id) (\(role.rawValue), \(UntrustedText.line(issued.token.name))); its secret, shown only this once:")
                    print(issued.secret)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var options: ControlPlaneOptions

        func run() async throws {
            try await runCLI {
                let tokens = try await options.withPaygent { try await $0.apiTokens() }
                try options.output(TokenList(tokens: tokens)) {
                    if tokens.isEmpty { print("no tokens"); return }
                    CLIOutput.table(["ID", "ROLE", "NAME", "PREFIX", "CREATED", "REVOKED"], tokens.map {
                        [$0.id, $0.role.rawValue, UntrustedText.line($0.name, maxWidth: 40), $0.prefix + "…", CLIOutput.time($0.createdAt),
                         CLIOutput.time($0.revokedAt)]
                    })
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it stops working at once.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Token id (tok_…).") var id: String

        func run() async throws {
            try await runCLI {
                let actor = options.actor
                let token = try await options.withPaygent { try await $0.revokeAPIToken(id: id, by: actor) }
                try options.output(token) { print("token \(token.id) revoked") }
            }
        }
    }
}
