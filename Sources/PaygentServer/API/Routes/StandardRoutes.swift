import PaygentCore
import PaygentEVM

/// The route groups every server has, in the order of ../shared/design/API.md.
enum StandardRoutes {
    static func groups(api: any PaygentAPI, metrics: APIMetrics, options: APIServerOptions, signingKey: PrivateKey?) -> [any APIRouteGroup] {
        [
            MetaRoutes(api: api, metrics: metrics, version: options.version),
            SessionRoutes(api: api),
            ServiceRoutes(api: api),
            PaymentRoutes(api: api),
            SubscriptionRoutes(api: api),
            WalletRoutes(api: api),
            SigningRoutes(key: signingKey),
            ApprovalRoutes(api: api),
            LogRoutes(api: api),
            ControlRoutes(api: api),
            TokenRoutes(api: api),
            EventLogRoutes(api: api),
            IdentityRoutes(),
        ]
    }
}
