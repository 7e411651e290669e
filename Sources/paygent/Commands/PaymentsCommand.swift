import ArgumentParser
import PaygentFoundation
import PaygentChain
import PaygentCore
import PaygentWire
import PaygentEVM
import X402

/// `paygent payments list|show|stats|resolve|reconcile`.
struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "Payment history and statistics.",
        subcommands: [List.self, Show.self, Stats.self, Resolve.self, Reconcile.self]
    )

    struct Filters: ParsableArguments {
        @Option(help: "pending, confirmed, failed or unknown.") var status: String?
        @Option(help: "Only this session.") var session: String?
        @Option(help: "Only this service.") var service: String?
        @Option(help: "Created at or after (ISO-8601).") var since: String?
        @Option(help: "Created before (ISO-8601).") var until: String?

        func query(_ page: PageRequest = PageRequest()) throws -> PaymentQuery {
            var status: PaymentStatus?
            if let text = self.status {
                guard let parsed = PaymentStatus(rawValue: text) else {
                    throw CLIError("--status must be one of \(PaymentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = parsed
            }
            func time(_ text: String?, _ flag: String) throws -> Timestamp? {
                guard let text else { return nil }
                guard let time = Timestamp(iso8601: text) else { throw CLIError("\(flag) is not an ISO-8601 time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.fff…][Z|±HH:MM]): \(text.debugDescription.prefix(80))") }
                return time
            }
            return PaymentQuery(status: status, sessionID: session, serviceID: service,
                                startDate: try time(since, "--since"), endDate: try time(until, "--until"), page: page)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List payments, newest first.")
        @OptionGroup var options: ControlPlaneOptions
        @OptionGroup var paging: PagingOptions
        @OptionGroup var filters: Filters

        func run() async throws {
            try await runCLI {
                let query = try filters.query(paging.request)
                let page = try await options.withPaygent { try await $0.payments(query) }
                try options.output(WirePage(page)) {
                    if page.items.isEmpty { print("no payments"); return }
                    CLIOutput.table(["ID", "TIME", "SESSION", "SERVICE", "AMOUNT", "STATUS", "TX"], page.items.map {
                        [$0.id, CLIOutput.time($0.createdAt), $0.sessionID ?? "-", $0.serviceID ?? "-",
                         "\(TokenText.amount($0)) \(UntrustedText.line($0.tokenSymbol, maxWidth: 8))", $0.status.rawValue,
                         $0.txHash.map { UntrustedText.line($0, maxWidth: 18) } ?? "-"]
                    })
                    CLIOutput.page(page)
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one payment.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Payment id.") var id: String

        func run() async throws {
            try await runCLI {
                let p = try await options.withPaygent { try await $0.payment(id: id) }
                try options.output(p) {
                    print("payment   \(p.id) (\(p.status.rawValue))\(p.failureReason.map { ": \(UntrustedText.line($0, maxWidth: 200))" } ?? "")")
                    print("amount    \(TokenText.amount(p)) \(UntrustedText.line(p.tokenSymbol, maxWidth: 80)) (\(p.amountUSD) USD, \(p.amount) base units)")
                    print("from      \(p.agentWallet.checksummed)")
                    print("to        \(p.recipient.checksummed)")
                    print("token     \(p.token.checksummed) on \(UntrustedText.line(p.network, maxWidth: 80))")
                    print("resource  \(UntrustedText.line(p.resource, maxWidth: 200))")
                    print("session   \(p.sessionID ?? "-"), service \(p.serviceID ?? "-")")
                    print("tx        \(p.txHash.map { UntrustedText.line($0, maxWidth: 80) } ?? "-")")
                    print("times     held \(CLIOutput.time(p.createdAt)), settled \(CLIOutput.time(p.settledAt)), valid before \(CLIOutput.time(p.validBefore))")
                    if let nonce = p.authorizationNonce { print("nonce     \(UntrustedText.line(nonce, maxWidth: 66))") }
                }
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts and confirmed USD.")
        @OptionGroup var options: ControlPlaneOptions
        @OptionGroup var filters: Filters

        func run() async throws {
            try await runCLI {
                let query = try filters.query()
                let stats = try await options.withPaygent { try await $0.paymentStats(query) }
                try options.output(stats) {
                    print("payments   \(stats.totalPayments) (confirmed \(stats.confirmedPayments), pending \(stats.pendingPayments), failed \(stats.failedPayments), unknown \(stats.unknownPayments))")
                    print("confirmed  \(stats.totalAmountUSD) USD")
                    print("success    \(Int((stats.successRate * 100).rounded()))%")
                }
            }
        }
    }
}

extension PaymentsCommand {
    /// `paygent payments resolve ID --settled TX | --failed REASON`: an operator settles the fate of
    /// a payment whose outcome is pending or unknown (what the reconciler does by itself when its
    /// ledger or chain can tell).
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle a pending or unknown payment: --settled captures its hold, --failed releases it.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Payment id.") var id: String
        @Option(help: "It settled in this transaction (0x and 64 hex digits).") var settled: String?
        @Option(help: "It moved no money, for this reason.") var failed: String?

        /// The outcome asked for; bad input is a one-line ``CLIError`` (exit 2), as everywhere in the control plane.
        func outcome() throws -> PaymentResolution {
            switch (settled, failed) {
            case (let settled?, nil):
                let digits = settled.hasPrefix("0x") ? settled.dropFirst(2) : ""
                guard digits.count == 64, digits.allSatisfy(\.isHexDigit) else {
                    throw CLIError("--settled must be a transaction hash: 0x and 64 hex digits")
                }
                return .settled(settled.lowercased())
            case (nil, let failed?):
                guard !failed.trimmingCharacters(in: .whitespaces).isEmpty, failed.count <= 500 else {
                    throw CLIError("--failed needs a reason of 1 to 500 characters")
                }
                return .failed(failed)
            default:
                throw CLIError("give exactly one of --settled TX or --failed REASON")
            }
        }

        func run() async throws {
            try await runCLI {
                let outcome = try outcome()
                let actor = options.actor
                let p = try await options.withLocalHost("payments resolve") { try await $0.resolvePayment(id: id, outcome: outcome, by: actor) }
                try options.output(p) {
                    print("payment \(p.id) is \(p.status.rawValue)\(p.txHash.map { " (tx \($0))" } ?? "")")
                }
            }
        }
    }
}

extension PaymentsCommand {
    /// `paygent payments reconcile [--rpc URL]`: one reconciliation round now over every payment
    /// whose outcome is not recorded — unsigned holds of exited processes released; signed and
    /// unknown payments captured when the ledger (devnet) or the chain (`--rpc`) says their nonce
    /// was used, released once their authorisation expired unused.
    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve pending, signed and unknown payments from the devnet ledger or the chain.")
        @OptionGroup var options: ControlPlaneOptions
        @Option(help: "Ask this Cronos JSON-RPC endpoint (eth_call authorizationState) instead of the devnet ledger.")
        var rpc: String?

        func run() async throws {
            try await runCLI {
                if let rpc, !(rpc.hasPrefix("http://") || rpc.hasPrefix("https://")) {
                    throw CLIError("--rpc must be an http:// or https:// URL")
                }
                let token = PaymentToken.cronosTestnetUSDC.address
                let endpoint = rpc
                // One open of the store for the round (which is the start-up recovery, with the
                // lookup asked for) and the counts that follow it.
                let lookup: @Sendable (EmbeddedPaygent) async -> any SettlementLookup = { paygent in
                    if let endpoint { return RPCSettlementLookup(endpoint: endpoint, tokens: [token]) }
                    return await CLIStore.settlements(for: paygent)
                }
                let (report, stats) = try await options.withLocalStore(recovering: false) { paygent -> (PaymentReconciler.Report, PaymentStats) in
                    let report = try await paygent.recover(settlements: await lookup(paygent))
                    return (report, try await paygent.paymentStats(PaymentQuery()))
                }
                let resolved = report.resolved
                let summary: [String: Int] = [
                    "resolved": resolved, "released_unsigned": report.releasedUnsigned,
                    "captured": report.captured, "expired": report.expired,
                    "still_pending": stats.pendingPayments, "still_signed": stats.signedPayments,
                    "still_unknown": stats.unknownPayments,
                ]
                try options.output(summary) {
                    print("resolved \(resolved) payment(s); \(stats.pendingPayments) pending, \(stats.signedPayments) signed, \(stats.unknownPayments) unknown left")
                }
            }
        }
    }
}

enum TokenText {
    static func amount(_ payment: Payment) -> String {
        payment.formattedAmount
    }
}

extension Payment {
    var formattedAmount: String { TokenAmount.format(amount, decimals: tokenDecimals) }
}
