import ArgumentParser
import PaygentEVM
import PaygentServer
import X402
#if canImport(Glibc)
import Glibc
#endif

/// `paygent facilitator serve`: the devnet x402 facilitator on its own.
struct FacilitatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facilitator",
        abstract: "Run a local x402 facilitator (devnet ledger in memory).",
        subcommands: [Serve.self]
    )

    /// `paygent facilitator serve [--host 127.0.0.1] [--port 4020] [--fund ADDRESS=AMOUNT …] [--accounts N]`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve POST /x402/verify, POST /x402/settle, GET /x402/supported (also unprefixed and Cronos /v2/x402/*).",
            discussion: """
                Payments are exact-scheme EIP-3009 authorisations for devUSDC.e on Cronos testnet \
                (cronos-testnet / eip155:338), verified like the reference facilitator and settled on an \
                in-memory ledger: nothing touches a real chain. Balances start at zero except for the \
                funded devnet accounts printed at start and any --fund ADDRESS=AMOUNT (whole USDC, e.g. 250 or 0.5).
                """
        )

        @OptionGroup var server: DevnetServerOptions

        func run() async throws {
            try await runCLI {
                try server.check()
                let (host, port, accounts) = (server.host, server.port ?? 4020, server.accounts)
                let token = PaymentToken.cronosTestnetUSDC
                let extra = try DevnetFunding.parse(server.fund, token: token)
                let ledger = InMemoryLedger()
                let keys = DevnetAccounts.keys(accounts)
                let perAccount = try token.amount("1000")
                for key in keys { try await DevnetAccounts.fund(key.address, with: perAccount, token: token.address, on: ledger) }
                for (address, amount) in extra { try await DevnetAccounts.fund(address, with: amount, token: token.address, on: ledger) }
                let facilitator = LocalFacilitator(
                    ledger: ledger,
                    configuration: .init(networks: [token.network], tokens: [token], signers: [DevnetAccounts.facilitatorSigner.address])
                )
                let running = try await FacilitatorRoutes.serve(facilitator: facilitator, host: host, port: port, handleSignals: true)
                print("paygent facilitator (devnet) listening on \(running.baseURL)")
                print("  POST \(running.baseURL)/x402/verify   POST \(running.baseURL)/x402/settle   GET \(running.baseURL)/x402/supported")
                print("  (also /verify /settle /supported, and Cronos-style /v2/x402/* and /healthcheck)")
                print("  network \(token.network.identifier) (\(token.network.caip2.identifier)), asset \(token.symbol) \(token.address)")
                DevnetFunding.printAccounts(keys, perAccount: perAccount, extra: extra, token: token)
                fflush(nil)  // all streams: the banner must reach a pipe before we block
                try await running.waitUntilStopped()
            }
        }
    }
}

/// The options `facilitator serve` and `demo-services serve` share; each has its own default port.
struct DevnetServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Port to listen on (0 picks a free one; default 4020 for the facilitator, 4021 for the demo services).", valueName: "port"))
    var port: Int?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Mint AMOUNT devUSDC.e to ADDRESS (repeatable).", valueName: "address=amount"))
    var fund: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How many deterministic devnet payer accounts to fund with 1000 USDC.", valueName: "n"))
    var accounts = 3

    /// Checks the ranges; a ``CLIError`` (one line, exit 2), as these commands always answered.
    func check() throws {
        if let port, !(0...65535).contains(port) { throw CLIError("--port must be between 0 and 65535") }
        guard (0...100).contains(accounts) else { throw CLIError("--accounts must be between 0 and 100") }
    }
}

/// Shared by `facilitator serve` and `demo-services serve`: `--fund` parsing and the account banner.
enum DevnetFunding {
    /// Parses `ADDRESS=AMOUNT` pairs (AMOUNT in whole tokens).
    static func parse(_ specs: [String], token: PaymentToken) throws -> [(address: Address, amount: UInt256)] {
        try specs.map { spec in
            let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw CLIError("--fund expects ADDRESS=AMOUNT, got \(String(reflecting: spec))") }
            let address: Address
            do { address = try Address(String(parts[0])) } catch {
                throw CLIError("--fund: \(String(reflecting: String(parts[0]))) is not an address: \(error)")
            }
            let amount: UInt256
            do { amount = try token.amount(String(parts[1])) } catch {
                throw CLIError("--fund: \(String(reflecting: String(parts[1]))) is not an amount of \(token.symbol): \(error)")
            }
            return (address, amount)
        }
    }

    /// Prints the funded devnet accounts, keys included: they are public throwaway devnet keys.
    static func printAccounts(_ keys: [PrivateKey], perAccount: UInt256, extra: [(address: Address, amount: UInt256)], token: PaymentToken) {
        if !keys.isEmpty {
            print("")
            print("Devnet payer accounts — THROWAWAY KEYS, publicly known, for this local devnet only; never use them on a real network:")
            for (index, key) in keys.enumerated() {
                print("  (\(index)) \(key.address.checksummed)  \(token.format(perAccount)) \(token.symbol)")
                print("      private key \(key.exportHex())")
            }
        }
        for (address, amount) in extra {
            print("  funded \(address.checksummed) with \(token.format(amount)) \(token.symbol)")
        }
    }
}
