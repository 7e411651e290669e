@testable import PaygentConsole
import PaygentFoundation
import Testing

@Suite("Identifiers clip in the middle, keeping what tells them apart")
struct IdentifierClippingTests {
    @Test("Time-ordered ids keep their kind and tail; two ids made together stay distinguishable")
    func timeOrderedIDs() {
        let a = DisplayWidth.truncateIdentifier("ses_1a213e53d8fe1d8c249b", to: 14)
        let b = DisplayWidth.truncateIdentifier("ses_1a213e53d8fe0071aa03", to: 14)
        #expect(a == "ses_…e1d8c249b")
        #expect(b == "ses_…e0071aa03")
        #expect(DisplayWidth.of(a) == 14)
    }

    @Test("Addresses keep their first four digits and their tail")
    func addresses() {
        let clipped = DisplayWidth.truncateIdentifier("0x9A1f3c5E7b2D4f6A8c0E1b3D5f7A9c1E3b5D7f9A", to: 24)
        #expect(clipped == "0x9A1f…D5f7A9c1E3b5D7f9A")
        #expect(DisplayWidth.of(clipped) == 24)
        #expect(DisplayWidth.truncateIdentifier("0x9A1f3c5E7b2D4f6A8c0E1b3D5f7A9c1E3b5D7f9A", to: 10) == "0x…b5D7f9A")
    }

    @Test("Text that is not an id, or too narrow a column, clips at the end as before")
    func fallsBack() {
        #expect(DisplayWidth.truncateIdentifier("a long service name here", to: 10) == DisplayWidth.truncate("a long service name here", to: 10))
        #expect(DisplayWidth.truncateIdentifier("ses_1a213e53d8fe1d8c249b", to: 8) == DisplayWidth.truncate("ses_1a213e53d8fe1d8c249b", to: 8))
        #expect(DisplayWidth.truncateIdentifier("ses_short", to: 20) == "ses_short")
        #expect(DisplayWidth.truncateIdentifier("x_\u{202e}evil_1234567890", to: 10) == DisplayWidth.truncate("x_\u{202e}evil_1234567890", to: 10))
    }
}
