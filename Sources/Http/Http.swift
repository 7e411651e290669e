/// Namespace marker for the Http module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum HttpModule {
    /// The module's name, as used in diagnostics.
    public static let name = "Http"
}
