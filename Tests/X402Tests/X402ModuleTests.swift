import Testing
@testable import X402

@Test func moduleNameIsSet() {
    #expect(X402Module.name == "X402")
}
