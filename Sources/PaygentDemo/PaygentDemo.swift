/// Namespace marker for the PaygentDemo module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum PaygentDemoModule {
    /// The module's name, as used in diagnostics.
    public static let name = "PaygentDemo"
}
