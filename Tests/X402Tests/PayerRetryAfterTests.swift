import Testing
import X402Client
import X402

@Suite struct PayerRetryAfterTests {
    let now: UInt64 = 784_111_777   // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func parsesDelaySeconds() {
        #expect(RetryAfter.parse("0", now: now) == .zero)
        #expect(RetryAfter.parse(" 120 ", now: now) == .seconds(120))
        #expect(RetryAfter.parse("99999999999999999999", now: now) == RetryAfter.maximum)
    }

    @Test func parsesTheThreeHTTPDateForms() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:50:07 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)   // in the past
        #expect(HTTPDate.parse(HTTPDate.format(1_735_689_551)) == 1_735_689_551)
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test func rejectsGarbage() {
        for text in ["", "soon", "-5", "1.5", "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 PST"] {
            #expect(RetryAfter.parse(text, now: now) == nil, "\(text)")
        }
    }
}
