import PaygentAgents
import PaygentCore
import Testing

@Suite("RulePlanner")
struct RulePlannerTests {
    @Test("Pay 0.10 USDC to access the market data API")
    func pay() throws {
        let steps = try RulePlanner.plan("Pay 0.10 USDC to access the market data API")
        #expect(steps.count == 1)
        #expect(steps[0].tool == "x402_fetch")
        #expect(steps[0].arguments == ["service": "market data api", "max_amount": "0.10", "currency": "USDC"])
    }

    @Test("Find market data services under 0.05 USDC")
    func find() throws {
        let steps = try RulePlanner.plan("Find market data services under 0.05 USDC")
        #expect(steps.map(\.tool) == ["discover_services"])
        #expect(steps[0].arguments == ["query": "market data", "price_below": "0.05"])
    }

    @Test("Check my balance")
    func balance() throws {
        #expect(try RulePlanner.plan("Check my balance").map(\.tool) == ["check_balance"])
        #expect(try RulePlanner.plan("what's my balance?").map(\.tool) == ["check_balance"])
    }

    @Test("Transfer 5 USDC to 0x…")
    func transfer() throws {
        let steps = try RulePlanner.plan("Transfer 5 USDC to 0x52908400098527886e0f7030069857d2e4169ee7")
        #expect(steps.map(\.tool) == ["transfer"])
        #expect(steps[0].arguments["amount"] == "5")
        #expect(steps[0].arguments["token"] == "USDC")
        #expect(steps[0].arguments["to"] == "0x52908400098527886E0F7030069857D2E4169EE7")
    }

    @Test("Subscribe to the news feed for a week")
    func subscribe() throws {
        let steps = try RulePlanner.plan("Subscribe to the news feed for a week")
        #expect(steps.map(\.tool) == ["subscribe"])
        #expect(steps[0].arguments["service"] == "news feed")
        #expect(steps[0].arguments["duration_seconds"] == .integer(604_800))
    }

    @Test("Get a swap quote for 10 CRO to USDC and buy it if under 0.05")
    func swap() throws {
        let steps = try RulePlanner.plan("Get a swap quote for 10 CRO to USDC and buy it if under 0.05")
        #expect(steps.map(\.tool) == ["get_pricing", "x402_fetch"])
        #expect(steps[1].arguments["params"] == ["from": "CRO", "to": "USDC", "amount": "10"])
        #expect(steps[1].arguments["max_amount"] == "0.05")
        #expect(steps[1].condition == StepCondition(step: 0, field: "price_amount", below: "0.05"))
    }

    @Test("commands joined by then, with conditions renumbered")
    func then() throws {
        let steps = try RulePlanner.plan(
            "Check my balance, then get a swap quote for 10 CRO to USDC and buy it if under 0.05 and then pay $0.01 for the crypto ticker 3 times")
        #expect(steps.map(\.tool) == ["check_balance", "get_pricing", "x402_fetch", "x402_fetch", "x402_fetch", "x402_fetch"])
        #expect(steps[2].condition?.step == 1)
        #expect(steps[5].arguments["max_amount"] == "0.01")
    }

    @Test("spawn subagents with a budget each")
    func spawn() throws {
        let steps = try RulePlanner.plan("Spawn 2 subagents with 0.10 USDC each to pay 0.03 USDC to access the market pulse")
        #expect(steps.map(\.tool) == ["spawn_subagent", "spawn_subagent"])
        #expect(steps[0].arguments == ["command": "pay 0.03 USDC to access the market pulse", "budget": "0.10"])
    }

    @Test("pay to an address is a transfer; URLs are kept exactly")
    func variants() throws {
        #expect(try RulePlanner.plan("Pay 5 USDC to 0x52908400098527886E0F7030069857D2E4169EE7").map(\.tool) == ["transfer"])
        let fetch = try RulePlanner.plan("Fetch http://127.0.0.1:8080/Market-Data?x=1")
        #expect(fetch[0].arguments["url"] == "http://127.0.0.1:8080/Market-Data?x=1")
        #expect(try RulePlanner.plan("Buy the premium report for 12 USDC")[0].arguments["max_amount"] == "12")
    }

    @Test("unparseable commands say what was understood and what was expected", arguments: [
        ("Fly me to the moon", "expected one of"),
        ("Transfer 5 USDC to 0x…", "understood a transfer of 5 USDC"),
        ("Transfer 5 USDC to bob", "40 hex digits"),
        ("Pay 0.10 USDC", "understood a payment of 0.10 USDC"),
        ("Pay ten dollars for news", "an amount after \"pay\""),
        ("Check my balance then dance", "part 2"),
        ("Pay 10 CRO to access the market data API", "in USDC"),
        ("", "empty"),
    ])
    func errors(command: String, fragment: String) throws {
        do {
            _ = try RulePlanner.plan(command)
            Issue.record("\(command) should not plan")
        } catch {
            #expect(error.type == .planningError)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("the summary collapses repeated outcomes")
    func summary() {
        var a = StepRecord(index: 0, turn: 0, step: PlanStep(tool: "x402_fetch"))
        a.status = .succeeded
        a.result = ["summary": "Paid 0.01 USDC for Crypto Ticker"]
        var b = a
        b.index = 1
        var c = StepRecord(index: 2, turn: 0, step: PlanStep(tool: "check_balance"))
        c.status = .failed
        c.error = "boom"
        #expect(RulePlanner.summarize([a, b, c]) == "1. Paid 0.01 USDC for Crypto Ticker (×2)\n2. check_balance failed: boom")
    }
}
