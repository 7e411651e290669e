/// Timing and connection facts about one completed transfer, as libcurl measured them.
public struct HTTPTransferMetrics: Sendable, Equatable {
    /// Connections newly opened for this transfer: 0 when a kept-alive connection was reused.
    public var newConnections: Int
    /// Wall time from the start of the transfer to its end.
    public var totalTime: Duration

    public init(newConnections: Int, totalTime: Duration) {
        self.newConnections = newConnections
        self.totalTime = totalTime
    }

    /// Whether the transfer ran on a connection kept alive from an earlier one.
    public var reusedConnection: Bool { newConnections == 0 }
}
