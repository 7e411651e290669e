import Hummingbird
import PaygentFoundation
import PaygentEVM
import X402

/// A few paid demo endpoints priced in devUSDC.e on Cronos testnet (`cronos-testnet` /
/// `eip155:338`), answering plausible JSON:
///
/// | route | price |
/// |---|---|
/// | `GET /market-data` | 0.01 |
/// | `GET /swap-quote?from=CRO&to=USDC&amount=10` | 0.05 |
/// | `GET /news` | 0.01 |
/// | `GET /report` | 12.00 |
/// | `GET /orderbook` | 0.02, `exact` over Permit2 |
/// | `GET /llm/completion?prompt=…&max_tokens=N` | `upto` 0.05: 0.00001 per completion token |
///
/// The data is synthetic (derived from the clock), for exercising payers end to end.
public struct DemoServices: Sendable {
    /// The token prices are charged in.
    public let token: PaymentToken
    /// Recipient of all payments.
    public let payTo: Address
    /// The priced routes.
    public let routes: [PaywallRoute]
    private let clock: any WallClock

    public init(
        token: PaymentToken = .cronosTestnetUSDC, payTo: Address = DevnetAccounts.merchant.address,
        maxTimeoutSeconds: UInt64 = 300, clock: any WallClock = SystemClock()
    ) {
        self.token = token
        self.payTo = payTo
        self.clock = clock
        func route(_ path: String, _ price: String, _ description: String, _ method: AssetTransferMethod = .eip3009,
                   name: String, tags: [String]) -> PaywallRoute {
            var route = PaywallRoute(
                path: path, price: try! PaywallPrice(token: token, amount: price, transferMethod: method), payTo: payTo,
                description: description, maxTimeoutSeconds: maxTimeoutSeconds
            )
            route.discovery = PaywallDiscovery(serviceName: name, tags: tags)
            return route
        }
        var completion = PaywallRoute(
            path: "/llm/completion", price: .upto(token: token, maximum: DemoData.completionMaximum), payTo: payTo,
            description: "LLM completion, metered per token (upto, at most 0.05)", maxTimeoutSeconds: maxTimeoutSeconds
        )
        completion.discovery = PaywallDiscovery(serviceName: "Demo LLM", tags: ["ai", "llm"])
        routes = [
            route("/market-data", "0.01", "Spot prices for CRO, WETH and WBTC in USDC", name: "Market Data", tags: ["market-data"]),
            route("/swap-quote", "0.05", "Swap quote with route and price impact", name: "Swap Quotes", tags: ["defi"]),
            route("/news", "0.01", "Latest Cronos ecosystem headlines", name: "Cronos News", tags: ["news"]),
            route("/report", "12.00", "Quarterly Cronos DeFi research report", name: "DeFi Research", tags: ["research"]),
            route("/orderbook", "0.02", "CRO-USDC order book depth (paid by Permit2)", .permit2, name: "Order Book", tags: ["market-data"]),
            completion,
        ]
    }

