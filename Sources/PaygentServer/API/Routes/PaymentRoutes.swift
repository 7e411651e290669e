import PaygentCore
import PaygentWire

/// Payment history, one payment, statistics.
struct PaymentRoutes: APIRouteGroup {
    let api: any PaygentAPI

    static let filters: [APIParameter] = [
        .choice("status", PaymentStatus.allCases.map(\.rawValue), "Only this status."),
        .string("session_id", "Only this session.", maxLength: 128),
        .string("service_id", "Only this service.", maxLength: 128),
        .string("wallet", "Only this paying wallet (an EVM address).", maxLength: 42),
        .dateTime("start_date", "Created at or after (ISO-8601)."),
        .dateTime("end_date", "Created before (ISO-8601)."),
    ]

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/payments/history", access: .read, operationID: "paymentHistory",
                     summary: "Payments, newest first.", tag: "payments", query: Self.filters + APIParameter.paging,
                     response: "PaymentPage") { call in
                try .page(try await api.payments(try call.query(PaymentQuery.self)))
            },
            APIRoute(.get, "/api/v1/payments/stats", access: .read, operationID: "paymentStats",
                     summary: "Counts and confirmed USD of the payments matching the filters.", tag: "payments",
                     query: Self.filters, response: "PaymentStats") { call in
                try .json(try await api.paymentStats(try call.query(PaymentQuery.self)))
            },
            APIRoute(.get, "/api/v1/payments/{id}", access: .read, operationID: "getPayment", summary: "One payment.",
                     tag: "payments", response: "Payment") { call in
                try .json(try await api.payment(id: try call.id("id")))
            },
        ]
    }
}
