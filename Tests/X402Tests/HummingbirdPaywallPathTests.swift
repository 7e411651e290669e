import Foundation
import Http
import Hummingbird
import PaygentEVM
import PaygentServer
import Synchronization
import Testing
@testable import X402

/// The Hummingbird paywall over loopback HTTP: the price is bound to the handler, so whatever the
/// router dispatches to it (under any router options) is priced, and nothing else.
@Suite(.serialized) struct HummingbirdPaywallPathTests {
    static let client = HTTPClient()
    static let route = PaywallTests.route

    // MARK: The Hummingbird paywall, over loopback HTTP

    /// A router with one priced and one free endpoint; `handled` counts paid-handler runs.
    final class Count: Sendable {
        private let value = Mutex(0)
        func increment() { value.withLock { $0 += 1 } }
        var current: Int { value.withLock { $0 } }
    }

    static func server(options: RouterOptions) async throws -> (RunningHTTPServer, Count) {
        let (facilitator, _) = try await Fixture.facilitator()
        let handled = Count()
        let router = Router(context: BasicRequestContext.self, options: options)
        router.paid(route, paywall: Paywall(routes: [route], facilitator: facilitator)) { _, _ -> String in
            handled.increment()
            return "paid content"
        }
        router.get("/free") { _, _ in "free" }
        return (try await PaygentHTTPServer.start(router: router), handled)
    }

    @Test(arguments: [RouterOptions(), [.caseInsensitive, .autoGenerateHeadEndpoints]])
    func hummingbirdPaywallPricesWhatTheRouterDispatches(options: RouterOptions) async throws {
        let (server, handled) = try await Self.server(options: options)
        defer { Task { await server.stop() } }
        for target in ["/market-data"] + PathVariants.targets("/market-data") {
            for method in [HTTPMethod.get, .head] {
                let response = try await Self.client.send(Http.HTTPRequest(method: method, url: server.baseURL + target))
                #expect(response.status == 402 || response.status == 404, "\(method) \(target) answered \(response.status)")
                #expect(!response.bodyString.contains("paid content"), "\(method) \(target) served the paid body")
                if response.status == 402 { #expect(response.headers["PAYMENT-REQUIRED"] != nil) }
            }
        }
        #expect(handled.current == 0)
        // The canonical path is priced, and the router's own variants are too.
        #expect(try await Self.client.get(server.baseURL + "/market-data/").status == 402)
        if options.contains(.caseInsensitive) {
            #expect(try await Self.client.get(server.baseURL + "/MARKET-DATA").status == 402)
            #expect(try await Self.client.send(Http.HTTPRequest(method: .head, url: server.baseURL + "/market-data")).status == 402)
        }
        #expect(try await Self.client.get(server.baseURL + "/free").bodyString == "free")
    }

    @Test func aPaidVariantIsChargedTheRoutePrice() async throws {
        let (server, handled) = try await Self.server(options: [])
        defer { Task { await server.stop() } }
        let unpaid = try await Self.client.get(server.baseURL + "//market-data/")
        let requirement = try #require(try PaymentRequired.decode(headerValue: unpaid.headers["PAYMENT-REQUIRED"], body: unpaid.body).accepts.first)
        #expect(requirement.amount == 10_000)
        let pay = PaymentPayload.v2(Fixture.exact(nonce: Fixture.randomNonce()), for: requirement)
        let paid = try await Self.client.get(server.baseURL + "//market-data/", headers: ["PAYMENT-SIGNATURE": pay.headerValue()])
        #expect(paid.status == 200 && paid.bodyString == "paid content")
        #expect(handled.current == 1)
    }
}
