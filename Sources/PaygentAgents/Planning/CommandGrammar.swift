import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM

/// Why one clause could not be planned: what was understood, what was expected.
struct ClauseProblem: Error {
    var message: String

    init(understood: String?, expected: String) {
        if let understood {
            message = "understood \(understood), but expected \(expected)"
        } else {
            message = "expected \(expected)"
        }
    }
}

/// The rules of ``RulePlanner``, one clause at a time.
enum CommandGrammar {
    /// The most steps one command may plan (repeats included).
    static let maximumSteps = 1000

    static let examples = """
        one of: "Pay 0.10 USDC to access the market data API", "Find market data services under 0.05 USDC", \
        "Check my balance", "Transfer 5 USDC to 0x<40 hex digits>", "Subscribe to the news feed for a week", \
        "Get a swap quote for 10 CRO to USDC and buy it if under 0.05", "Spawn 2 subagents with 0.20 USDC each to <command>" \
        (several can be joined with "then")
        """

    static func parse(_ clause: CommandText) throws(ClauseProblem) -> [PlanStep] {
        guard let verb = clause.words.first else { throw ClauseProblem(understood: nil, expected: examples) }
        let hasBalance = clause.words.contains("balance") || clause.words.contains("balances")
        switch verb {
        case "pay", "spend":
            return try pay(clause)
        case "buy", "purchase", "access", "fetch", "call", "query", "use", "open":
            if verb == "buy", clause.words.contains("quote") { return try swap(clause, from: 1) }
            return try access(clause)
        case "get", "show", "check", "what", "what's", "whats", "how", "tell":
            if hasBalance { return [balanceStep()] }
            if clause.words.contains("swap") || clause.words.contains("quote") { return try swap(clause, from: 1) }
            if clause.words.contains("price") || clause.words.contains("pricing") || clause.words.contains("cost")
                || clause.words.contains("costs")
            {
                return try pricing(clause)
            }
            if verb == "get" || verb == "fetch" { return try access(clause) }
            if clause.words.contains("services") || clause.words.contains("service") { return try find(clause) }
            throw ClauseProblem(
                understood: "\"\(verb)\"",
                expected: "\"check my balance\", \"get the price of <service>\", \"get a swap quote for …\" or \"show <category> services\""
            )
        case "find", "search", "discover", "list", "look", "browse":
            if hasBalance { return [balanceStep()] }
            return try find(clause)
        case "balance":
            return [balanceStep()]
        case "transfer", "send":
            return try transfer(clause, amountAt: 1)
        case "subscribe":
            return try subscribe(clause)
        case "swap", "quote":
            return try swap(clause, from: 0)
        case "spawn", "start", "launch", "delegate", "run":
            return try spawn(clause)
        default:
            throw ClauseProblem(understood: nil, expected: examples)
        }
    }

    // MARK: Clauses

    static func balanceStep() -> PlanStep {
        PlanStep(tool: "check_balance", arguments: .object([:]), description: "Check the wallet balance")
    }

    /// `pay AMOUNT [CUR] (to access|for|to use|on|to) TARGET [N times]`
    static func pay(_ clause: CommandText) throws(ClauseProblem) -> [PlanStep] {
        guard let money = AmountPhrase.parse(clause, at: 1) else {
            throw ClauseProblem(understood: "a payment", expected: "an amount after \"pay\", such as \"pay 0.10 USDC to access the market data API\"")
        }
        var position = money.next
        // "pay 5 USDC to 0x…" is a transfer.
        if position < clause.count, clause.words[position] == "to", position + 1 < clause.count,
           clause.words[position + 1].hasPrefix("0x")
        {
            return try transfer(clause, amountAt: 1)
        }
        let connectors: [[String]] = [
            ["to", "access"], ["to", "use"], ["to", "call"], ["to", "query"], ["to", "get"], ["to", "buy"],
            ["to", "read"], ["to", "fetch"], ["for", "access", "to"], ["for"], ["on"], ["to"],
        ]
        guard let connector = connectors.first(where: { clause.matches($0, at: position) }) else {
            throw ClauseProblem(
                understood: "a payment of \(money)",
                expected: "what to pay for, as in \"pay \(money) to access the market data API\""
            )
        }
        position += connector.count
        try money.requireStablecoin("pay")
        return try fetchSteps(clause, targetFrom: position, targetTo: nil, maxAmount: money, verb: "Pay up to")
    }

