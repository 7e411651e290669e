import ArgumentParser
import Foundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import X402
#if canImport(Glibc)
import Glibc
#endif

/// `paygent init`: the first-run set-up — wallet key, network, store, default wallet and a
/// starting policy — interactive in a terminal, or scripted with `--yes` and flags.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up Paygent: a wallet key, a network, the store and a starting policy.",
        discussion: """
            Creates (--new-key, the default) or imports (--key-file F) the wallet's key into \
            $XDG_CONFIG_HOME/paygent/keys/<address>.key (mode 0600; the key is never printed), writes the \
            network (chain id, token table, facilitator and RPC URLs) and the key file's path to \
            $XDG_CONFIG_HOME/paygent/config.toml, creates the store, and makes the wallet the policy's default \
            wallet with a daily limit and an approval threshold. Later commands (`paygent agent run`, \
            `paygent wallet balance`, `paygent`) use all of it without flags.

            In a terminal it asks; with --yes it takes the flags and defaults. It refuses to replace an \
            existing set-up without --force.

            Networks: \(NetworkPreset.all.map(\.name).joined(separator: ", ")) (default \(NetworkPreset.defaultName)).
            """
    )

    @Flag(name: .long, help: "Do not ask: take the flags and the defaults.")
    var yes = false

    @Option(name: .long, help: ArgumentHelp("Network preset (default \(NetworkPreset.defaultName)).", valueName: "name"))
    var network: String?

    @Flag(name: .customLong("new-key"), help: "Generate a new wallet key (the default).")
    var newKey = false

    @Option(name: .customLong("key-file"), help: ArgumentHelp("Import the wallet key from this file (hex private key).", valueName: "file"))
    var keyFile: String?

    @Option(name: .customLong("daily-limit"), parsing: .unconditional, help: ArgumentHelp("Most the wallet may spend per rolling 24 h, USD (default 5.00).", valueName: "usd"))
    var dailyLimit: String?

    @Option(name: .customLong("approval-threshold"), help: ArgumentHelp("Payments above this many USD wait for an operator (default 1.00).", valueName: "usd"))
    var approvalThreshold: String?

    @Option(name: .customLong("rpc-url"), help: ArgumentHelp("JSON-RPC node of the network (default: the preset's public node).", valueName: "url"))
    var rpcURL: String?

    @Flag(name: .long, help: "Replace an existing set-up (the old key file is kept).")
    var force = false

    @Option(name: .long, help: ArgumentHelp(
        "SQLite database (default: $PAYGENT_DATABASE, else $XDG_DATA_HOME/paygent/paygent.sqlite).", valueName: "path"))
    var database: String?

    static let defaultDailyLimit = "5.00"
    static let defaultApprovalThreshold = "1.00"

    /// Flags that contradict each other or are malformed: one line, exit 2, nothing written.
    func check() throws(CLIError) {
        if newKey && keyFile != nil { throw CLIError("use either --new-key or --key-file, not both") }
        if let rpcURL, !(rpcURL.hasPrefix("http://") || rpcURL.hasPrefix("https://")) || rpcURL.count > 2000 {
            throw CLIError("--rpc-url: expected an http:// or https:// URL")
        }
    }

    func run() async throws {
        try await runCLI {
            try check()
            var answers = Answers(network: network ?? NetworkPreset.defaultName, keyFile: keyFile,
                                  dailyLimit: dailyLimit ?? Self.defaultDailyLimit,
                                  approvalThreshold: approvalThreshold ?? Self.defaultApprovalThreshold)
            let environment = ProcessInfo.processInfo.environment
            if !force {
                let existing: SetupConfig?
                do { existing = try SetupConfig.load(environment: environment) } catch { throw CLIError("\(error); pass --force to replace it") }
                if let existing {
                    throw CLIError("already set up in \(SetupConfig.path(environment: environment)) (network \(existing.networkName), "
                        + "wallet \(existing.walletAddress.checksummed)); pass --force to replace it")
                }
            }
            if !yes {
                guard isatty(STDIN_FILENO) != 0 else {
                    throw CLIError("paygent init asks questions, but standard input is not a terminal: pass --yes "
                        + "(with --network, --new-key or --key-file, --daily-limit, --approval-threshold)")
                }
                answers = try ask(answers)
            }
            try await SetUp(answers: answers, database: database, rpcURL: rpcURL, environment: environment).run()
        }
    }

    /// What the set-up needs: from the flags, or asked.
    struct Answers {
        var network: String
        var keyFile: String?
        var dailyLimit: String
        var approvalThreshold: String
    }

    /// Asks in the terminal, offering the flags' values as defaults.
    func ask(_ defaults: Answers) throws(CLIError) -> Answers {
        func question(_ text: String, _ fallback: String) throws(CLIError) -> String {
            StandardStreams.out("\(text) [\(fallback)]: ")
            guard let line = readLine() else { throw CLIError("no answer (end of input)") }
            let answer = line.trimmingCharacters(in: .whitespaces)
            return answer.isEmpty ? fallback : answer
        }
        var answers = defaults
        StandardStreams.out("Networks:\n")
        for preset in NetworkPreset.all { StandardStreams.out("  \(preset.name.padding(toLength: 15, withPad: " ", startingAt: 0)) \(preset.summary)\n") }
        answers.network = try question("Network", defaults.network)
        _ = try NetworkPreset.named(answers.network)
        let key = try question("Wallet key: `new`, or the path of a key file to import", defaults.keyFile ?? "new")
        answers.keyFile = key == "new" ? nil : key
        answers.dailyLimit = try question("Daily limit, USD per rolling 24 h", defaults.dailyLimit)
        answers.approvalThreshold = try question("Ask an operator for payments above, USD", defaults.approvalThreshold)
        return answers
    }
}

