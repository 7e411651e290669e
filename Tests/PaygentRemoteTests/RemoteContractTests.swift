import PaygentCore
import PaygentRemote
import Testing
import TestSupport

@Suite("PaygentAPI contract: RemotePaygent over HTTP to a PaygentAPIServer")
struct RemoteContractTests {
    @Test(arguments: PaygentAPIContract.cases)
    func contract(_ name: String) async throws {
        try await RemoteHarness.with { harness in
            let api = try harness.client(.admin)
            let actor = harness.actor(.admin)
            let fixture = PaygentAPIContract.Fixture(api: api, driver: HostContractDriver(host: harness.paygent), actor: { _ in actor })
            try await withDeadline(60, "contract case \(name)") { try await PaygentAPIContract.run(name, on: fixture) }
        }
    }
}
