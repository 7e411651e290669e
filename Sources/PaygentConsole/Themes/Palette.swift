/// Colour arithmetic for degrading themes: the xterm palettes and nearest-colour search.
public enum Palette {
    public typealias RGB = (UInt8, UInt8, UInt8)

    /// The 16 ANSI colours as xterm shows them by default.
    public static let ansi: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// Names accepted for the 16 ANSI colours, in index order.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// RGB of an xterm-256 index.
    public static func rgb(ofIndex index: UInt8) -> RGB {
        let i = Int(index)
        if i < 16 { return ansi[i] }
        if i < 232 {
            let n = i - 16
            return (UInt8(cubeLevels[n / 36]), UInt8(cubeLevels[(n / 6) % 6]), UInt8(cubeLevels[n % 6]))
        }
        let level = UInt8(8 + (i - 232) * 10)
        return (level, level, level)
    }

    /// Squared distance, weighted towards green as the eye is ("redmean" approximation, integer form).
    @inline(__always)
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let rm = (Int(a.0) + Int(b.0)) / 2
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return (((512 + rm) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rm) * db * db) >> 8)
    }

    /// Nearest xterm-256 index (searching the colour cube and the grey ramp, not the 16 system colours,
    /// whose actual RGB varies by terminal).
    public static func nearest256(_ color: RGB) -> UInt8 {
        var best = 16, bestDistance = Int.max
        for index in 16...255 {
            let d = distance(color, rgb(ofIndex: UInt8(index)))
            if d < bestDistance { bestDistance = d; best = index }
        }
        return UInt8(best)
    }

    /// Nearest of the 16 ANSI colours.
    public static func nearestANSI(_ color: RGB) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for (index, candidate) in ansi.enumerated() {
            let d = distance(color, candidate)
            if d < bestDistance { bestDistance = d; best = index }
        }
        return UInt8(best)
    }

    /// Brightness 0–255 (for choosing mono attributes).
    public static func luminance(_ color: RGB) -> Int {
        (Int(color.0) * 299 + Int(color.1) * 587 + Int(color.2) * 114) / 1000
    }
}
