import ArgumentParser
import PaygentCore
import PaygentEVM

/// `paygent wallet balance|allowance [ADDRESS]`.
struct WalletCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "Wallet balances (devnet ledger) and the rolling 24 h allowance.",
        subcommands: [Balance.self, Allowance.self]
    )

    static func address(_ text: String?) throws -> Address? {
        guard let text else { return nil }
        do { return try Address(text) } catch { throw CLIError("not a valid address: \(CLIOutput.clean(text)) (\(error))") }
    }

    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Balances in every priced token.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Wallet address (default: the policy's default wallet).") var address: String?

        func run() async throws {
            try await runCLI {
                let wallet = try WalletCommand.address(address)
                let balance = try await options.withPaygent { try await $0.walletBalance(wallet: wallet) }
                try options.output(balance) {
                    print("wallet \(balance.walletAddress.checksummed)")
                    CLIOutput.table(["TOKEN", "BALANCE", "USD", "ADDRESS"], balance.balances.map {
                        [CLIOutput.clean($0.tokenSymbol, max: 10), $0.balance, $0.balanceUSD.description, $0.tokenAddress.checksummed]
                    })
                    print("total \(balance.totalBalanceUSD) USD")
                }
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
