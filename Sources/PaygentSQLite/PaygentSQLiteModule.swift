/// Namespace marker for the PaygentSQLite module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum PaygentSQLiteModule {
    /// The module's name, as used in diagnostics.
    public static let name = "PaygentSQLite"
}
