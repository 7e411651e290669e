import Testing
@testable import Http

@Test func moduleNameIsSet() {
    #expect(HttpModule.name == "Http")
}
