import PaygentFoundation

/// Time formatting for the panes (UTC offset injected; no locale dependence).
public enum TimeFormat {
    /// `HH:MM:SS` of a time at a UTC offset.
    public static func clock(_ ms: EpochMillis, offsetSeconds: Int, seconds: Bool = true) -> String {
        let total = (ms / 1000 + Int64(offsetSeconds))
        let daySeconds = ((total % 86_400) + 86_400) % 86_400
        let h = daySeconds / 3600, m = (daySeconds / 60) % 60, s = daySeconds % 60
        return seconds ? "\(two(h)):\(two(m)):\(two(s))" : "\(two(h)):\(two(m))"
    }

    /// `YYYY-MM-DD HH:MM:SS` (for detail views).
    public static func dateTime(_ ms: EpochMillis, offsetSeconds: Int) -> String {
        let (y, m, d) = CivilDate.fromDays((ms / 1000 + Int64(offsetSeconds)).floorDiv(86_400))
        return "\(y)-\(two(m))-\(two(d)) " + clock(ms, offsetSeconds: offsetSeconds)
    }

    /// A short duration: `42s`, `4m12s`, `3h05m`, `2d03h`.
    public static func duration(ms: EpochMillis) -> String {
        let s = max(0, ms / 1000)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(two(s % 60))s" }
        if s < 86_400 { return "\(s / 3600)h\(two((s / 60) % 60))m" }
        return "\(s / 86_400)d\(two((s / 3600) % 24))h"
    }

    /// Age: `now`, `5s`, `3m`, `2h`, `4d`.
    public static func age(ms: EpochMillis) -> String {
        let s = max(0, ms / 1000)
        if s < 1 { return "now" }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h" }
        return "\(s / 86_400)d"
    }

    static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
}
