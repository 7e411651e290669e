import PaygentFoundation
import Testing

/// The one trimming helper: which characters each set removes, from both ends only.
@Suite struct TrimmingTests {
    @Test func eachSetTrimsOnlyItsCharacters() {
        let text = " \t\n x y \r\n\u{00A0}"
        #expect(text.trimmed() == "x y")
        #expect(text.trimmed(.asciiWhitespace) == "x y \r\n\u{00A0}")
        #expect(" \t5.00\t ".trimmed(.spacesAndTabs) == "5.00")
        #expect("\n5.00\n".trimmed(.spacesAndTabs) == "\n5.00\n")
        #expect("\r\n0xab\r\n".trimmed(.asciiWhitespace) == "0xab")
        #expect("".trimmed() == "")
        #expect("   ".trimmed() == "")
        #expect("a b"[...].trimmed() == "a b")
    }
}
