/// PaygentWire: the wire forms of the Paygent HTTP API (../shared/design/API.md), shared by
/// `paygent serve`, the CLI's `--json` output and remote clients:
///
/// - ``WirePage``: the one page envelope, `{"<list>": [...], "total", "offset", "limit"}`;
/// - ``QueryItems`` and ``WireQuery``: each query struct ⇄ URL query items, with validation
///   errors naming the field;
/// - ``ErrorEnvelope``: `{"error": {"code", "message", "field"?}}`;
/// - request bodies (``WireBody`` decodes them, naming the field at fault);
/// - the SSE event encoding (`WireEvent.swift`).
///
/// The domain types of PaygentCore (`Payment`, `AgentSession`, …) are already `Codable` in their
/// snake_case wire shape; this module adds what wraps them.
public enum PaygentWire {
    /// The API's path prefix.
    public static let apiPrefix = "/api/v1"
}