    /// Adds the endpoint handlers to `router`, each behind `paywall`'s route for its path (the
    /// price is bound to the handler, so no spelling of the path reaches it unpaid). `paywall`
    /// must price `/market-data`, `/swap-quote`, `/news` and `/report` (``routes`` does);
    /// `/orderbook` (Permit2) and `/llm/completion` (upto) are served only when it prices them
    /// (the demo fleet's catalogue does not); `/` lists its routes.
    public func register<Context: RequestContext>(on router: Router<Context>, paywall: Paywall) {
        let clock = self.clock
        let routes = paywall.routes
        router.paid("/market-data", paywall: paywall) { _, _ -> Response in
            Response(.json(200, DemoData.marketData(now: clock.unixSeconds)))
        }
        router.paid("/swap-quote", paywall: paywall) { request, _ -> Response in
            let q = request.uri.queryParameters
            let result = DemoData.swapQuote(
                from: q["from"].map(String.init) ?? "CRO", to: q["to"].map(String.init) ?? "USDC",
                amount: q["amount"].map(String.init) ?? "1", now: clock.unixSeconds
            )
            switch result {
            case .success(let json): return Response(.json(200, json))
            case .failure(let message): return Response(.json(400, .object(["error": .string(message.text)])))
            }
        }
        router.paid("/news", paywall: paywall) { _, _ -> Response in
            Response(.json(200, DemoData.news(now: clock.unixSeconds)))
        }
        router.paid("/report", paywall: paywall) { _, _ -> Response in
            Response(.json(200, DemoData.report(now: clock.unixSeconds)))
        }
        func priced(_ path: String) -> Bool { routes.contains { $0.path == path && $0.method == "GET" } }
        if priced("/orderbook") {
            router.paid("/orderbook", paywall: paywall) { _, _ -> Response in
                Response(.json(200, DemoData.orderBook(now: clock.unixSeconds)))
            }
        }
        if priced("/llm/completion") { router.paid("/llm/completion", paywall: paywall) { request, _ -> Response in
            let q = request.uri.queryParameters
            switch DemoData.completion(prompt: q["prompt"].map(String.init) ?? "", maxTokens: q["max_tokens"].map(String.init)) {
            case .success(let (json, charge)):
                // The paywall settles this charge (≤ the signed maximum) and strips the header.
                return Response(.json(200, json, headers: [(Paywall.settlementOverridesHeader, "{\"amount\":\"\(charge)\"}")]))
            case .failure(let message):
                return Response(.json(400, .object(["error": .string(message.text)])))
            }
        } }
        router.get("/") { _, _ -> Response in
            Response(.json(200, .object([
                "service": .string("paygent demo services (devnet)"),
                "endpoints": .array(routes.map { route in
                    .object([
                        "path": .string(route.path),
                        "price": .string(token.format(route.prices[0].amount)),
                        "asset": .string(token.symbol),
                        "network": .string(token.network.caip2.identifier),
                        "scheme": .string(route.prices[0].scheme),
                        "assetTransferMethod": .string(route.prices[0].transferMethod.rawValue),
                    ])
                }),
            ])))
        }
    }
}

/// Synthetic data for the demo endpoints (integer arithmetic only).
enum DemoData {
    struct Failure: Error { let text: String }

    /// USDC price of one unit, 6 decimals.
    static let prices: [(symbol: String, price: String)] = [
        ("CRO", "0.0931"), ("USDC", "1.00"), ("WETH", "3412.55"), ("WBTC", "97123.40"), ("VVS", "0.0000042"),
    ]

    static func price(_ symbol: String) -> UInt256? {
        prices.first { $0.symbol == symbol }.flatMap { try? TokenAmount.parse($0.price, decimals: 18) }
    }

    /// A price moved by up to ±1% depending on the minute, so values look alive but are reproducible.
    static func drift(_ value: UInt256, now: UInt64, salt: UInt64) -> UInt256 {
        let step = ((now / 60) &+ salt &* 7919) % 201  // 0…200
        return value * UInt256(9_900 + step) / UInt256(10_000)
    }

    /// The metered completion's price per token, in base units of a 6-decimal stablecoin (0.00001).
    static let pricePerToken: UInt256 = 10
    /// Most tokens one completion may produce.
    static let maxCompletionTokens: UInt64 = 5_000
    /// The `upto` maximum of a completion: every token it may produce.
    static let completionMaximum: UInt256 = pricePerToken * UInt256(maxCompletionTokens)

