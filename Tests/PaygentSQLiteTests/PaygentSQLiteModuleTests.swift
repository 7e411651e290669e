import Testing
@testable import PaygentSQLite

@Test func moduleNameIsSet() {
    #expect(PaygentSQLiteModule.name == "PaygentSQLite")
}
