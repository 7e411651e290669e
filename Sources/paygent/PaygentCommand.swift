import ArgumentParser
import Foundation
import PaygentConsole
import PaygentCore
import PaygentDemo
import PaygentSQLite

/// The `paygent` command line: the operator console by default, and subcommands for every capability.
@main
struct PaygentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paygent",
        abstract: "Control plane and operator console for AI agents that pay over x402.",
        discussion: "With no subcommand, opens the full-screen operator console on your embedded store "
            + "($XDG_DATA_HOME/paygent/paygent.sqlite). `paygent --demo` opens it on a throwaway store "
            + "with a live demo fleet of agents paying demo services over x402.",
        version: PaygentVersion.current,
        subcommands: PaygentSubcommands.all,
        defaultSubcommand: ConsoleCommand.self
    )

    /// ArgumentParser's entry point, with its usage errors (an unknown option, a missing or
    /// unparsable value, a failed `validate()`) answered as every other bad input is: one line on
    /// stderr and exit code 2 (``CLIUsage``). Help and `--version` print as usual.
    static func main() async {
        do {
            var command = try parseAsRoot(Array(CommandLine.arguments.dropFirst()))
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if let line = CLIUsage.line(for: error) {
                StandardStreams.err(line)
                Foundation.exit(CLIUsage.exitStatus)
            }
            exit(withError: error)
        }
    }
}

/// `paygent console` — the default subcommand, so `paygent` and `paygent --demo` open the console.
///
/// The console's options live here rather than on the root command: an option declared on both a
/// parent and a subcommand is taken by the parent, which would steal `--database` from
/// `paygent sessions list --database …`.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Open the full-screen operator console (the default)."
    )

    @Flag(name: .long, help: "Open the console on a throwaway store with the live demo fleet running.")
    var demo = false

    @Flag(name: .customLong("read-only"), help: "Show everything, refuse every action.")
    var readOnly = false

    @Option(name: .long, help: ArgumentHelp("Theme name (themes/NAME.toml or the config dir) or a theme file path.", valueName: "name"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp(
        "SQLite database (default: $PAYGENT_DATABASE, else $XDG_DATA_HOME/paygent/paygent.sqlite).", valueName: "path"))
    var database: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed of the demo fleet (with --demo).", valueName: "n"))
    var seed: UInt64 = 42

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Agents in the demo fleet (with --demo).", valueName: "n"))
    var agents: Int = 5

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Pace of the demo fleet (with --demo; 1 = demo pace).", valueName: "r"))
    var rate: Double = 1

    @OptionGroup var remote: RemoteOptions

    func validate() throws {
        try DemoCommand.checkFleet(agents: agents, rate: rate)
    }

    func run() async throws {
        var options = ConsoleOptions(readOnly: readOnly, theme: theme)
        if demo {
            if remote.server != nil || remote.context != nil {
                throw CLIError.fail("--demo runs its own fleet locally; it does not combine with --server or --context")
            }
            let fleet = try await runCLI {
                try await DemoFleet.start(DemoFleetOptions(databasePath: database, seed: seed, agents: agents, rate: rate))
            }
            StandardStreams.err("paygent: demo store at \(fleet.databasePath)\n")
            do {
                try await runConsole(api: fleet.api, options: options)
            } catch {
                await fleet.stop()
                throw CLIError.fail(String(describing: error))
            }
            await fleet.stop()
            return
        }
        // The console runs in one context at a time; `:ctx NAME` closes it and opens the next.
        options.contextNames = RemoteTarget.contextNames()
        var target = try await runCLI { try RemoteTarget.resolve(remote, database: database) }
        var context = remote.context
        while true {
            var current = options
            current.contextName = context ?? (target == nil ? ConsoleContext.local : nil)
            let exit: ConsoleExit
            if let target {
                exit = try await RemoteConsole.run(target, options: current, context: context)
            } else {
                exit = try await localConsole(current, context: context)
            }
            guard case .switchContext(let name) = exit else { return }
            target = try await runCLI { try RemoteTarget.named(name) }
            context = name
        }
    }

    /// The console on the local store (`database`, else $PAYGENT_DATABASE, else the default path).
    func localConsole(_ given: ConsoleOptions, context: String?) async throws -> ConsoleExit {
        var options = given
        if let context { options.modeLabel = "\(context) · embedded" }
        let path = database ?? ProcessInfo.processInfo.environment["PAYGENT_DATABASE"] ?? SQLiteStore.defaultPath()
        let paygent = try await runCLI { try await CLIStore.open(path) }
        do {
            let exit = try await runConsole(api: paygent, options: options)
            try? await paygent.close()
            return exit
        } catch {
            try? await paygent.close()
            throw CLIError.fail(String(describing: error))
        }
    }
}

/// Every subcommand, in the order `paygent --help` lists them.
enum PaygentSubcommands {
    static let all: [any ParsableCommand.Type] = [
        ConsoleCommand.self, InitCommand.self, PolicyCommand.self, SessionsCommand.self, ApprovalsCommand.self, PaymentsCommand.self, ServicesCommand.self,
        WalletCommand.self, PauseCommand.self, ResumeCommand.self,
        PayCommand.self, X402Command.self, FacilitatorCommand.self, DemoServicesCommand.self,
        AgentCommand.self, DemoCommand.self,
        ServeCommand.self, TokensCommand.self,
        KeysCommand.self, EVMCommand.self,
    ]
}

/// The released version of the paygent tool.
enum PaygentVersion {
    static let current = "0.1.0"
}
