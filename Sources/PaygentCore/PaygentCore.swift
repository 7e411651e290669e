/// Namespace marker for the PaygentCore module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum PaygentCoreModule {
    /// The module's name, as used in diagnostics.
    public static let name = "PaygentCore"
}
