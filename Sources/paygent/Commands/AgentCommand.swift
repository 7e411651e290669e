import ArgumentParser
import Foundation
import PaygentAgents
import PaygentChain
import PaygentCore
import PaygentDemo
import PaygentEVM
import PaygentSQLite
import X402

/// `paygent agent run "COMMAND"`: plans and runs one agent command, printing its events as they
/// happen and waiting through approvals.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run agent commands (plan → tool calls → x402 payments under policy).",
        subcommands: [Run.self]
    )

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run one natural-language command as an agent and print its events.",
            discussion: """
                The rule planner (default, offline) understands, joined by "then": "Pay 0.10 USDC to access \
                the market data API", "Find market data services under 0.05 USDC", "Check my balance", \
                "Transfer 5 USDC to 0x…", "Subscribe to the news feed for a week", "Get a swap quote for 10 CRO \
                to USDC and buy it if under 0.05", "Spawn 2 subagents with 0.10 USDC each to <command>". With \
                ANTHROPIC_API_KEY or OPENAI_API_KEY set (or --planner), a model picks the tools instead; every \
                payment still goes through the policy.

                Payments above the approval threshold wait for a decision: approve it from another terminal \
                with `paygent approvals approve ID --database PATH` (the command prints both).

                --demo runs against a throwaway store with the demo's paid services and a funded devnet wallet, \
                so every command above works with nothing configured. Without --demo the wallet key, network and \
                tokens are the ones `paygent init` set up (--key-file or --devnet-account override the key); \
                without either it says what is missing.

                Exit status: 0 completed, 1 failed or cancelled, 2 bad input.
                """
        )

        @Argument(help: "The command, in quotes.")
        var command: String

        @Option(name: .long, help: ArgumentHelp("Run in this existing session (default: a new one).", valueName: "id"))
        var session: String?

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Budget of the new session in USD.", valueName: "usd"))
        var budget: String = "50.00"

        @Flag(name: .long, help: "Print events as JSON lines.")
        var json = false

        @Flag(name: .long, help: "Use a throwaway store with the demo services and a funded devnet wallet.")
        var demo = false

        @Option(name: .long, help: ArgumentHelp(
            "SQLite database (default: $PAYGENT_DATABASE, else $XDG_DATA_HOME/paygent/paygent.sqlite; with --demo: a temporary file).",
            valueName: "path"))
        var database: String?

        @Option(name: .customLong("key-file"), help: ArgumentHelp("File holding the wallet's private key (hex).", valueName: "file"))
        var keyFile: String?

        @Option(name: .customLong("devnet-account"), parsing: .unconditional, help: ArgumentHelp("Use public devnet key N as the wallet (local devnet only).", valueName: "n"))
        var devnetAccount: Int?

        @Option(name: .long, help: ArgumentHelp("rule, anthropic or openai (default: from the environment, else rule).", valueName: "name"))
        var planner: String?

        @Option(name: .long, help: ArgumentHelp("Name of the new session.", valueName: "name"))
        var name: String = "cli agent"

        /// `--demo` and `--database`, also when the root command took them.
        var useDemo: Bool { demo || RootShadowedOptions.flag("demo") }
        var databasePath: String? { database ?? RootShadowedOptions.value("database") }

        func validate() throws {
            guard !command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the command is empty") }
            guard command.unicodeScalars.count <= 10_000 else { throw ValidationError("the command is longer than 10000 characters") }
            if let planner, !["rule", "anthropic", "openai"].contains(planner) {
                throw ValidationError("--planner must be rule, anthropic or openai")
            }
            if useDemo, keyFile != nil || devnetAccount != nil {
                throw ValidationError("--demo brings its own wallet; drop --key-file/--devnet-account")
            }
        }

        func run() async throws {
            let (outcome, stopped): (AgentRunResult, StopSignals?) = try await runCLI {
                let environment = try await AgentEnvironment.open(self)
                do {
                    let result = try await execute(in: environment)
                    await environment.close()
                    return result
                } catch {
                    await environment.close()
                    throw error
                }
            }
            if let stopped, let status = stopped.exitStatus {
                StandardStreams.err("paygent: agent run \(outcome.runID) stopped by \(stopped.name ?? "a signal"): \(outcome.status.rawValue)\n")
                throw ExitCode(status)
            }
            if outcome.status != .completed { throw ExitCode(1) }
        }

        func chosenPlanner() throws(CLIError) -> any Planner {
            var environment = ProcessInfo.processInfo.environment
            if let planner { environment["PAYGENT_PLANNER"] = planner }
            guard let configuration = LLMConfiguration.fromEnvironment(environment) else {
                if let planner, planner != "rule" {
                    throw CLIError("--planner \(planner) needs \(planner == "anthropic" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY") in the environment")
                }
                return RulePlanner()
            }
            return LLMPlanner(configuration: configuration)
        }

        /// Runs the command; SIGTERM or SIGINT stops the run cleanly (``AgentRuntime/stop(runID:reason:)``:
        /// cancelled, its pending approval withdrawn, its lease given up) and is returned with it.
        func execute(in environment: AgentEnvironment) async throws -> (AgentRunResult, StopSignals?) {
            let paygent = environment.paygent
            let sessionID: String
            if let session {
                let existing: AgentSession
                do { existing = try await paygent.session(id: session) } catch { throw CLIError(error.message) }
                guard existing.walletAddress == environment.wallet else {
                    throw CLIError("session \(existing.id) pays from \(existing.walletAddress?.checksummed ?? "no wallet"), not from the loaded key \(environment.wallet.checksummed)")
                }
                sessionID = existing.id
            } else {
                do {
                    sessionID = try await paygent.createSession(
                        CreateSessionRequest(userID: "cli", name: name, walletAddress: environment.wallet.checksummed, budgetLimitUSD: budget),
                        by: "cli").id
                } catch {
                    throw CLIError(error.message)
                }
            }
            let printer = EventPrinter(json: json, databasePath: environment.databasePath, demo: environment.isDemo)
            if !json {
                printer.line("session \(sessionID) · wallet \(environment.wallet.checksummed) · store \(environment.databasePath)")
            }
            let after = (try? await paygent.events(EventQuery(limit: 1)).latestSeq) ?? 0
            let stream = paygent.subscribe(after: after)
            let planner = try chosenPlanner()
            // Installed before the run starts, so a signal at any moment reaches it.
            let signals = StopSignals.install()
            let runtime = environment.runtime
            let handle: AgentRunHandle
            do {
                handle = try await runtime.start(command, sessionID: sessionID, options: RunOptions(planner: planner))
            } catch {
                throw CLIError(error.message)
            }
            // Print this run's events (and its session's payment events) until it ends.
            let printing = Task {
                do {
                    for try await event in stream where event.sessionID == sessionID {
                        printer.print(event)
                        if event.subjectID == handle.runID, event.type == .agentComplete || event.type == .agentError { return }
                    }
                } catch {}
            }
            signals.onStop { number in
                Task { await runtime.stop(runID: handle.runID, reason: "interrupted by \(StopSignals.name(number))") }
            }
            let result = await handle.wait()
            // Let the printer reach the final event, then stop it.
            try? await Task.sleep(for: .milliseconds(50))
            printing.cancel()
            _ = await printing.value
            if json {
                printer.line(try CompactJSON.line(result))
            }
            return (result, signals.signal == nil ? nil : signals)
        }
    }
}

