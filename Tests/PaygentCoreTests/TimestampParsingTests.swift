import Foundation
import PaygentFoundation
import PaygentCore
import Testing

/// `Timestamp(iso8601:)` decodes every timestamp that reaches the control plane (CLI flags, JSON).
@Suite struct TimestampParsingTests {
    static let base = Timestamp(milliseconds: 1_796_119_200_000)  // 2026-12-01T10:00:00.000Z

    @Test(arguments: [
        ("2026-12-01T10:00:00Z", 0), ("2026-12-01T10:00:00.1Z", 100), ("2026-12-01T10:00:00.12Z", 120),
        ("2026-12-01T10:00:00.123Z", 123), ("2026-12-01T10:00:00.1234Z", 123), ("2026-12-01T10:00:00.123456Z", 123),
        ("2026-12-01T10:00:00.999999999Z", 999), ("2026-12-01T10:00:00.1234567890123456789012345678901234567890Z", 123),
        ("2026-12-01T10:00:00,5Z", 500), ("2026-12-01t10:00:00z", 0), ("2026-12-01 10:00:00", 0), ("2026-12-01T10:00:00.123456", 123),
        ("2026-12-01T15:30:00+05:30", 0), ("2026-12-01T15:30:00.000001+0530", 0), ("2026-12-01T02:00:00-0800", 0),
        ("2026-12-01T02:00:00-08", 0), ("2026-12-01T10:00:00+00:00", 0), ("2026-12-01T10:00:00-00:00", 0),
    ] as [(String, Int64)])
    func acceptedForms(_ text: String, _ millis: Int64) {
        #expect(Timestamp(iso8601: text) == Self.base.adding(milliseconds: millis), "\(text)")
    }

    @Test func calendarDates() {
        #expect(Timestamp(iso8601: "2024-02-29") != nil)
        #expect(Timestamp(iso8601: "2000-02-29") != nil)
        #expect(Timestamp(iso8601: "2026-12-31T23:59:60Z") == Timestamp(iso8601: "2027-01-01T00:00:00Z"))
        #expect(Timestamp(iso8601: "2026-03-01") == Timestamp(iso8601: "2026-02-28T00:00:00Z")!.adding(seconds: 86_400))
    }

    @Test(arguments: [
        "2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31", "2026-13-01",
        "2026-00-10", "2026-01-00", "2026-01-32", "2026-12-01T24:00:00Z", "2026-12-01T10:60:00Z", "2026-12-01T10:00:61Z",
        "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00.", "2026-12-01T10:00:00+5:30", "2026-12-01T10:00:00+05:3",
        "2026-12-01T10:00:00+24:00", "2026-12-01T10:00:00+05:60", "2026-12-01T10:00:00+", "2026-12-01T10:00:00Zjunk",
        "2026-12-01T10:00", "2026-12-01X10:00:00", "2026-12-1", "+2026-12-01", "2026-12-01T10:00:00.12a", "yesterday", "",
        "２０２６-12-01", "2026-12-01T10:00:00\u{0}Z", "2026-12-01T10:00:00+05:30:00",
        "9999-12-31T23:59:59-01:00", "0000-01-01T00:00:00+00:01",
    ])
    func refusedForms(_ text: String) {
        #expect(Timestamp(iso8601: text) == nil, "\(text.debugDescription) was accepted")
    }

    @Test func decodingFromJSONUsesTheSameRules() throws {
        let decoded = try JSONDecoder().decode([Timestamp].self, from: Data(#"["2026-12-01T10:00:00.123456Z", 5]"#.utf8))
        #expect(decoded == [Self.base.adding(milliseconds: 123), Timestamp(milliseconds: 5)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Timestamp].self, from: Data(#"["2026-02-30T00:00:00Z"]"#.utf8)) }
    }

    @Test func roundTrip() {
        #expect(Timestamp(iso8601: "0000-01-01T00:00:00Z")?.iso8601 == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp(iso8601: "9999-12-31T23:59:59.999999Z")?.iso8601 == "9999-12-31T23:59:59.999Z")
        for ms: Int64 in [0, 1, 999, -1, -86_400_001, 951_782_400_000, 4_102_444_799_999] {
            let time = Timestamp(milliseconds: ms)
            #expect(Timestamp(iso8601: time.iso8601) == time, "\(time.iso8601)")
        }
    }
}
