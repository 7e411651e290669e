import Testing
@testable import PaygentServer

@Test func moduleNameIsSet() {
    #expect(PaygentServerModule.name == "PaygentServer")
}
