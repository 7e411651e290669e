import PaygentAgents
import PaygentCore
import PaygentEVM

/// Everything `paygent serve` adds for live streams and agents: the event stream and WebSocket
/// (one ``StreamConsumers`` registry, so lag and shutdown cover both), and the agent routes when
/// the server has a wallet to run agents with.
public struct LiveEndpoints: Sendable {
    /// The server's stream consumers.
    public let consumers: StreamConsumers
    /// The stream writer.
    public let streamer: EventStreamer
    /// Agents through the server (nil: no wallet; the agent routes then answer 409 saying so).
    public let gateway: AgentGateway?
    /// `GET /api/v1/ws`.
    public let webSocket: LiveWebSocket

    /// The endpoints over `paygent`; `agents` is the runtime and the wallet new sessions pay from.
    public init(paygent: EmbeddedPaygent, agents: (runtime: AgentRuntime, wallet: Address)?,
                settings: EventStreamer.Settings = EventStreamer.Settings()) {
        consumers = StreamConsumers()
        streamer = EventStreamer(source: paygent, consumers: consumers, settings: settings)
        gateway = agents.map { AgentGateway(paygent: paygent, runtime: $0.runtime, wallet: $0.wallet) }
        webSocket = LiveWebSocket(paygent: paygent, streamer: streamer, agents: gateway)
    }

    /// The route groups to add to ``PaygentAPIServer``.
    public var groups: [any APIRouteGroup] {
        [EventRoutes(streamer: streamer), AgentRoutes(gateway: gateway, streamer: streamer)]
    }

    /// Keeps `metrics`' SSE gauges (`paygent_sse_consumer_lag_events`: the slowest consumer's
    /// distance behind the log; `paygent_sse_consumers`) current, once a second, until cancelled.
    public func exportMetrics(to metrics: APIMetrics) -> Task<Void, Never> {
        let consumers = self.consumers
        let source = streamer.source
        return Task {
            while !Task.isCancelled {
                let lags = consumers.lags(behind: source.publishedSeq, kind: "sse")
                metrics.sseConsumerLag.set(to: Double(lags.max() ?? 0))
                metrics.sseConsumers.set(to: Double(lags.count))
                do { try await Task.sleep(for: .seconds(1)) } catch { return }
            }
        }
    }
}
