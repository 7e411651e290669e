import PaygentCore
import PaygentWire

/// Wallet balance, allowance, transactions, budgets and the spend series.
struct WalletRoutes: APIRouteGroup {
    let api: any PaygentAPI

    static let wallet = APIParameter.string("wallet", "The wallet (default: the policy's default wallet).", maxLength: 42)

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/wallet/balance", access: .read, operationID: "walletBalance",
                     summary: "Balances of a wallet in every priced token.", tag: "wallet", query: [Self.wallet],
                     response: "WalletBalance") { call in
                try .json(try await api.walletBalance(wallet: try call.query.address("wallet")))
            },
            APIRoute(.get, "/api/v1/wallet/allowance", access: .read, operationID: "walletAllowance",
                     summary: "A wallet's rolling 24 h allowance.", tag: "wallet", query: [Self.wallet],
                     response: "WalletAllowance") { call in
                try .json(try await api.walletAllowance(wallet: try call.query.address("wallet")))
            },
            APIRoute(.get, "/api/v1/wallet/transactions", access: .read, operationID: "walletTransactions",
                     summary: "Ledger movements in or out of a wallet (all wallets without one), newest first.", tag: "wallet",
                     query: [APIParameter.string("wallet", "Only this wallet.", maxLength: 42)] + APIParameter.paging,
                     response: "WalletTransactionPage") { call in
                let wallet = try call.query.address("wallet")
                return try .page(try await api.walletTransactions(wallet: wallet, page: try call.query.page()))
            },
            APIRoute(.get, "/api/v1/wallet/budgets", access: .read, operationID: "budgets",
                     summary: "Budget gauges: live sessions, per wallet and token use, per wallet allowance.", tag: "wallet",
                     response: "BudgetOverview") { _ in
                try .json(try await api.budgets())
            },
            APIRoute(.get, "/api/v1/wallet/spend", access: .read, operationID: "spendSeries",
                     summary: "USD spent per time bucket from `since` to now.", tag: "wallet",
                     query: [
                        .dateTime("since", "Start of the series (required)."),
                        APIParameter("bucket_seconds", #"{"type":"integer","minimum":1,"maximum":86400}"#, "Bucket width (default 60)."),
                     ],
                     response: "SpendSeries") { call in
                guard let since = try call.query.timestamp("since") else { throw PaygentError.invalid("since", "is required") }
                let bucket = Int(try call.query.int("bucket_seconds", in: 1...86_400) ?? 60)
                return try .json(SpendSeries(points: try await api.spendSeries(since: since, bucketSeconds: bucket)))
            },
        ]
    }
}

/// `GET /wallet/spend`: `{points: [...]}`.
struct SpendSeries: Codable, Sendable {
    var points: [SpendPoint]
}
