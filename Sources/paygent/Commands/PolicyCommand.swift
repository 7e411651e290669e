import ArgumentParser
import PaygentFoundation
import PaygentCore
import PaygentEVM

/// `paygent policy show|set`: every field of the spending policy, exact amounts, `--json`.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show or change the spending policy (limits, approvals, allow/deny lists, prices).",
        subcommands: [Show.self, Set.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every policy field, with what is used of the daily limits.")
        @OptionGroup var options: ControlPlaneOptions

        func run() async throws {
            try await runCLI {
                let (policy, budgets) = try await options.withPaygent { paygent in (try await paygent.policy(), try await paygent.budgets()) }
                try options.output(policy) { PolicyCommand.print(policy, budgets: budgets) }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change policy fields; the event log records who changed what (old → new).",
            discussion: """
                Amounts are exact decimals (USD, or token units for --token-limit); `none` removes a limit. \
                Repeatable options take KEY=VALUE. Bad input changes nothing and names the option.
                """
        )
        @OptionGroup var options: ControlPlaneOptions
        @Option(name: .customLong("daily-limit"), parsing: .unconditional, help: ArgumentHelp("Per-wallet USD per rolling 24 h, or none.", valueName: "usd"))
        var dailyLimit: String?
        @Option(name: .customLong("approval-threshold"), help: ArgumentHelp("Payments above this many USD ask an operator.", valueName: "usd"))
        var approvalThreshold: String?
        @Option(name: .customLong("approval-timeout"), parsing: .unconditional, help: ArgumentHelp("Seconds an approval waits before it is denied (1…604800).", valueName: "s"))
        var approvalTimeout: Int?
        @Option(name: .customLong("token-limit"), help: ArgumentHelp("Per-wallet daily limit of a token, in token units (TOKEN=AMOUNT|none).", valueName: "token=amount"))
        var tokenLimits: [String] = []
        @Option(name: .customLong("service-cap"), help: ArgumentHelp("USD per 24 h for one service (SERVICE_ID=USD|none).", valueName: "id=usd"))
        var serviceCaps: [String] = []
        @Option(name: .customLong("recipient-cap"), help: ArgumentHelp("USD per 24 h to one recipient (ADDRESS=USD|none).", valueName: "address=usd"))
        var recipientCaps: [String] = []
        @Option(name: .long, help: ArgumentHelp("Most payments per rolling minute per session, or none.", valueName: "n"))
        var velocity: String?
        @Option(name: .long, help: ArgumentHelp("Allow payments to this recipient (a non-empty allow list refuses all others).", valueName: "address"))
        var allow: [String] = []
        @Option(name: .customLong("unallow"), help: ArgumentHelp("Remove a recipient from the allow list.", valueName: "address"))
        var unallow: [String] = []
        @Option(name: .long, help: ArgumentHelp("Always refuse payments to this recipient.", valueName: "address"))
        var deny: [String] = []
        @Option(name: .customLong("undeny"), help: ArgumentHelp("Remove a recipient from the deny list.", valueName: "address"))
        var undeny: [String] = []
        @Option(name: .customLong("default-wallet"), help: ArgumentHelp("The wallet `wallet balance` reports on.", valueName: "address"))
        var defaultWallet: String?
        @Option(name: .long, help: ArgumentHelp("USD price of one whole token of the price table (TOKEN=USD).", valueName: "token=usd"))
        var price: [String] = []

        func run() async throws {
            try await runCLI {
                let (old, new) = try await options.withPaygent { paygent in
                    let old = try await paygent.policy()
                    let changed = try apply(to: old)
                    guard changed != old else { return (old, old) }
                    return (old, try await paygent.updatePolicy(changed, by: options.actor))
                }
                let changes = PolicyChanges.between(old, new)
                try options.output(new) {
                    if changes.isEmpty { Swift.print("policy unchanged"); return }
                    for key in changes.keys.sorted() {
                        let change = changes[key]!
                        Swift.print("\(key): \(PolicyCommand.text(change["old"])) → \(PolicyCommand.text(change["new"]))")
                    }
                    Swift.print("(recorded as policy.updated by \(UntrustedText.line(options.actor, maxWidth: 80)))")
                }
            }
        }

        /// `old` with every given option applied; the first bad value is an error naming its option.
        func apply(to old: PolicySettings) throws(CLIError) -> PolicySettings {
            var p = old
            if let dailyLimit { p.walletDailyLimitUSD = try PolicyCommand.optionalUSD(dailyLimit, "--daily-limit") }
            if let approvalThreshold { p.approvalThresholdUSD = try PolicyCommand.usd(approvalThreshold, "--approval-threshold") }
            if let approvalTimeout {
                guard (1...604_800).contains(approvalTimeout) else { throw CLIError("--approval-timeout: \(approvalTimeout) is not between 1 and 604800 seconds") }
                p.approvalTimeoutSeconds = approvalTimeout
            }
            for entry in tokenLimits {
                let (name, value) = try PolicyCommand.pair(entry, "--token-limit")
                guard let token = p.priceTable.resolve(name) else {
                    throw CLIError("--token-limit: unknown token \"\(UntrustedText.line(name, maxWidth: 42))\" (known: \(p.priceTable.tokens.map(\.symbol).joined(separator: ", ")); add it with --price)")
                }
                if value == "none" { p.tokenDailyLimits[token.address.lowercasedHex] = nil; continue }
                do { p.tokenDailyLimits[token.address.lowercasedHex] = try TokenAmount.parse(value, decimals: token.decimals) } catch {
                    throw CLIError("--token-limit: \"\(UntrustedText.line(value, maxWidth: 40))\" is not an amount of \(token.symbol) (\(error))")
                }
            }
            for entry in serviceCaps {
                let (id, value) = try PolicyCommand.pair(entry, "--service-cap")
                guard !id.isEmpty, id.count <= 128 else { throw CLIError("--service-cap: the service id is empty or too long") }
                p.serviceDailyCapsUSD[id] = try PolicyCommand.optionalUSD(value, "--service-cap")
            }
            for entry in recipientCaps {
                let (text, value) = try PolicyCommand.pair(entry, "--recipient-cap")
                p.recipientDailyCapsUSD[try PolicyCommand.address(text, "--recipient-cap").lowercasedHex] = try PolicyCommand.optionalUSD(value, "--recipient-cap")
            }
            if let velocity {
                if velocity == "none" { p.maxPaymentsPerMinute = nil } else {
                    guard let n = Int(velocity), n >= 1, n <= 1_000_000 else { throw CLIError("--velocity: \"\(UntrustedText.line(velocity, maxWidth: 20))\" is not a count from 1 to 1000000, or none") }
                    p.maxPaymentsPerMinute = n
                }
            }
            for text in allow { let a = try PolicyCommand.address(text, "--allow"); if !p.allowedRecipients.contains(a) { p.allowedRecipients.append(a) } }
            for text in unallow { let a = try PolicyCommand.address(text, "--unallow"); p.allowedRecipients.removeAll { $0 == a } }
            for text in deny { let a = try PolicyCommand.address(text, "--deny"); if !p.deniedRecipients.contains(a) { p.deniedRecipients.append(a) } }
            for text in undeny { let a = try PolicyCommand.address(text, "--undeny"); p.deniedRecipients.removeAll { $0 == a } }
            if let defaultWallet { p.defaultWallet = try PolicyCommand.address(defaultWallet, "--default-wallet") }
            for entry in price {
                let (name, value) = try PolicyCommand.pair(entry, "--price")
                guard var token = p.priceTable.resolve(name) else { throw CLIError("--price: unknown token \"\(UntrustedText.line(name, maxWidth: 42))\"") }
                token.usdPrice = try PolicyCommand.usd(value, "--price")
                p.priceTable.upsert(token)
            }
            return p
        }
    }

    // MARK: Parsing (errors name the option)

    static func usd(_ text: String, _ option: String) throws(CLIError) -> USDAmount {
        do { return try USDAmount(parsing: text) } catch {
            throw CLIError("\(option): \"\(UntrustedText.line(text, maxWidth: 40))\" is not a USD amount like 5.00 (\(error))")
        }
    }

    static func optionalUSD(_ text: String, _ option: String) throws(CLIError) -> USDAmount? {
        text == "none" ? nil : try usd(text, option)
    }

    static func address(_ text: String, _ option: String) throws(CLIError) -> Address {
        do { return try Address(text) } catch { throw CLIError("\(option): \"\(UntrustedText.line(text, maxWidth: 44))\" is not an address (\(error))") }
    }

    static func pair(_ entry: String, _ option: String) throws(CLIError) -> (String, String) {
        guard let equals = entry.firstIndex(of: "=") else { throw CLIError("\(option): expected KEY=VALUE, got \"\(UntrustedText.line(entry, maxWidth: 60))\"") }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }

    static func text(_ value: JSONValue?) -> String {
        guard let value, value != .null else { return "none" }
        if case .string(let s) = value { return UntrustedText.line(s, maxWidth: 200) }
        return UntrustedText.line(value.jsonText, maxWidth: 400)
    }

    // MARK: Text output

    static func print(_ p: PolicySettings, budgets: BudgetOverview) {
        func used(_ wallet: Address?) -> String {
            guard let wallet, let allowance = budgets.wallets.first(where: { $0.walletAddress == wallet }) else { return "" }
            return " (used \(allowance.spentTodayUSD) USD)"
        }
        Swift.print("approval threshold    \(p.approvalThresholdUSD) USD (payments above it ask an operator)")
        Swift.print("approval timeout      \(p.approvalTimeoutSeconds) s, then denied")
        Swift.print("daily limit           \(p.walletDailyLimitUSD.map { "\($0) USD per wallet per 24 h" } ?? "none")\(used(p.defaultWallet))")
        Swift.print("velocity              \(p.maxPaymentsPerMinute.map { "\($0) payments per minute" } ?? "none")")
        Swift.print("default wallet        \(p.defaultWallet?.checksummed ?? "none")")
        Swift.print("token daily limits    \(p.tokenDailyLimits.isEmpty ? "none" : "")")
        for (key, limit) in p.tokenDailyLimits.sorted(by: { $0.key < $1.key }) {
            let token = (try? Address(key)).flatMap { p.priceTable.token($0) }
            let usedUnits = budgets.tokens.filter { $0.token.lowercasedHex == key }.reduce(UInt256.zero) { $0 + $1.used }
            let symbol = token?.symbol ?? key
            let decimals = token?.decimals ?? 0
            Swift.print("  \(symbol)  \(TokenAmount.format(limit, decimals: decimals)) (used \(TokenAmount.format(usedUnits, decimals: decimals)))")
        }
        Swift.print("service caps          \(p.serviceDailyCapsUSD.isEmpty ? "none" : "")")
        for (id, cap) in p.serviceDailyCapsUSD.sorted(by: { $0.key < $1.key }) { Swift.print("  \(UntrustedText.line(id, maxWidth: 80))  \(cap) USD per 24 h") }
        Swift.print("recipient caps        \(p.recipientDailyCapsUSD.isEmpty ? "none" : "")")
        for (address, cap) in p.recipientDailyCapsUSD.sorted(by: { $0.key < $1.key }) { Swift.print("  \(address)  \(cap) USD per 24 h") }
        Swift.print("allowed recipients    \(p.allowedRecipients.isEmpty ? "any" : p.allowedRecipients.map(\.checksummed).joined(separator: ", "))")
        Swift.print("denied recipients     \(p.deniedRecipients.isEmpty ? "none" : p.deniedRecipients.map(\.checksummed).joined(separator: ", "))")
        Swift.print("price table")
        for token in p.priceTable.tokens {
            Swift.print("  \(UntrustedText.line(token.symbol, maxWidth: 12))  \(token.address.checksummed)  \(token.decimals) decimals  \(token.usdPrice) USD")
        }
    }
}
