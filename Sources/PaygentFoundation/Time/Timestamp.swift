/// A point in time as whole milliseconds since the Unix epoch (UTC).
///
/// Encoded in JSON as an ISO-8601 string with milliseconds (`"2025-01-31T12:00:00.000Z"`);
/// decoding also accepts a number of milliseconds. Stored in databases as an integer.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    /// Creates a timestamp from milliseconds since the epoch.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Creates a timestamp from whole seconds since the epoch.
    public init(seconds: Int64) { self.milliseconds = seconds &* 1000 }

    /// Whole seconds since the epoch (rounded down).
    public var seconds: Int64 { milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000 }

    /// This timestamp moved by `milliseconds`.
    public func adding(milliseconds delta: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds &+ delta) }

    /// This timestamp moved by `seconds`.
    public func adding(seconds delta: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds &+ delta &* 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// ISO-8601 in UTC with milliseconds, e.g. `2025-01-31T12:00:00.000Z`.
    public var iso8601: String {
        let ms = milliseconds
        let totalSeconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - totalSeconds * 1000)
        let days = totalSeconds >= 0 ? totalSeconds / 86_400 : (totalSeconds - 86_399) / 86_400
        let secondOfDay = Int(totalSeconds - days * 86_400)
        let (year, month, day) = CivilDate.fromDays(days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int64(secondOfDay / 3600), 2)):"
            + "\(pad(Int64(secondOfDay % 3600 / 60), 2)):\(pad(Int64(secondOfDay % 60), 2)).\(pad(Int64(millis), 3))Z"
    }

    /// Parses ISO-8601; nil when malformed or not a real calendar date.
    ///
    /// Accepted: `YYYY-MM-DD` (midnight UTC), or `YYYY-MM-DD` then `T` (or `t` or a space) then
    /// `HH:MM:SS`, an optional fraction of any number of digits (kept to the millisecond, rounded
    /// down: `.123456` is 123 ms), and an optional offset `Z`, `±HH:MM`, `±HHMM` or `±HH` (no
    /// offset means UTC). Days are checked against the month and leap years (`2026-02-30` is
    /// refused); hours 00–23, minutes 00–59, seconds 00–60, offsets up to ±23:59, and the instant
    /// must fall in the years 0000–9999 once the offset is applied.
    public init?(iso8601 text: String) {
        let chars = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int64? {
            guard start >= 0, start + count <= chars.count else { return nil }
            var value: Int64 = 0
            for c in chars[start..<(start + count)] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int64(c - 48)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, millis: Int64 = 0, offset: Int64 = 0
        if chars.count > 10 {
            guard chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") || chars[10] == UInt8(ascii: " "),
                  chars.count >= 19, chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
                  let h = number(11, 2), let m = number(14, 2), let s = number(17, 2), h < 24, m < 60, s <= 60
            else { return nil }
            hour = h; minute = m; second = s
            var index = 19
            if index < chars.count, chars[index] == UInt8(ascii: ".") || chars[index] == UInt8(ascii: ",") {
                index += 1
                var digits = 0
                while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                    if digits < 3 { millis = millis * 10 + Int64(chars[index] - 48) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                var scale = digits
                while scale < 3 { millis *= 10; scale += 1 }
            }
            if index < chars.count {
                let c = chars[index]
                if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                    index += 1
                } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    let sign: Int64 = c == UInt8(ascii: "+") ? 1 : -1
                    guard let oh = number(index + 1, 2), oh < 24 else { return nil }
                    index += 3
                    var om: Int64 = 0
                    if index < chars.count {
                        if chars[index] == UInt8(ascii: ":") { index += 1 }
                        guard let m = number(index, 2), m < 60 else { return nil }
                        om = m
                        index += 2
                    }
                    offset = sign * (oh * 3600 + om * 60)
                } else { return nil }
            }
            guard index == chars.count else { return nil }
        }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        // An offset may not carry the instant out of the years 0000–9999 that ``iso8601`` prints.
        guard (Self.earliest...Self.latest).contains(seconds * 1000 + millis) else { return nil }
        self.milliseconds = seconds * 1000 + millis
    }

    /// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, the range `iso8601` can print.
    static let earliest: Int64 = -719_528 * 86_400_000
    static let latest: Int64 = 2_932_897 * 86_400_000 - 1

    public var description: String { iso8601 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let ms = try? container.decode(Int64.self) {
            self.milliseconds = ms
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 time: \(text)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}
