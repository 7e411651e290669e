import ArgumentParser
import PaygentFoundation
import PaygentChain
import PaygentCore
import PaygentEVM
import X402

/// `paygent wallet balance|allowance [ADDRESS]`.
struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "Wallet balances (from the chain, or the devnet ledger) and the rolling 24 h allowance.",
        subcommands: [Balance.self, Allowance.self]
    )

    static func address(_ text: String?) throws -> Address? {
        guard let text else { return nil }
        do { return try Address(text) } catch { throw CLIError("not a valid address: \(UntrustedText.line(text, maxWidth: 80)) (\(error))") }
    }

    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Balances: from the chain on a real network (ERC-20 balanceOf, native balance), else the devnet ledger.",
            discussion: """
                On the network `paygent init` set up, balances are read from its JSON-RPC node (rpc_url in \
                config.toml, or --rpc-url); an unreachable node is an error naming it, never a zero. On the devnet \
                (and without a set-up) they come from the store's ledger.
                """)
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Wallet address (default: the set-up's wallet, else the policy's default wallet).") var address: String?
        @Option(name: .customLong("rpc-url"), help: ArgumentHelp("JSON-RPC node to read from (default: rpc_url of the set-up).", valueName: "url"))
        var rpcURL: String?

        func run() async throws {
            try await runCLI {
                let setup = try SetupConfig.load()
                if let endpoint = rpcURL ?? setup?.rpcURL {
                    guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else { throw CLIError("--rpc-url: expected an http:// or https:// URL") }
                    guard let setup else { throw CLIError("--rpc-url needs the network and tokens of a set-up: run `paygent init` first") }
                    let wallet = try WalletCommand.address(address) ?? setup.walletAddress
                    try await chain(wallet: wallet, setup: setup, endpoint: endpoint)
                    return
                }
                let wallet = try WalletCommand.address(address) ?? setup?.walletAddress
                let balance = try await options.withPaygent { try await $0.walletBalance(wallet: wallet) }
                try options.output(balance) {
                    print("wallet \(balance.walletAddress.checksummed)")
                    CLIOutput.table(["TOKEN", "BALANCE", "USD", "ADDRESS"], balance.balances.map {
                        [UntrustedText.line($0.tokenSymbol, maxWidth: 10), $0.balance, $0.balanceUSD.description, $0.tokenAddress.checksummed]
                    })
                    print("total \(balance.totalBalanceUSD) USD")
                }
            }
        }

        /// Balances from the chain's JSON-RPC node.
        func chain(wallet: Address, setup: SetupConfig, endpoint: String) async throws {
            let balances: ChainBalanceReader.Balances
            do { balances = try await ChainBalanceReader(endpoint: endpoint).balances(of: wallet, tokens: setup.tokens) } catch {
                throw CLIError("cannot read balances of \(wallet.checksummed) on \(setup.networkName): \(error.message)")
            }
            let report = ChainBalanceReport(balances, network: setup.networkName, endpoint: endpoint)
            try options.output(report) {
                print("wallet \(wallet.checksummed) on \(setup.networkName) (chain \(setup.network.chainID), from \(endpoint))")
                CLIOutput.table(["TOKEN", "BALANCE", "ADDRESS"], report.tokens.map { [UntrustedText.line($0.symbol, maxWidth: 12), $0.balance, $0.address] }
                    + [[report.native.symbol, report.native.balance, "(native)"]])
            }
        }
    }

    struct Allowance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Daily limit, spent in the last 24 h, remaining.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Wallet address (default: the policy's default wallet).") var address: String?

        func run() async throws {
            try await runCLI {
                let wallet = try WalletCommand.address(address)
                let allowance = try await options.withPaygent { try await $0.walletAllowance(wallet: wallet) }
                try options.output(allowance) {
                    print("wallet     \(allowance.walletAddress.checksummed)")
                    print("limit      \(allowance.dailyLimitUSD.map { "\($0) USD per 24 h" } ?? "none")")
                    print("spent      \(allowance.spentTodayUSD) USD (held + settled, last 24 h)")
                    print("remaining  \(allowance.remainingAllowanceUSD.map { "\($0) USD" } ?? "unlimited")")
                    print("resets     \(CLIOutput.time(allowance.resetsAt))")
                }
            }
        }
    }
}

/// `wallet balance --json` on a real network: exact decimal text and base units, per token and native.
struct ChainBalanceReport: Encodable {
    struct Entry: Encodable {
        var symbol: String
        var address: String
        /// Whole tokens, exact (`"12.345678"`).
        var balance: String
        /// Base units, exact.
        var units: String
    }

    var wallet: String
    var network: String
    var rpcURL: String
    var native: Entry
    var tokens: [Entry]

    enum CodingKeys: String, CodingKey {
        case wallet, network, native, tokens
        case rpcURL = "rpc_url"
    }

    init(_ balances: ChainBalanceReader.Balances, network: String, endpoint: String) {
        wallet = balances.wallet.checksummed
        self.network = network
        rpcURL = endpoint
        let symbol = network.hasPrefix("base") ? "ETH" : network == "cronos-testnet" ? "TCRO" : "CRO"
        native = Entry(symbol: symbol, address: "", balance: TokenAmount.format(balances.native, decimals: 18), units: balances.native.description)
        tokens = balances.tokens.map {
            Entry(symbol: $0.token.symbol, address: $0.token.address.checksummed, balance: $0.token.format($0.units), units: $0.units.description)
        }
    }
}
