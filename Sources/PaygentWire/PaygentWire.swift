/// PaygentWire: the wire forms of the Paygent HTTP API — the `Page` envelope, each query
/// struct as URL query items, the error envelope — shared by `paygent serve`, the CLI's
/// `--json` output and remote clients. See ../shared/design/API.md.
public enum PaygentWire {
    /// The API's path prefix.
    public static let apiPrefix = "/api/v1"
}
