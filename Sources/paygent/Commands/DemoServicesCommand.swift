import ArgumentParser
import PaygentEVM
import PaygentServer
import X402
#if canImport(Glibc)
import Glibc
#endif

/// `paygent demo-services serve`: paid demo endpoints plus the facilitator, on one devnet server.
struct DemoServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-services",
        abstract: "Run paid demo HTTP endpoints (x402, devnet) for trying payers.",
        subcommands: [Serve.self]
    )

    /// `paygent demo-services serve [--host 127.0.0.1] [--port 4021] [--fund ADDRESS=AMOUNT …] [--accounts N]`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve /market-data (0.01 USDC), /swap-quote (0.05), /news (0.01), /report (12.00), /orderbook (0.02, Permit2) and /llm/completion (upto 0.05, per token) behind x402.",
            discussion: """
                Unpaid requests get 402 with the v1 body (accepts[]), the Cronos paymentRequirements field and \
                the v2 PAYMENT-REQUIRED header. Payments (PAYMENT-SIGNATURE or X-PAYMENT) are verified and \
                settled by the built-in devnet facilitator, which is also served at /x402/* on the same port. \
                /llm/completion is metered: the payer signs an upto permit for at most 0.05 and is charged \
                0.00001 per completion token. /orderbook asks for exact over Permit2 (extra.assetTransferMethod = permit2); the funded devnet \
                accounts have approved the Permit2 contract. The funded devnet payer accounts are printed at \
                start so any x402 client can pay.
                """
        )

        @OptionGroup var server: DevnetServerOptions

        func run() async throws {
            try await runCLI {
                try server.check()
                let (host, port, accounts) = (server.host, server.port ?? 4021, server.accounts)
                let token = PaymentToken.cronosTestnetUSDC
                let extra = try DevnetFunding.parse(server.fund, token: token)
                let demo = try await DemoServer.start(.init(host: host, port: port, accountCount: accounts, extraFunding: extra, token: token, handleSignals: true))
                let base = demo.server.baseURL
                print("paygent demo services (devnet) listening on \(base)")
                for route in demo.services.routes {
                    let price = token.format(route.prices[0].amount)
                    let method = route.prices[0].scheme == PaymentRequirement.uptoScheme ? " at most (upto, metered)"
                        : route.prices[0].transferMethod == .permit2 ? " by Permit2" : ""
                    let example = route.path == "/swap-quote" ? "?from=CRO&to=USDC&amount=10" : ""
                    print("  \(route.method) \(base)\(route.path)\(example)  \(price) \(token.symbol)\(method)  — \(route.description)")
                }
                print("  network \(token.network.identifier) (\(token.network.caip2.identifier)), asset \(token.symbol) \(token.address), payTo \(demo.services.payTo)")
                print("  facilitator \(base)/x402 (verify, settle, supported)")
                DevnetFunding.printAccounts(demo.accounts, perAccount: demo.accounts.isEmpty ? .zero : try token.amount("1000"), extra: extra, token: token)
                fflush(nil)  // all streams: the banner must reach a pipe before we block
                try await demo.server.waitUntilStopped()
            }
        }
    }
}
