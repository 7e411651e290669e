import Hummingbird
import PaygentCore
import PaygentEVM
import Prometheus

/// The server's Prometheus metrics (`GET /metrics`): requests by route, method and status,
/// latency histograms per route, and gauges read from the control plane at each scrape —
/// payments by status, pending approvals, the USD held — plus the SSE consumers' lag, which the
/// event stream sets (``sseConsumerLag``, ``sseConsumers``).
///
/// Each server has its own registry (no process-wide bootstrap), so tests can run several.
/// ``factory`` lets code written against swift-metrics record into the same registry.
public final class APIMetrics: Sendable {
    /// The registry `/metrics` prints.
    public let registry: PrometheusCollectorRegistry
    /// Latency buckets of the request histograms.
    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2.5), .seconds(5), .seconds(10),
    ]
    /// Events the slowest SSE consumer is behind the log (set by the event stream).
    public let sseConsumerLag: Gauge
    /// Connected SSE consumers (set by the event stream).
    public let sseConsumers: Gauge
    let pendingApprovals: Gauge
    let heldMicros: Gauge
    let globalPause: Gauge

    /// Creates the metrics with a new registry.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        sseConsumerLag = registry.makeGauge(descriptor: Self.name("sse_consumer_lag", "events", "Events the slowest SSE consumer is behind the event log"))
        sseConsumers = registry.makeGauge(descriptor: Self.name("sse", "consumers", "Connected SSE consumers"))
        pendingApprovals = registry.makeGauge(descriptor: Self.name("pending", "approvals", "Approval requests waiting for a decision"))
        heldMicros = registry.makeGauge(descriptor: Self.name("held_usd", "micros", "USD reserved by holds of live sessions, in micro-USD (exact integer)"))
        globalPause = registry.makeGauge(descriptor: Self.name("global", "pause", "1 while every payment is paused"))
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "paygent", metricName: metric, unitName: unit, helpText: help)
    }
    static var requests: MetricNameDescriptor { name("http_requests", "total", "HTTP requests answered, by route, method and status") }
    static var latency: MetricNameDescriptor { name("http_request_duration", "seconds", "Time to answer a request (until the response head), by route") }
    static var payments: MetricNameDescriptor { name("payments", "count", "Payments in the store, by status") }

    /// A swift-metrics factory recording into ``registry``.
    public var factory: PrometheusMetricsFactory { PrometheusMetricsFactory(registry: registry) }

    /// Counts one answered request and its latency.
    public func record(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", route), ("method", method)], buckets: Self.buckets)
            .record(duration)
    }

    /// Reads the control plane's gauges (called before each scrape).
    public func refresh(from api: any PaygentAPI) async throws(PaygentError) {
        let stats = try await api.paymentStats(PaymentQuery())
        let counts: [(PaymentStatus, Int)] = [
            (.pending, stats.pendingPayments), (.signed, stats.signedPayments), (.confirmed, stats.confirmedPayments),
            (.failed, stats.failedPayments), (.unknown, stats.unknownPayments),
        ]
        for (status, count) in counts {
            registry.makeGauge(descriptor: Self.payments, labels: [("status", status.rawValue)]).set(to: Double(count))
        }
        let overview = try await api.overview()
        pendingApprovals.set(to: Double(overview.pendingApprovals))
        globalPause.set(to: overview.control.globalPause ? 1 : 0)
        let budgets = try await api.budgets()
        var held = UInt256.zero
        for session in budgets.sessions { held = held + session.heldUSD.micros }
        heldMicros.set(to: Double(held.description) ?? 0)
    }

    /// The Prometheus text exposition.
    public func exposition() -> String { registry.emitToString() }
}

/// Records every answered request in ``APIMetrics`` (route = the matched template, `NotFound`
/// for none; status after the error envelope is applied).
public struct APIMetricsMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    let metrics: APIMetrics

    /// Creates the middleware.
    public init(metrics: APIMetrics) { self.metrics = metrics }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let route = context.coreContext.endpointPath.value ?? "NotFound"
        metrics.record(route: route, method: request.method.rawValue, status: Int(response.status.code), duration: ContinuousClock.now - start)
        return response
    }
}
