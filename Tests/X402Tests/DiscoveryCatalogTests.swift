import Foundation
import X402Client
import PaygentFoundation
import PaygentEVM
import Testing
@testable import X402

/// `bazaar`: our facilitator's discovery list — what it lists, filters and pages, what it learns
/// from settled payments, and its decoding of any facilitator's list.
@Suite struct DiscoveryCatalogTests {
    static func paywall() -> Paywall {
        var market = PaywallRoute(path: "/market-data", price: try! PaywallPrice(token: Fixture.token, amount: "0.01"),
                                  payTo: Fixture.payTo, description: "Spot prices")
        market.discovery = PaywallDiscovery(serviceName: "Market Data", tags: ["market-data"])
        let llm = PaywallRoute(path: "/llm", price: .upto(token: Fixture.token, maximum: 50_000), payTo: Fixture.payTo, description: "LLM")
        return Paywall(routes: [market, llm], facilitator: LocalFacilitator(ledger: InMemoryLedger()),
                       uptoFacilitatorAddress: DevnetAccounts.facilitatorSigner.address)
    }

    static func items(_ response: PaywallResponse) throws -> [JSONValue] {
        let json = try JSONParser.parse(response.body)
        return json.objectValue?["items"]?.arrayValue ?? []
    }

    @Test func listsFiltersAndPagesTheRegisteredRoutes() throws {
        let catalog = DiscoveryCatalog()
        catalog.register(Self.paywall(), baseURL: "http://127.0.0.1:4021")
        let all = catalog.list(query: [:])
        #expect(all.status == 200)
        let items = try Self.items(all)
        #expect(items.count == 2)
        let (market, unusable) = try DiscoveryResource.decode(items[1])
        #expect(unusable.isEmpty)
        #expect(market.resource == "http://127.0.0.1:4021/market-data" && market.serviceName == "Market Data" && market.tags == ["market-data"])
        #expect(market.accepts.first?.amount == 10_000 && market.accepts.first?.network.identifier == "eip155:338")
        let (llm, _) = try DiscoveryResource.decode(items[0])
        #expect(llm.accepts.first?.scheme == "upto" && llm.accepts.first?.facilitatorAddress == DevnetAccounts.facilitatorSigner.address)
        #expect(try Self.items(catalog.list(query: ["scheme": "upto"])).count == 1)
        #expect(try Self.items(catalog.list(query: ["payTo": Fixture.payTo.checksummed])).count == 2)
        #expect(try Self.items(catalog.list(query: ["payTo": Fixture.otherKey.address.checksummed])).isEmpty)
        #expect(try Self.items(catalog.list(query: ["network": "eip155:25"])).isEmpty)
        let page = try JSONParser.parse(catalog.list(query: ["limit": "1", "offset": "1"]).body).objectValue
        #expect(page?["items"]?.arrayValue?.count == 1)
        #expect(page?["pagination"]?.objectValue?["total"] == .integer(2))
        for bad in [["limit": "0"], ["limit": "1001"], ["limit": "x"], ["offset": "-1"], ["offset": "1e3"]] {
            #expect(catalog.list(query: bad).status == 400, "\(bad)")
        }
    }

    @Test func learnsTheResourceOfASettledPaymentWithItsBazaarMetadata() throws {
        let catalog = DiscoveryCatalog()
        let bazaar: JSONObject = ["bazaar": .object(["info": .object(["serviceName": .string("Weather"), "tags": .array([.string("weather")])])])]
        let payload = PaymentPayload.v2(Fixture.exact(), for: Fixture.requirement(), resource: ResourceInfo(url: "http://seller/weather", description: "Weather", mimeType: "application/json"), extensions: bazaar)
        catalog.learn(from: payload)
        catalog.learn(from: payload)  // the same option is not listed twice
        let items = try Self.items(catalog.list(query: [:]))
        #expect(items.count == 1)
        let (learnt, _) = try DiscoveryResource.decode(items[0])
        #expect(learnt.resource == "http://seller/weather" && learnt.serviceName == "Weather" && learnt.tags == ["weather"])
        #expect(learnt.accepts.count == 1)
        // v1 payments name no resource object: nothing is learnt.
        let empty = DiscoveryCatalog()
        empty.learn(from: .v1(Fixture.exact(), for: Fixture.requirement(network: .cronosTestnet)))
        #expect(try Self.items(empty.list(query: [:])).isEmpty)
    }

    @Test func the402DeclaresBazaarForRoutesWithDiscoveryMetadata() throws {
        let paywall = Self.paywall()
        let route = paywall.routes[0]
        let response = paywall.paymentRequiredResponse(requirements: paywall.offers(route, resourceURL: "http://x/market-data"), route: route)
        let header = try #require(response.header(X402Header.paymentRequired))
        let challenge = try PaymentChallenge.decode(headerValue: header, body: [])
        let info = challenge.rawExtensions?["bazaar"]?.objectValue?["info"]?.objectValue
        #expect(info?["serviceName"] == .string("Market Data"))
        #expect(info?["input"]?.objectValue?["method"] == .string("GET"))
    }

    @Test func aHostileDiscoveryItemIsADecodeErrorOrSetAside() throws {
        #expect(throws: DecodeError.self) { try DiscoveryResource.decode(.array([])) }
        #expect(throws: DecodeError.self) { try DiscoveryResource.decode(.object(["type": .string("http")])) }
        let (item, unusable) = try DiscoveryResource.decode(try JSONParser.parse(
            #"{"resource":"http://x","accepts":[{"scheme":"exact","network":"eip155:338","asset":"0xnope","amount":"-1","payTo":"x","maxTimeoutSeconds":60}]}"#))
        #expect(item.accepts.isEmpty && unusable.count == 1)
    }
}