    /// A synthetic completion of `prompt` (at most `maxTokens`, default 256) and its charge in
    /// base units (tokens × ``pricePerToken``). The prompt is only measured, never echoed.
    static func completion(prompt: String, maxTokens text: String?) -> Result<(JSONValue, UInt256), Failure> {
        var limit: UInt64 = 256
        if let text {
            guard let value = UInt64(text), (1...maxCompletionTokens).contains(value), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return .failure(Failure(text: "max_tokens must be an integer from 1 to \(maxCompletionTokens)"))
            }
            limit = value
        }
        let words = ["liquidity", "on", "Cronos", "deepened", "as", "stablecoin", "volume", "rose", "and", "fees", "fell"]
        let seed = prompt.utf8.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }
        let tokens = min(limit, 24 + UInt64(prompt.utf8.count % 200))
        let text = (0..<tokens).map { words[Int((seed &+ $0 &* 7) % UInt64(words.count))] }.joined(separator: " ")
        let promptTokens = UInt64(prompt.split(separator: " ").count)
        let charge = pricePerToken * UInt256(tokens)
        return .success((.object([
            "model": .string("paygent-demo-llm"),
            "completion": .string(text),
            "usage": .object(["prompt_tokens": .integer(promptTokens), "completion_tokens": .integer(tokens)]),
            "charged_base_units": .string(charge.description),
        ]), charge))
    }

    /// Five price levels each side of the CRO-USDC spot, sizes in whole CRO.
    static func orderBook(now: UInt64) -> JSONValue {
        let spot = drift(price("CRO")!, now: now, salt: 0)
        let tick = spot / UInt256(1_000)  // 0.1 %
        func levels(_ side: Int) -> JSONValue {
            .array((1...5).map { level in
                let offset = tick * UInt256(UInt64(level))
                let price = side < 0 ? spot - offset : spot + offset
                let size = 1_000 + (now / 60 &+ UInt64(level) &* 131) % 9_000
                return .object(["price": .string(TokenAmount.format(price, decimals: 18)), "size": .string(String(size))])
            })
        }
        return .object([
            "pair": .string("CRO-USDC"),
            "timestamp": .string(CronosCodec.timestamp(unixSeconds: now)),
            "bids": levels(-1),
            "asks": levels(1),
        ])
    }

    static func marketData(now: UInt64) -> JSONValue {
        let quotes: [JSONValue] = prices.enumerated().filter { $0.element.symbol != "USDC" }.map { index, entry in
            let base = price(entry.symbol)!
            let spot = drift(base, now: now, salt: UInt64(index))
            let change = Int((now / 3600 &+ UInt64(index) &* 31) % 801) - 400  // ±4.00%
            let changeText = (change < 0 ? "-" : "") + TokenAmount.format(UInt256(UInt64(abs(change))), decimals: 2)
            return .object([
                "symbol": .string("\(entry.symbol)-USDC"),
                "price": .string(TokenAmount.format(spot, decimals: 18)),
                "change24hPercent": .string(changeText),
                "volume24h": .string(TokenAmount.format(UInt256(1_000_000 + (now / 60 % 997) * 12_345 + UInt64(index) * 777_777), decimals: 2)),
            ])
        }
        return .object([
            "source": .string("paygent-demo"),
            "timestamp": .string(CronosCodec.timestamp(unixSeconds: now)),
            "quotes": .array(quotes),
        ])
    }

    static func swapQuote(from: String, to: String, amount: String, now: UInt64) -> Result<JSONValue, Failure> {
        let from = from.uppercased(), to = to.uppercased()
        guard let fromPrice = price(from) else { return .failure(Failure(text: "unknown token \(String(from.prefix(16)))")) }
        guard let toPrice = price(to) else { return .failure(Failure(text: "unknown token \(String(to.prefix(16)))")) }
        guard from != to else { return .failure(Failure(text: "from and to must differ")) }
        guard let amountIn = try? TokenAmount.parse(amount, decimals: 18), !amountIn.isZero,
              amountIn <= (try! TokenAmount.parse("1000000000", decimals: 18))
        else { return .failure(Failure(text: "amount must be a positive decimal up to 1000000000")) }
        let rate = fromPrice * UInt256.powerOfTen(18)! / toPrice
        let gross = amountIn * fromPrice / toPrice
        let feeBps: UInt64 = 30
        let out = gross * UInt256(10_000 - feeBps) / UInt256(10_000)
        let minOut = out * UInt256(9_950) / UInt256(10_000)
        var route = [from]
        if from != "USDC" && to != "USDC" { route.append("USDC") }
        route.append(to)
        return .success(.object([
            "from": .string(from),
            "to": .string(to),
            "amountIn": .string(TokenAmount.format(amountIn, decimals: 18)),
            "amountOut": .string(TokenAmount.format(out / UInt256.powerOfTen(12)!, decimals: 6)),
            "minimumAmountOut": .string(TokenAmount.format(minOut / UInt256.powerOfTen(12)!, decimals: 6)),
            "rate": .string(TokenAmount.format(rate, decimals: 18)),
            "feeBps": .integer(feeBps),
            "slippageBps": .integer(50),
            "route": .array(route.map(JSONValue.string)),
            "dex": .string("VVS Finance (simulated)"),
            "validUntil": .string(CronosCodec.timestamp(unixSeconds: now + 30)),
        ]))
    }

    static func news(now: UInt64) -> JSONValue {
        let items: [(String, String, UInt64)] = [
            ("Cronos zkEVM bridge volume hits a quarterly high", "Cronos Labs", 1_800),
            ("x402 payments: agents settle 1M micro-transactions on testnet", "Paygent Wire", 5_400),
            ("VVS Finance launches concentrated liquidity pools", "DeFi Daily", 12_600),
        ]
        return .object([
            "items": .array(items.map { title, source, age in
                .object([
                    "title": .string(title),
                    "source": .string(source),
                    "publishedAt": .string(CronosCodec.timestamp(unixSeconds: now - min(now, age))),
                ])
            }),
        ])
    }

    static func report(now: UInt64) -> JSONValue {
        .object([
            "title": .string("Cronos DeFi Quarterly Report"),
            "generatedAt": .string(CronosCodec.timestamp(unixSeconds: now)),
            "summary": .string("Total value locked grew 18% quarter on quarter, led by liquid staking and stablecoin pools."),
            "sections": .array([
                .object(["heading": .string("Liquidity"), "findings": .array([.string("Stablecoin pools hold 41% of TVL"), .string("Median pool depth up 12%")])]),
                .object(["heading": .string("Activity"), "findings": .array([.string("Daily active addresses: 61,200"), .string("Agent-initiated payments: 9% of transfers")])]),
                .object(["heading": .string("Risks"), "findings": .array([.string("Bridge concentration"), .string("Oracle latency during volatility")])]),
            ]),
            "pages": .integer(42),
        ])
    }
}

