import Foundation
import Http
import PaygentDemo
import Testing
import X402

/// The demo fleet's facilitator-protected services: no spelling of a priced path is served unpaid.
@Suite struct DemoServicePathTests {
    @Test func everySpellingOfAPricedPathIsPricedOrNotFound() async throws {
        let services = try await DemoServiceServer.start(ledger: InMemoryLedger())
        defer { Task { await services.stop() } }
        let client = HTTPClient()
        for route in DemoCatalog.paywallRoutes() {
            let path = route.path
            let targets = [path, path + "/", "/" + path, path + "//", "//" + path.dropFirst() + "//",
                           path.replacingOccurrences(of: "-", with: "%2D"), path.uppercased(), path + "?pair=CRO-USDC", path + "/?x=1"]
            for target in targets {
                for method in [HTTPMethod.get, .head] {
                    let response = try await client.send(Http.HTTPRequest(method: method, url: services.baseURL + target))
                    #expect(response.status == 402 || response.status == 404,
                            "\(method) \(target) answered \(response.status): \(response.bodyString.prefix(80))")
                }
            }
            // The canonical path is priced at the catalog price.
            let unpaid = try await client.get(services.baseURL + path + "/")
            let offered = try PaymentRequired.decode(headerValue: unpaid.headers["PAYMENT-REQUIRED"], body: unpaid.body)
            #expect(offered.accepts.first?.amount == route.prices[0].amount, "\(path)/")
        }
    }
}
