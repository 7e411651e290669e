import Testing
@testable import PaygentCore

@Test func moduleNameIsSet() {
    #expect(PaygentCoreModule.name == "PaygentCore")
}