/// Where `agent run` runs: a demo fleet without agents, or the user's store with one wallet key.
struct AgentEnvironment {
    /// The control plane the run talks to.
    let paygent: any AgentHost
    /// The embedded control plane this command opened (closed with it); nil for the demo's.
    let local: EmbeddedPaygent?
    let runtime: AgentRuntime
    let wallet: Address
    let databasePath: String
    let isDemo: Bool
    let fleet: DemoFleetHandle?

    static func open(_ options: AgentCommand.Run) async throws -> AgentEnvironment {
        if options.useDemo {
            let fleet: DemoFleetHandle
            do {
                fleet = try await DemoFleet.start(DemoFleetOptions(databasePath: options.databasePath, agents: 0, startAgents: false))
            } catch {
                throw CLIError("cannot start the demo environment: \(error)")
            }
            return AgentEnvironment(paygent: fleet.paygent, local: nil, runtime: fleet.runtime, wallet: fleet.cliWallet,
                                    databasePath: fleet.databasePath, isDemo: true, fleet: fleet)
        }
        // Flags win; otherwise what `paygent init` set up (and a clear word when it has not run).
        let explicitKey = options.keyFile != nil || options.devnetAccount != nil || ProcessInfo.processInfo.environment["PAYGENT_KEY_FILE"] != nil
        let setup = explicitKey ? try SetupConfig.load() : try SetupConfig.required(for: "`paygent agent run` without --demo or --key-file")
        let key = try setup.flatMap { explicitKey ? nil : try KeyFile.load($0.keyFile) } ?? loadKey(options)
        let path = options.databasePath ?? ProcessInfo.processInfo.environment["PAYGENT_DATABASE"] ?? SQLiteStore.defaultPath()
        let paygent = try await CLIStore.open(path)
        let tokens = setup?.tokens ?? [PaymentToken.cronosTestnetUSDC]
        let facilitator = LocalFacilitator(
            ledger: paygent.ledger,
            configuration: .init(networks: Array(Set(tokens.map(\.network))), tokens: tokens, signers: [DevnetAccounts.facilitatorSigner.address]))
        let runtime = AgentRuntime(paygent: paygent, wallets: KeyRing([key]), facilitator: facilitator,
                                   configuration: AgentRuntimeConfiguration(paymentTokens: tokens))
        // Outcomes of signed payments: from the chain on a real network, from the store's ledger on the devnet.
        paygent.startMaintenance(settlements: await CLIStore.settlements(for: paygent))
        return AgentEnvironment(paygent: paygent, local: paygent, runtime: runtime, wallet: key.address, databasePath: path, isDemo: false, fleet: nil)
    }

