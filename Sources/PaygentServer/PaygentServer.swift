/// Namespace marker for the PaygentServer module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum PaygentServerModule {
    /// The module's name, as used in diagnostics.
    public static let name = "PaygentServer"
}