    /// `buy|access|fetch TARGET [for AMOUNT [CUR]] [N times]`
    static func access(_ clause: CommandText) throws(ClauseProblem) -> [PlanStep] {
        var end = clause.count
        var maxAmount: AmountPhrase?
        // A trailing "for AMOUNT [CUR]" (possibly before "N times").
        let repeatInfo = Repeat.parse(clause, end: end)
        let searchEnd = repeatInfo?.start ?? end
        if let forIndex = (1..<max(1, searchEnd)).reversed().first(where: { clause.words[$0] == "for" || clause.words[$0] == "at" }),
           let money = AmountPhrase.parse(clause, at: forIndex + 1), money.next == searchEnd
        {
            maxAmount = money
            end = forIndex
        } else {
            end = searchEnd
        }
        if let maxAmount { try maxAmount.requireStablecoin(clause.words[0]) }
        return try fetchSteps(clause, targetFrom: 1, targetTo: end, maxAmount: maxAmount, verb: "Pay up to",
                              repeatOverride: repeatInfo)
    }

    static func fetchSteps(
        _ clause: CommandText, targetFrom start: Int, targetTo explicitEnd: Int?, maxAmount: AmountPhrase?, verb: String,
        repeatOverride: Repeat? = nil
    ) throws(ClauseProblem) -> [PlanStep] {
        let repeatInfo = repeatOverride ?? Repeat.parse(clause, end: clause.count)
        let end = explicitEnd ?? repeatInfo?.start ?? clause.count
        guard let target = Target.parse(clause, from: start, to: end) else {
            throw ClauseProblem(
                understood: maxAmount.map { "a payment of \($0)" } ?? "\"\(clause.words[0])\"",
                expected: "a service name or an http(s) URL to pay for"
            )
        }
        var arguments: JSONObject = target.arguments
        if let maxAmount {
            arguments["max_amount"] = .string(maxAmount.amount)
            arguments["currency"] = .string(maxAmount.currency)
        }
        let times = repeatInfo?.times ?? 1
        let description = maxAmount.map { "\(verb) \($0) for \(target.label)" } ?? "Pay for \(target.label)"
        return Array(repeating: PlanStep(tool: "x402_fetch", arguments: .object(arguments), description: description), count: times)
    }

    /// `find|search [for] [me] <category words> services [under|below|less than AMOUNT] [over|above AMOUNT] [with reputation above N]`
    static func find(_ clause: CommandText) throws(ClauseProblem) -> [PlanStep] {
        var position = 1
        let fillers: Set<String> = ["for", "me", "all", "the", "some", "any", "available", "a", "an", "up"]
        while position < clause.count, fillers.contains(clause.words[position]) { position += 1 }
        let filterWords: Set<String> = [
            "under", "below", "less", "cheaper", "at", "max", "maximum", "over", "above", "more", "with", "costing",
            "priced", "that", "which", "within", "between",
        ]
        let serviceWords: Set<String> = ["services", "service", "apis", "api", "providers", "provider", "endpoints", "tools"]
        var queryEnd = position
        while queryEnd < clause.count, !filterWords.contains(clause.words[queryEnd]) { queryEnd += 1 }
        var queryWords = Array(clause.words[position..<queryEnd])
        while let last = queryWords.last, serviceWords.contains(last) { queryWords.removeLast() }
        var arguments: JSONObject = [:]
        if !queryWords.isEmpty { arguments["query"] = .string(queryWords.joined(separator: " ")) }
        var index = queryEnd
        var filters: [String] = []
        while index < clause.count {
            let word = clause.words[index]
            func amount(after skip: Int) throws(ClauseProblem) -> AmountPhrase {
                guard let money = AmountPhrase.parse(clause, at: index + skip) else {
                    throw ClauseProblem(understood: "a search for \(queryWords.isEmpty ? "services" : queryWords.joined(separator: " ") + " services")",
                                        expected: "an amount after \"\(clause.phrase(from: index, to: index + skip))\"")
                }
                return money
            }
            switch word {
            case "under", "below":
                let money = try amount(after: 1)
                arguments["price_below"] = .string(money.amount)
                filters.append("under \(money)")
                index = money.next
            case "less", "cheaper", "more":
                guard index + 1 < clause.count, clause.words[index + 1] == "than" else { index += 1; continue }
                let money = try amount(after: 2)
                if word == "more" {
                    arguments["min_price"] = .string(money.amount)
                    filters.append("over \(money)")
                } else {
                    arguments["price_below"] = .string(money.amount)
                    filters.append("under \(money)")
                }
                index = money.next
            case "max", "maximum", "within":
                let money = try amount(after: 1)
                arguments["max_price"] = .string(money.amount)
                filters.append("at most \(money)")
                index = money.next
            case "at":
                if clause.matches(["at", "most"], at: index) {
                    let money = try amount(after: 2)
                    arguments["max_price"] = .string(money.amount)
                    filters.append("at most \(money)")
                    index = money.next
                } else if clause.matches(["at", "least"], at: index) {
                    let money = try amount(after: 2)
                    arguments["min_price"] = .string(money.amount)
                    filters.append("at least \(money)")
                    index = money.next
                } else {
                    index += 1
                }
            case "over", "above":
                let money = try amount(after: 1)
                arguments["min_price"] = .string(money.amount)
                filters.append("over \(money)")
                index = money.next
            case "reputation", "rating", "rated":
                var j = index + 1
                while j < clause.count, ["above", "over", "of", "at", "least", "than", "more", ">=", ">"].contains(clause.words[j]) { j += 1 }
                guard j < clause.count, let score = Double(clause.words[j]), (0...5).contains(score) else {
                    throw ClauseProblem(understood: "a reputation filter", expected: "a score from 0 to 5, as in \"with reputation above 4\"")
                }
                arguments["min_reputation"] = .score(score)
                filters.append("reputation ≥ \(clause.words[j])")
                index = j + 1
            case "mcp":
                arguments["mcp_compatible"] = .bool(true)
                filters.append("MCP-compatible")
                index += 1
            default:
                index += 1
            }
        }
        let what = queryWords.isEmpty ? "services" : "\(queryWords.joined(separator: " ")) services"
        let description = "Find \(what)" + (filters.isEmpty ? "" : " " + filters.joined(separator: ", "))
        return [PlanStep(tool: "discover_services", arguments: .object(arguments), description: description)]
    }

