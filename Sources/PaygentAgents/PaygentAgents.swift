/// Namespace marker for the PaygentAgents module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum PaygentAgentsModule {
    /// The module's name, as used in diagnostics.
    public static let name = "PaygentAgents"
}
