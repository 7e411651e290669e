/// A rectangle of cells: top-left corner (row, col) and size.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var row: Int
    public var col: Int
    public var width: Int
    public var height: Int

    public init(row: Int, col: Int, width: Int, height: Int) {
        self.row = row
        self.col = col
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Rect(row: 0, col: 0, width: 0, height: 0)

    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var bottom: Int { row + height }
    public var right: Int { col + width }

    /// Whether the cell (row, col) lies inside.
    public func contains(row r: Int, col c: Int) -> Bool { r >= row && r < bottom && c >= col && c < right }

    /// The rectangle inside a one-cell border.
    public var inner: Rect { Rect(row: row + 1, col: col + 1, width: width - 2, height: height - 2) }

    /// A rectangle of the given size centred in this one (clamped to fit).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(row: row + (height - ch) / 2, col: col + (width - cw) / 2, width: cw, height: ch)
    }

    public var description: String { "(\(row),\(col) \(width)x\(height))" }
}
