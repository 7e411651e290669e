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

        @OptionGroup var remote: RemoteOptions

        var useDemo: Bool { demo }
        var databasePath: String? { database }

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
            if !demo, let target = try await runCLI({ try RemoteTarget.resolve(remote, database: database) }) {
                try await RemoteAgentRun(command: command, session: session, budget: budget, json: json, target: target).run()
                return
            }
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