/// The demo services, the facilitator routes and an in-memory devnet ledger on one server.
public struct DemoServer: Sendable {
    /// Start-up options.
    public struct Options: Sendable {
        public var host: String
        /// 0 picks an ephemeral port.
        public var port: Int
        /// How many deterministic devnet payer accounts to create and fund.
        public var accountCount: Int
        /// What each devnet account receives, in base units.
        public var fundingPerAccount: UInt256
        /// Additional balances to mint.
        public var extraFunding: [(address: Address, amount: UInt256)]
        /// The token everything is priced and funded in.
        public var token: PaymentToken
        /// Unix seconds.
        public var clock: any WallClock
        /// Shut down gracefully on SIGINT/SIGTERM (for the command line).
        public var handleSignals: Bool

        public init(
            host: String = "127.0.0.1", port: Int = 0, accountCount: Int = 3, fundingPerAccount: UInt256? = nil,
            extraFunding: [(address: Address, amount: UInt256)] = [], token: PaymentToken = .cronosTestnetUSDC,
            clock: any WallClock = SystemClock(), handleSignals: Bool = false
        ) {
            self.handleSignals = handleSignals
            self.host = host
            self.port = port
            self.accountCount = accountCount
            self.fundingPerAccount = fundingPerAccount ?? (try! token.amount("1000"))
            self.extraFunding = extraFunding
            self.token = token
            self.clock = clock
        }
    }

    /// The running server.
    public let server: RunningHTTPServer
    /// The facilitator settling the demo payments (also served at `/x402/*` and `/*`).
    public let facilitator: LocalFacilitator
    /// The devnet ledger.
    public let ledger: InMemoryLedger
    /// The funded devnet payer keys (throwaway, devnet only).
    public let accounts: [PrivateKey]
    /// The paid endpoints.
    public let services: DemoServices

    /// Funds the devnet accounts and starts the server.
    public static func start(_ options: Options = Options()) async throws -> DemoServer {
        let ledger = InMemoryLedger()
        let accounts = DevnetAccounts.keys(options.accountCount)
        for account in accounts {
            try await DevnetAccounts.fund(account.address, with: options.fundingPerAccount, token: options.token.address, on: ledger)
        }
        for (address, amount) in options.extraFunding {
            try await DevnetAccounts.fund(address, with: amount, token: options.token.address, on: ledger)
        }
        let facilitator = LocalFacilitator(
            ledger: ledger,
            configuration: .init(networks: [options.token.network], tokens: [options.token], signers: [DevnetAccounts.facilitatorSigner.address]),
            clock: options.clock
        )
        let services = DemoServices(token: options.token, clock: options.clock)
        let router = Router(context: BasicRequestContext.self)
        let paywall = Paywall(
            routes: services.routes, facilitator: facilitator, uptoFacilitatorAddress: DevnetAccounts.facilitatorSigner.address,
            paymentIdentifiers: PaymentIdentifierCache())
        services.register(on: router, paywall: paywall)
        let discovery = DiscoveryCatalog(clock: options.clock)
        FacilitatorRoutes.register(on: router, facilitator: facilitator, clock: options.clock, discovery: discovery)
        let server = try await PaygentHTTPServer.start(router: router, host: options.host, port: options.port, handleSignals: options.handleSignals)
        // The facilitator lists the demo's own routes from the start (others join as they settle).
        discovery.register(paywall, baseURL: server.baseURL)
        return DemoServer(server: server, facilitator: facilitator, ledger: ledger, accounts: accounts, services: services)
    }
}
