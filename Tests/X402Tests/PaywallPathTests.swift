import Foundation
import Http
import Hummingbird
import PaygentEVM
import PaygentServer
import Synchronization
import Testing
@testable import X402

/// Spellings of a priced path that some router dispatches to the priced handler. Each must be
/// priced (402) or never reach the handler (404); none may answer 200 unpaid.
enum PathVariants {
    /// Request targets (path and query) for `GET`.
    static func targets(_ path: String) -> [String] {
        let upper = path.uppercased()
        let escaped = path.replacingOccurrences(of: "-", with: "%2D")
        return [path + "/", "/" + path, path + "//", "//" + path.dropFirst() + "//", escaped, upper, path + "?x=1", path + "/?x=1"]
    }
}

@Suite(.serialized) struct PaywallPathTests {
    static let client = HTTPClient()
    static let route = PaywallTests.route

    // MARK: The framework-independent paywall

    @Test(arguments: PathVariants.targets("/market-data") + ["/./market-data", "/x/../market-data", "/Market-Data", "/market%2ddata/"])
    func everySpellingOfAPricedPathIsPriced(_ target: String) async throws {
        let (paywall, _) = try await PaywallTests.make()
        let path = String(target.prefix { $0 != "?" })
        let counter = PaywallTests.Counter()
        let response = await PaywallTests.run(paywall, PaywallTests.request(path: path), counter: counter)
        #expect(response.status == 402, "\(target) answered \(response.status)")
        #expect(counter.count == 0, "\(target) ran the paid handler unpaid")
        let head = await PaywallTests.run(paywall, PaywallRequest(method: "head", path: path, url: "http://x" + path, headers: []), counter: counter)
        #expect(head.status == 402 && counter.count == 0, "HEAD \(target) answered \(head.status)")
    }

    @Test(arguments: ["/market", "/market-data-x", "/other/market-data", "/market-data/x", "/", "", "/%", "/market%2"])
    func otherPathsStayFree(_ path: String) async throws {
        let (paywall, _) = try await PaywallTests.make()
        let response = await PaywallTests.run(paywall, PaywallTests.request(path: path))
        #expect(response.status == 200, "\(path) answered \(response.status)")
    }

    @Test func canonicalSegments() {
        #expect(PaywallPath.segments("//A%2fb/./c/../d//") == [Array("a".utf8), Array("b".utf8), Array("d".utf8)])
        #expect(PaywallPath.segments("/../..") == [])
        #expect(PaywallPath.segments("/%zz%4") == [Array("%zz%4".utf8)])
    }

    // MARK: `paygent demo-services serve`

    @Test func demoServicesPriceEveryVariant() async throws {
        let demo = try await DemoServer.start(.init(port: 0, clock: Fixture.clock))
        defer { Task { await demo.server.stop() } }
        for route in demo.services.routes {
            for target in PathVariants.targets(route.path) {
                for method in [HTTPMethod.get, .head] {
                    let response = try await Self.client.send(Http.HTTPRequest(method: method, url: demo.server.baseURL + target))
                    #expect(response.status == 402 || response.status == 404, "\(method) \(target) answered \(response.status): \(response.bodyString.prefix(80))")
                }
            }
        }
    }
}
