import Foundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import StoreTestSupport
import Testing
import X402

@Suite("PaygentAPI contract: EmbeddedPaygent on SQLite and on PostgreSQL")
struct EmbeddedContractTests {
    @Test(arguments: StoreKind.allCases, PaygentAPIContract.cases)
    func contract(_ kind: StoreKind, _ name: String) async throws {
        let location = try TestStore(kind)
        defer { location.remove() }
        let paygent = try await location.open()
        try await PaygentAPIContract.run(name, on: .init(api: paygent, driver: HostContractDriver(host: paygent)))
        try await paygent.close()
    }
}
