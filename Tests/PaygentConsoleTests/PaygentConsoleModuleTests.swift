import Testing
@testable import PaygentConsole

@Test func moduleNameIsSet() {
    #expect(PaygentConsoleModule.name == "PaygentConsole")
}
