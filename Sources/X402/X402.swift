/// Namespace marker for the X402 module. See ../shared/design/ARCHITECTURE.md for what it owns.
public enum X402Module {
    /// The module's name, as used in diagnostics.
    public static let name = "X402"
}
