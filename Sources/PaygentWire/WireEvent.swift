import PaygentCore

/// The SSE encoding of events (`GET /api/v1/events`, `POST /agent/stream`).
///
/// Owned by the live-streams work (issue #11 deliverable 3): the `id:`/`event:`/`data:` framing
/// of a ``PaygentEvent``, heartbeat comments and the parser a remote client uses. Until then it
/// holds only the shared constants.
public enum WireEvent {
    /// The content type of an event stream.
    public static let contentType = "text/event-stream"
}
