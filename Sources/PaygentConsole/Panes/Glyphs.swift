/// The characters used for borders, gauges and markers, with an ASCII set for non-UTF-8 locales.
public struct Glyphs: Sendable {
    public var horizontal: String
    public var vertical: String
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    public var gaugeFull: String
    /// Partial gauge cells, 1/8 to 7/8.
    public var gaugeEighths: [String]
    public var gaugeEmpty: String
    /// Sparkline levels, lowest to highest.
    public var spark: [String]
    public var separator: String
    public var up: String
    public var down: String
    public var ellipsis: String
    public var cursor: String

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        gaugeFull: "█", gaugeEighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], gaugeEmpty: "░",
        spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], separator: "│", up: "↑", down: "↓", ellipsis: "…", cursor: "▏")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        gaugeFull: "#", gaugeEighths: ["#", "#", "#", "#", "#", "#", "#"], gaugeEmpty: ".",
        spark: ["_", ".", ".", "-", "-", "=", "=", "#"], separator: "|", up: "^", down: "v", ellipsis: ".", cursor: "_")

    /// Status marker of a session.
    public func marker(_ state: SessionState) -> String {
        let unicode = self.horizontal == "─"
        switch state {
        case .running: return unicode ? "●" : "*"
        case .paused: return unicode ? "‖" : "="
        case .awaiting: return unicode ? "◆" : "?"
        case .killed: return unicode ? "✕" : "x"
        case .done: return unicode ? "✓" : "v"
        case .failed: return "!"
        }
    }
}
