import Foundation
import PaygentCore
import PaygentEVM
import PaygentSQLite
import Testing
import X402

@Suite("PaygentAPI contract: EmbeddedPaygent on SQLite")
struct EmbeddedContractTests {
    @Test(arguments: PaygentAPIContract.cases)
    func contract(_ name: String) async throws {
        let directory = NSTemporaryDirectory() + "paygent-contract-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paygent = try EmbeddedPaygent.open(path: directory + "/db.sqlite")
        try await PaygentAPIContract.run(name, on: .init(api: paygent, driver: HostContractDriver(host: paygent)))
        try await paygent.close()
    }
}
