/// Namespace marker for the PaygentConsole module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum PaygentConsoleModule {
    /// The module's name, as used in diagnostics.
    public static let name = "PaygentConsole"
}
