import Testing
@testable import PaygentWire

@Suite struct PaygentWireSmokeTests {
    @Test func prefix() { #expect(PaygentWire.apiPrefix == "/api/v1") }
}