    static func loadKey(_ options: AgentCommand.Run) throws(CLIError) -> PrivateKey {
        if let account = options.devnetAccount {
            guard options.keyFile == nil else { throw CLIError("use either --key-file or --devnet-account, not both") }
            guard (0...999).contains(account) else { throw CLIError("--devnet-account must be between 0 and 999") }
            return DevnetAccounts.key(account)
        }
        guard let file = options.keyFile ?? ProcessInfo.processInfo.environment["PAYGENT_KEY_FILE"] else {
            throw CLIError("no wallet: run `paygent init`, or give --key-file FILE or --devnet-account N (or use --demo)")
        }
        return try KeyFile.load(file)
    }

    func close() async {
        if let fleet {
            await fleet.stop()
        } else {
            await runtime.shutdown()
            try? await local?.close()
        }
    }
}

/// Prints agent and payment events as they happen: one human line each, or JSON lines.
struct EventPrinter: Sendable {
    let json: Bool
    let databasePath: String
    let demo: Bool

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
        func s(_ key: String, max: Int = 160) -> String { CLIOutput.clean(d[key]?.stringValue ?? "", max: max) }
        let nested = d["parent_run_id"] != nil ? "    " : ""
        switch event.type {
        case .agentThinking:
            return "\(nested)… \(s("message", max: 300))"
        case .agentToolCall:
            let arguments = d["arguments"]?.jsonText ?? "{}"
            return "\(nested)→ \(s("tool")) \(CLIOutput.clean(arguments, max: 200))\(d["resumed"] == true ? " (resumed)" : "")"
        case .agentToolResult:
            let duration = d["duration_ms"]?.intValue.map { "\($0) ms" } ?? "-"
            if d["success"] == true {
                let summary = CLIOutput.clean(d["result"]?["summary"]?.stringValue ?? "done", max: 300)
                return "\(nested)✓ \(s("tool")) (\(duration)): \(summary)"
            }
            return "\(nested)✗ \(s("tool")) (\(duration)): \(s("error", max: 300)) [\(s("error_type"))]"
        case .agentApprovalRequired:
            let id = s("request_id")
            let amount = d["amount"]?.stringValue.map { " \($0) \(s("currency"))" } ?? ""
            let database = demo || databasePath != SQLiteStore.defaultPath() ? "PAYGENT_DATABASE=\(databasePath) " : ""
            return """
                \(nested)⏸ approval needed: \(s("tool_name"))\(amount) — \(s("reason", max: 200))
                \(nested)  waiting for a decision; from another terminal run:
                \(nested)    \(database)paygent approvals approve \(id)
                \(nested)  (or: \(database)paygent approvals reject \(id) --reason "…")
                """
        case .agentSubagentStart:
            return "\(nested)↳ subagent \(s("subagent_run_id")) (budget \(d["budget"]?.stringValue ?? "-") USD): \(s("command", max: 200))"
        case .agentSubagentEnd:
            return "\(nested)↲ subagent \(s("subagent_run_id")) \(s("status")) (cost \(s("total_cost")) USD)"
        case .agentComplete:
            guard d["parent_run_id"] == nil else { return nil }
            let result = (d["result"]?.stringValue ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                .prefix(50).map { CLIOutput.clean(String($0), max: 300) }.joined(separator: "\n")
            return "✔ completed in \(d["duration_ms"]?.intValue ?? 0) ms, cost \(s("total_cost")) USD\n\(result)"
        case .agentError:
            guard d["parent_run_id"] == nil else { return "\(nested)✘ subagent \(s("error_type")): \(s("message", max: 300))" }
            return "✘ \(s("error_type")): \(s("message", max: 500))"
        case .paymentSettled:
            return "\(nested)  $ settled \(s("amount")) \(s("currency")) (\(s("tx_hash", max: 20)))"
        case .paymentDenied:
            return "\(nested)  $ denied by policy: \(s("reason", max: 300))"
        case .approvalApproved, .approvalEdited, .approvalRejected, .approvalExpired:
            return "\(nested)  \(event.type.rawValue) by \(CLIOutput.clean(event.actor))"
        case .sessionKilled:
            return "  session killed by \(CLIOutput.clean(event.actor))"
        default:
            return nil
        }
    }
}

/// One value as compact JSON on one line (JSON lines output).
enum CompactJSON {
    static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Options that the root `paygent` command also declares (`--demo`, `--database`, `--seed`,
/// `--agents`, `--rate`): ArgumentParser gives such options to the root command even when they
/// follow a subcommand, so subcommands read them back from the raw arguments.
enum RootShadowedOptions {
    /// The arguments after the program name, up to a `--` terminator.
    static var arguments: [String] {
        Array(CommandLine.arguments.dropFirst().prefix { $0 != "--" })
    }

    /// Whether `--name` is present.
    static func flag(_ name: String) -> Bool {
        arguments.contains("--\(name)")
    }

    /// The value of `--name VALUE` or `--name=VALUE` (the last one given).
    static func value(_ name: String) -> String? {
        var found: String?
        let args = arguments
        var index = 0
        while index < args.count {
            let argument = args[index]
            if argument == "--\(name)", index + 1 < args.count {
                found = args[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--\(name)=") {
                found = String(argument.dropFirst(name.count + 3))
            }
            index += 1
        }
        return found
    }
}
