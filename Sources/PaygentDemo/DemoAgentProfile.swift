import PaygentCore

/// The behaviours of the demo fleet's agents.
public enum DemoAgentKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Buys one cheap ticker quote at a steady pace.
    case steadyPoller = "steady-poller"
    /// Searches, then fans out to subagents, in bursts.
    case researcher
    /// Buys the 12 USD report now and then: above the 10 USD threshold, so each purchase waits for a human.
    case bigSpender = "big-spender"
    /// A loop gone wrong: tries to buy the same thing dozens of times a minute; the velocity limit
    /// stops it, and its budget stops it for good.
    case runaway
    /// Calls the misbehaving Flaky Oracle (errors, no payment), then recovers with a good service.
    case flakyClient = "flaky-client"
    /// Any prototype command, in rotation (the extra agents of `--agents N`).
    case mixed
}

/// One agent's settings: name, budget and limits, and what it runs how often.
struct DemoAgentProfile: Sendable {
    var kind: DemoAgentKind
    var name: String
    var budgetUSD: String
    var config: SessionConfig
    /// Seconds between runs at rate 1.
    var interval: Double

    static func make(index: Int) -> DemoAgentProfile {
        let kinds: [DemoAgentKind] = [.steadyPoller, .researcher, .bigSpender, .runaway, .flakyClient]
        let kind = index < kinds.count ? kinds[index] : .mixed
        var config = SessionConfig()
        switch kind {
        case .steadyPoller:
            return DemoAgentProfile(kind: kind, name: "steady-poller", budgetUSD: "25.00", config: config, interval: 2)
        case .researcher:
            return DemoAgentProfile(kind: kind, name: "researcher", budgetUSD: "10.00", config: config, interval: 8)
        case .bigSpender:
            config.approvalTimeoutSeconds = 120
            return DemoAgentProfile(kind: kind, name: "big-spender", budgetUSD: "100.00", config: config, interval: 20)
        case .runaway:
            config.maxPaymentsPerMinute = 20
            return DemoAgentProfile(kind: kind, name: "runaway-loop", budgetUSD: "1.00", config: config, interval: 1)
        case .flakyClient:
            return DemoAgentProfile(kind: kind, name: "flaky-client", budgetUSD: "5.00", config: config, interval: 6)
        case .mixed:
            return DemoAgentProfile(kind: kind, name: "agent-\(index + 1)", budgetUSD: "20.00", config: config, interval: 5)
        }
    }

    /// The commands of one wake-up (a burst for the researcher), deterministic for `generator`.
    func commands(iteration: Int, merchant: String, generator: inout SeededGenerator) -> [String] {
        switch kind {
        case .steadyPoller:
            return ["Pay 0.01 USDC to access the crypto ticker"]
        case .researcher:
            let burst = 1 + Int(generator.next() % 3)
            return (0..<burst).map { n in
                n == 0
                    ? "Find market data services under 0.05 USDC then spawn 2 subagents with 0.10 USDC each to pay 0.03 USDC to access the market pulse"
                    : "Spawn a subagent with 0.05 USDC to pay 0.01 USDC to access the crypto ticker"
            }
        case .bigSpender:
            return ["Pay 12 USDC to access the premium research report"]
        case .runaway:
            return ["Pay 0.03 USDC to access the market pulse 40 times"]
        case .flakyClient:
            return ["Pay 0.02 USDC to access the flaky oracle then pay 0.01 USDC to access the crypto ticker"]
        case .mixed:
            let rotation = [
                "Pay 0.10 USDC to access the market data API",
                "Find market data services under 0.05 USDC",
                "Check my balance",
                "Get a swap quote for 10 CRO to USDC and buy it if under 0.05",
                "Transfer 0.05 USDC to \(merchant)",
                "Pay 0.01 USDC to access the crypto ticker then check my balance",
            ]
            return [rotation[(iteration + Int(generator.next() % 2)) % rotation.count]]
        }
    }
}
