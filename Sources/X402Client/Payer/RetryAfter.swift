import X402
import PaygentFoundation
/// Parses the HTTP `Retry-After` header (RFC 9110 §10.2.3): either delay-seconds or an
/// HTTP-date (IMF-fixdate, and the obsolete RFC 850 and asctime forms).
public enum RetryAfter {
    /// The longest delay accepted from a server (one day); larger values are clamped.
    public static let maximum: Duration = .seconds(86_400)

    /// The delay `value` asks for, measured from `now` (unix seconds) for dates, or `nil`
    /// when the value is malformed. Dates in the past mean no delay.
    public static func parse(_ value: String, now: UInt64) -> Duration? {
        let text = value.trimmed(.spacesAndTabs)
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard text.utf8.count <= 12, let seconds = Int64(text) else { return maximum }
            return min(.seconds(seconds), maximum)
        }
        guard let date = HTTPDate.parse(text) else { return nil }
        guard date > Int64(clamping: now) else { return .zero }
        return min(.seconds(date - Int64(clamping: now)), maximum)
    }
}

/// HTTP-date parsing (RFC 9110 §5.6.7) to unix seconds.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Unix seconds for an HTTP-date, or `nil` when it is not one.
    ///
    /// Accepts `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` and
    /// `Sun Nov  6 08:49:37 1994`.
    public static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?
        switch parts.count {
        case 6 where parts[0].hasSuffix(","):           // IMF-fixdate
            guard parts[5] == "GMT" else { return nil }
            day = Int(parts[1]); month = monthIndex(parts[2]); year = Int(parts[3]); time = clock(parts[4])
        case 4 where parts[0].hasSuffix(","):           // RFC 850
            guard parts[3] == "GMT" else { return nil }
            let dmy = parts[1].split(separator: "-").map(String.init)
            guard dmy.count == 3, let yy = Int(dmy[2]) else { return nil }
            day = Int(dmy[0]); month = monthIndex(dmy[1]); year = yy < 70 ? 2000 + yy : (yy < 100 ? 1900 + yy : yy)
            time = clock(parts[2])
        case 5:                                          // asctime
            month = monthIndex(parts[1]); day = Int(parts[2]); time = clock(parts[3]); year = Int(parts[4])
        default:
            return nil
        }
        guard let day, let month, let year, let time, (1...31).contains(day), (1...9999).contains(year) else { return nil }
        let days = CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day))
        return days * 86_400 + Int64(time.0 * 3600 + time.1 * 60 + time.2)
    }

    /// The IMF-fixdate of unix time `seconds` (`Sun, 06 Nov 1994 08:49:37 GMT`).
    public static func format(_ seconds: UInt64) -> String {
        let days = Int64(seconds / 86_400)
        let secondsOfDay = Int(seconds % 86_400)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let (year, month, day) = CivilDate.fromDays(days)
        func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let monthName = months[Int(month) - 1].prefix(1).uppercased() + months[Int(month) - 1].dropFirst()
        return "\(weekdays[Int((days + 4) % 7)]), \(pad(day)) \(monthName) \(year) "
            + "\(pad(Int64(secondsOfDay / 3600))):\(pad(Int64(secondsOfDay / 60 % 60))):\(pad(Int64(secondsOfDay % 60))) GMT"
    }

    private static func monthIndex(_ text: String) -> Int? {
        months.firstIndex(of: text.lowercased()).map { $0 + 1 }
    }

    private static func clock(_ text: String) -> (Int, Int, Int)? {
        let hms = text.split(separator: ":").map { Int($0) }
        guard hms.count == 3, let h = hms[0], let m = hms[1], let s = hms[2],
              (0...23).contains(h), (0...59).contains(m), (0...60).contains(s) else { return nil }
        return (h, m, s)
    }

}