    /// `transfer|send|pay AMOUNT [CUR] to 0xADDRESS`
    static func transfer(_ clause: CommandText, amountAt position: Int) throws(ClauseProblem) -> [PlanStep] {
        guard let money = AmountPhrase.parse(clause, at: position) else {
            throw ClauseProblem(understood: "a transfer", expected: "an amount, as in \"transfer 5 USDC to 0x…\"")
        }
        guard money.next < clause.count, clause.words[money.next] == "to", money.next + 1 < clause.count else {
            throw ClauseProblem(understood: "a transfer of \(money)", expected: "\"to 0x<40 hex digits>\" after the amount")
        }
        try money.requireStablecoin("transfer")
        let raw = clause.original[money.next + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,;!?\"'"))
        guard let address = try? Address(raw) else {
            throw ClauseProblem(
                understood: "a transfer of \(money)",
                expected: "a recipient address of 0x and 40 hex digits, not \"\(CommandText.clip(raw))\""
            )
        }
        guard money.next + 2 == clause.count else {
            throw ClauseProblem(understood: "a transfer of \(money) to \(address)", expected: "nothing after the address, got \"\(clause.phrase(from: money.next + 2))\"")
        }
        return [PlanStep(
            tool: "transfer",
            arguments: ["to": .string(address.checksummed), "amount": .string(money.amount), "token": .string(money.currency)],
            description: "Transfer \(money) to \(address.checksummed)"
        )]
    }

    /// `subscribe to TARGET [for DURATION]`
    static func subscribe(_ clause: CommandText) throws(ClauseProblem) -> [PlanStep] {
        var start = 1
        if start < clause.count, clause.words[start] == "to" { start += 1 }
        var end = clause.count
        var duration = CommandDuration.day
        if let forIndex = (start..<clause.count).reversed().first(where: { clause.words[$0] == "for" }),
           let parsed = CommandDuration.parse(clause, at: forIndex + 1), parsed.next == clause.count
        {
            duration = parsed
            end = forIndex
        }
        guard let target = Target.parse(clause, from: start, to: end) else {
            throw ClauseProblem(understood: "a subscription", expected: "what to subscribe to, as in \"subscribe to the news feed for a week\"")
        }
        var arguments = target.arguments
        arguments["duration_seconds"] = .integer(duration.seconds)
        arguments["duration"] = .string(duration.text)
        return [PlanStep(tool: "subscribe", arguments: .object(arguments),
                         description: "Subscribe to \(target.label) for \(duration.text)")]
    }

    /// `[get] [a] swap quote for AMOUNT TOKEN to TOKEN [and buy it if under PRICE]`
    static func swap(_ clause: CommandText, from start: Int) throws(ClauseProblem) -> [PlanStep] {
        guard let quoteIndex = clause.index(of: ["quote", "swap"], from: start) else {
            throw ClauseProblem(understood: nil, expected: "\"get a swap quote for 10 CRO to USDC\"")
        }
        guard let forIndex = clause.index(of: ["for", "of", "from"], from: quoteIndex),
              let amount = AmountPhrase.parse(clause, at: forIndex + 1, currencyRequired: true),
              amount.next + 1 < clause.count, ["to", "into", "for"].contains(clause.words[amount.next])
        else {
            throw ClauseProblem(understood: "a swap quote", expected: "\"for <amount> <token> to <token>\", as in \"get a swap quote for 10 CRO to USDC\"")
        }
        let toToken = clause.words[amount.next + 1].uppercased()
        guard AmountPhrase.isTokenSymbol(toToken) else {
            throw ClauseProblem(understood: "a swap quote for \(amount)", expected: "a token symbol after \"to\", not \"\(toToken)\"")
        }
        let quoteParams: JSONValue = [
            "from": .string(amount.currency), "to": .string(AmountPhrase.displaySymbol(toToken)), "amount": .string(amount.amount),
        ]
        let label = "swap quote for \(amount.amount) \(amount.currency) → \(AmountPhrase.displaySymbol(toToken))"
        var rest = amount.next + 2
        guard rest < clause.count else {
            return [PlanStep(tool: "x402_fetch", arguments: ["service": "swap quote", "params": quoteParams],
                             description: "Buy a \(label)")]
        }
        // "and buy it if under 0.05" / "buy it if below $0.05" / "if it costs less than 0.05".
        if clause.words[rest] == "and" { rest += 1 }
        guard let ifIndex = clause.index(of: ["if"], from: rest),
              let limitIndex = clause.index(of: ["under", "below", "than"], from: ifIndex),
              let limit = AmountPhrase.parse(clause, at: limitIndex + 1), limit.next == clause.count
        else {
            throw ClauseProblem(understood: "a \(label)", expected: "\"and buy it if under <price>\" or nothing after it")
        }
        try limit.requireStablecoin("buy")
        return [
            PlanStep(tool: "get_pricing", arguments: ["service": "swap quote"], description: "Get the price of a swap quote"),
            PlanStep(
                tool: "x402_fetch",
                arguments: ["service": "swap quote", "params": quoteParams, "max_amount": .string(limit.amount),
                            "currency": .string(limit.currency)],
                description: "Buy the \(label) if it costs under \(limit)",
                condition: StepCondition(step: 0, field: "price_amount", below: limit.amount)
            ),
        ]
    }

    /// `get the price of TARGET`, `how much does TARGET cost`
    static func pricing(_ clause: CommandText) throws(ClauseProblem) -> [PlanStep] {
        var start = 1
        if let of = clause.index(of: ["of", "for"], from: 1) { start = of + 1 }
        else if let does = clause.index(of: ["does", "do", "is"], from: 1) { start = does + 1 }
        var end = clause.count
        if let cost = clause.index(of: ["cost", "costs", "charge", "charges"], from: start) { end = cost }
        guard let target = Target.parse(clause, from: start, to: end) else {
            throw ClauseProblem(understood: "a price question", expected: "a service name, as in \"get the price of the market data API\"")
        }
        return [PlanStep(tool: "get_pricing", arguments: .object(target.arguments), description: "Get the price of \(target.label)")]
    }

    /// `spawn (a|N) subagent(s) with AMOUNT [CUR] [each] to COMMAND`
    static func spawn(_ clause: CommandText) throws(ClauseProblem) -> [PlanStep] {
        var position = 1
        var count = 1
        if position < clause.count, let n = Repeat.number(clause.words[position]) {
            count = n
            position += 1
        }
        guard position < clause.count, ["subagent", "subagents", "sub-agent", "sub-agents", "agent", "agents", "helper", "helpers"]
            .contains(clause.words[position])
        else {
            throw ClauseProblem(understood: "\"\(clause.words[0])\"", expected: "\"spawn 2 subagents with 0.20 USDC each to <command>\"")
        }
        position += 1
        guard count >= 1, count <= 20 else {
            throw ClauseProblem(understood: "\(count) subagents", expected: "between 1 and 20 subagents")
        }
        var budget: AmountPhrase?
        if position < clause.count, ["with", "using"].contains(clause.words[position]) {
            var at = position + 1
            if at < clause.count, ["a", "budget", "of"].contains(clause.words[at]) {
                while at < clause.count, ["a", "budget", "of"].contains(clause.words[at]) { at += 1 }
            }
            guard let money = AmountPhrase.parse(clause, at: at) else {
                throw ClauseProblem(understood: "\(count) subagent\(count == 1 ? "" : "s")", expected: "a budget after \"with\", such as \"with 0.20 USDC\"")
            }
            try money.requireStablecoin("spawn")
            budget = money
            position = money.next
            if position < clause.count, ["each", "apiece"].contains(clause.words[position]) { position += 1 }
        }
        guard position < clause.count, ["to", "that", "who", ":"].contains(clause.words[position]) || clause.words[position].isEmpty,
              position + 1 < clause.count
        else {
            throw ClauseProblem(understood: "\(count) subagent\(count == 1 ? "" : "s")", expected: "\"to <command>\" saying what each subagent does")
        }
        let command = clause.originalText(from: position + 1)
        var arguments: JSONObject = ["command": .string(command)]
        if let budget { arguments["budget"] = .string(budget.amount) }
        let step = PlanStep(
            tool: "spawn_subagent", arguments: .object(arguments),
            description: "Spawn a subagent" + (budget.map { " with \($0)" } ?? "") + " to \(CommandText.clip(command))"
        )
        return Array(repeating: step, count: count)
    }
}