/// The set-up itself, in the order that leaves nothing half-done behind a failure: check every
/// answer, write the key, set the policy in the store, and only then write the config file.
struct SetUp {
    let answers: InitCommand.Answers
    let database: String?
    /// Overrides the preset's JSON-RPC node.
    let rpcURL: String?
    let environment: [String: String]

    func run() async throws {
        let preset = try NetworkPreset.named(answers.network)
        if rpcURL != nil, preset.isDevnet { throw CLIError("--rpc-url: the devnet has no node (its balances are the store's ledger)") }
        let dailyLimit = try PolicyCommand.usd(answers.dailyLimit, "--daily-limit")
        let threshold = try PolicyCommand.usd(answers.approvalThreshold, "--approval-threshold")
        let directory = SetupConfig.directory(environment: environment)
        let keys = directory + "/keys"
        do {
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            _ = chmod(keys, 0o700)
        } catch {
            throw CLIError("cannot create \(keys): \(error.localizedDescription)")
        }
        let key: PrivateKey
        if let file = answers.keyFile { key = try KeyFile.load(file) } else { key = try PrivateKey.generate() }
        let keyPath = keys + "/" + key.address.checksummed + ".key"
        if FileManager.default.fileExists(atPath: keyPath) {
            // The same address is the same key: keep the file that is there.
            guard try KeyFile.load(keyPath).address == key.address else { throw CLIError("\(keyPath) holds another key; move it away first") }
        } else {
            try KeyFile.write(key, to: keyPath)
        }

        let path = database ?? environment["PAYGENT_DATABASE"] ?? SQLiteStore.defaultPath(environment: environment)
        let paygent: EmbeddedPaygent
        do { paygent = try EmbeddedPaygent.open(path: path) } catch { throw CLIError("cannot open database \(path): \(error)") }
        do {
            var policy = try await paygent.policy()
            policy.defaultWallet = key.address
            policy.walletDailyLimitUSD = dailyLimit
            policy.approvalThresholdUSD = threshold
            for token in preset.tokens {
                // Stablecoins: one token is one dollar.
                policy.priceTable.upsert(TokenInfo(address: token.address, symbol: token.symbol, decimals: token.decimals, usdPrice: 1))
            }
            _ = try await paygent.updatePolicy(policy, by: "cli:init")
            try? await paygent.close()
        } catch {
            try? await paygent.close()
            throw CLIError("cannot set the starting policy in \(path): \(error)")
        }

        let setup = SetupConfig(networkName: preset.name, network: preset.network, facilitatorURL: preset.facilitatorURL,
                                rpcURL: rpcURL ?? preset.rpcURL, walletAddress: key.address, keyFile: keyPath, tokens: preset.tokens)
        let configPath = SetupConfig.path(environment: environment)
        let console = Self.consoleSettings(in: configPath)
        do {
            try setup.render(keeping: console).write(toFile: configPath, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot write \(configPath): \(error.localizedDescription)")
        }

        let token = preset.tokens[0]
        print("paygent is set up:")
        print("  network   \(preset.name) (chain \(preset.network.chainID)), pays in \(token.symbol) \(token.address.checksummed)")
        print("  wallet    \(key.address.checksummed) (key in \(keyPath), mode 0600)")
        print("  policy    daily limit \(dailyLimit) USD, operator approval above \(threshold) USD")
        print("  store     \(path)")
        print("  config    \(configPath)")
        print("")
        print("Next:")
        if preset.isDevnet {
            print("  paygent demo-services serve --fund \(key.address.checksummed)=10      # paid x402 endpoints on the devnet, your wallet funded")
            print("  paygent agent run \"Pay 0.05 USDC for http://127.0.0.1:4021/market-data\"")
        } else {
            print("  paygent wallet balance                                # fund \(key.address.checksummed) with \(token.symbol) first")
            print("  paygent agent run \"Pay 0.05 USDC for https://…\"         # any x402 URL on \(preset.name)")
        }
        print("  paygent                                               # the console: watch, approve, kill")
    }

    /// The console's own settings in an existing config file (everything before init's part).
    static func consoleSettings(in path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        let marker = "# Written by `paygent init`"
        if let range = text.range(of: marker) { return String(text[..<range.lowerBound]) }
        // Init's tables only ever come from init; any other text is the console's.
        return text.contains("\n[network]") || text.hasPrefix("[network]") ? "" : text
    }
}
