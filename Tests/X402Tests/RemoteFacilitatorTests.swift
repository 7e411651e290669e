import Http
import X402Client
import PaygentFoundation
import Hummingbird
import PaygentEVM
import PaygentServer
import Synchronization
import Testing
import X402

/// RemoteFacilitator against our facilitator server (standard and Cronos routes) and against a
/// stand-in that answers exactly in the Cronos facilitator's documented shapes.
@Suite struct RemoteFacilitatorTests {
    let token = PaymentToken.cronosTestnetUSDC
    let merchant = DevnetAccounts.merchant.address

    func requirement(_ network: Network = .eip155(338), amount: UInt64 = 10_000) -> PaymentRequirement {
        var r = PaymentRequirement(token: token, payTo: merchant, amount: UInt256(amount), resource: "http://127.0.0.1/x", description: "x")
        r.network = network
        return r
    }

    func payment(_ requirement: PaymentRequirement, key: PrivateKey = testPayerKey, dialect: X402Dialect = .v2, nonce: UInt8 = 1) throws -> PaymentPayload {
        let exact = try ExactEVMPayload.sign(
            requirement, with: key, now: SystemClock().unixSeconds, nonce: [UInt8](repeating: nonce, count: 32)
        )
        switch dialect {
        case .v2: return .v2(exact, for: requirement)
        case .v1: return .v1(exact, for: requirement)
        case .cronos: return .cronos(exact, for: requirement)
        }
    }

    func withFacilitatorServer(_ body: (RunningHTTPServer, InMemoryLedger) async throws -> Void) async throws {
        let ledger = InMemoryLedger()
        try await ledger.mint(try token.amount("1"), to: testPayerKey.address, token: token.address)
        let facilitator = LocalFacilitator(
            ledger: ledger, configuration: .init(networks: [.cronosTestnet], tokens: [token], signers: [DevnetAccounts.facilitatorSigner.address])
        )
        let server = try await FacilitatorRoutes.serve(facilitator: facilitator)
        do { try await body(server, ledger) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func standardFlavorAgainstOurFacilitator() async throws {
        try await withFacilitatorServer { server, ledger in
            for base in [server.baseURL + "/x402", server.baseURL] {
                let remote = RemoteFacilitator(baseURL: base + "/", client: HTTPClient())
                #expect(remote.url("verify") == base + "/verify")
                let supported = try await remote.supported()
                #expect(supported.supports(x402Version: 2, scheme: "exact", network: "eip155:338"))
                #expect(supported.supports(x402Version: 1, scheme: "exact", network: "cronos-testnet"))
                #expect(supported.signers["eip155:*"] == [DevnetAccounts.facilitatorSigner.address.checksummed])
            }
            let remote = RemoteFacilitator(baseURL: server.baseURL + "/x402", client: HTTPClient())
            let required = requirement()
            let paid = try payment(required)
            let verdict = try await remote.verify(paid, requirements: required)
            #expect(verdict.isValid, "\(verdict)")
            #expect(verdict.payer == testPayerKey.address)

            var elsewhere = required
            elsewhere.payTo = testPayerKey.address
            let mismatch = try await remote.verify(paid, requirements: elsewhere)
            #expect(!mismatch.isValid)
            #expect(mismatch.invalidReason == .recipientMismatch)

            let settled = try await remote.settle(paid, requirements: required)
            #expect(settled.success, "\(settled)")
            #expect(settled.network == "eip155:338")
            #expect(settled.transaction == DevnetTransactionHash.compute(chainID: 338, token: token.address, from: testPayerKey.address, nonce: paid.exact.authorization.nonce))
            #expect(try await ledger.balance(of: merchant, token: token.address) == UInt256(10_000))

            let replay = try await remote.settle(paid, requirements: required)
            #expect(!replay.success)
            #expect(replay.errorReason == .nonceAlreadyUsed)
            #expect(try await ledger.balance(of: merchant, token: token.address) == UInt256(10_000))

            // v1 payments travel in the same body shape with version 1.
            let v1Required = requirement(.cronosTestnet)
            let v1 = try payment(v1Required, dialect: .v1, nonce: 2)
            #expect(try await remote.verify(v1, requirements: v1Required).isValid)
        }
    }

    @Test func cronosFlavorAgainstOurFacilitatorsCronosRoutes() async throws {
        try await withFacilitatorServer { server, ledger in
            let remote = RemoteFacilitator(baseURL: server.baseURL, flavor: .cronos, client: HTTPClient())
            #expect(remote.url("settle") == server.baseURL + "/v2/x402/settle")
            let required = requirement(.cronosTestnet)
            let paid = try payment(required, dialect: .cronos)
            #expect(try await remote.verify(paid, requirements: required).isValid)
            // Free-text reasons come back as reason codes.
            let poor = try payment(required, key: DevnetAccounts.key(99), dialect: .cronos)
            let refused = try await remote.verify(poor, requirements: required)
            #expect(!refused.isValid)
            #expect(refused.invalidReason == .insufficientBalance)
            #expect(refused.invalidMessage == "ERC20: transfer amount exceeds balance")

            let settled = try await remote.settle(paid, requirements: required)
            #expect(settled.success, "\(settled)")
            #expect(settled.payer == testPayerKey.address)
            #expect(settled.amount == UInt256(10_000))
            #expect(try await ledger.balance(of: merchant, token: token.address) == UInt256(10_000))
            let replay = try await remote.settle(paid, requirements: required)
            #expect(!replay.success)
            #expect(replay.errorReason == .nonceAlreadyUsed)

            // A v2 payment is re-expressed in the Cronos v1 flat form (same signature).
            let v2Required = requirement()
            let v2 = try payment(v2Required, nonce: 3)
            #expect(try await remote.verify(v2, requirements: v2Required).isValid)
            #expect(try await remote.supported().supports(x402Version: 1, scheme: "exact", network: "cronos-testnet"))
        }
    }

    @Test func cronosFlavorAgainstTheDocumentedShapes() async throws {
        let stand = try await CronosStandIn.start()
        do {
            try await exerciseStandIn(stand)
        } catch {
            await stand.server.stop()
            throw error
        }
        await stand.server.stop()
    }

    func exerciseStandIn(_ stand: CronosStandIn) async throws {
        let remote = RemoteFacilitator(baseURL: stand.server.baseURL, flavor: .cronos, client: HTTPClient())
        let required = requirement(.cronosTestnet)
        let paid = try payment(required, dialect: .cronos)

        let supported = try await remote.supported()
        #expect(supported.kinds == [SupportedKind(x402Version: 1, scheme: "exact", network: "cronos-testnet")])

        let verdict = try await remote.verify(paid, requirements: required)
        #expect(verdict.isValid)
        #expect(verdict.invalidReason == nil)

        // What the stand-in received: the Cronos request shape.
        let seen = try #require(stand.requests.last)
        #expect(seen.versionHeader == "1")
        #expect(seen.path == "/v2/x402/verify")
        let body = try JSONParser.parse(seen.body).objectValue!
        #expect(body.keys == ["x402Version", "paymentHeader", "paymentRequirements"])
        #expect(body["x402Version"] == .number("1"))
        let header = try PaymentPayload.decodeHeader(body["paymentHeader"]!.stringValue!)
        #expect(header.dialect == .cronos)
        #expect(header.asset == token.address)
        #expect(header.exact == paid.exact)
        #expect(body["paymentRequirements"]?.objectValue?["maxAmountRequired"] == .string("10000"))

        stand.next(verify: #"{"isValid":false,"invalidReason":"Authorization expired"}"#)
        let expired = try await remote.verify(paid, requirements: required)
        #expect(!expired.isValid)
        #expect(expired.invalidReason == .validBeforeExpired)
        #expect(expired.invalidMessage == "Authorization expired")

        let settled = try await remote.settle(paid, requirements: required)
        #expect(settled.success)
        #expect(settled.transaction == "0x" + String(repeating: "ab", count: 32))
        #expect(settled.network == "cronos-testnet")
        #expect(settled.payer == testPayerKey.address)
        #expect(settled.amount == UInt256(10_000))

        stand.next(settle: #"{"x402Version":1,"event":"payment.failed","network":"cronos-testnet","timestamp":"2025-11-04T20:19:11.000Z","error":"ERC20: transfer amount exceeds balance"}"#)
        let failed = try await remote.settle(paid, requirements: required)
        #expect(!failed.success)
        #expect(failed.errorReason == .insufficientBalance)
        #expect(failed.transaction == "")

        stand.next(settle: #"{"x402Version":1,"event":"payment.failed","network":"cronos-testnet","timestamp":"2025-11-04T20:19:11.000Z","error":"something odd happened"}"#)
        #expect(try await remote.settle(paid, requirements: required).errorReason == .unexpectedSettleError)

        stand.next(status: 429, retryAfter: "30")
        await #expect(throws: RemoteFacilitatorError.rateLimited(retryAfter: .seconds(30))) {
            _ = try await remote.settle(paid, requirements: required)
        }
        stand.next(status: 429, retryAfter: nil)
        await #expect(throws: RemoteFacilitatorError.rateLimited(retryAfter: nil)) {
            _ = try await remote.verify(paid, requirements: required)
        }
        stand.next(status: 502, retryAfter: nil)
        do {
            _ = try await remote.verify(paid, requirements: required)
            Issue.record("a 502 must throw")
        } catch let error as RemoteFacilitatorError {
            guard case .status(502, _) = error else { Issue.record("\(error)"); return }
        }
        stand.next(verify: "not json")
        do {
            _ = try await remote.verify(paid, requirements: required)
            Issue.record("a non-JSON answer must throw")
        } catch let error as RemoteFacilitatorError {
            guard case .invalidResponse = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func unreachableFacilitatorIsATransportError() async throws {
        let remote = RemoteFacilitator(baseURL: "http://127.0.0.1:\(try await Self.unusedPort())", client: HTTPClient())
        do {
            _ = try await remote.supported()
            Issue.record("expected a transport error")
        } catch let error as RemoteFacilitatorError {
            guard case .transport(.connect) = error else { Issue.record("\(error)"); return }
        }
    }

    @Test func cronosFlavorRefusesNetworksWithoutAV1Name() throws {
        let remote = RemoteFacilitator(baseURL: "http://127.0.0.1:1", flavor: .cronos)
        let required = requirement(.eip155(999_999))
        let paid = try payment(required)
        #expect(throws: RemoteFacilitatorError.self) { try remote.requestBody(paid, required) }
    }

    /// A loopback port nothing listens on: bound by a server that is then stopped.
    static func unusedPort() async throws -> Int {
        let server = try await PaygentHTTPServer.start(router: Router(context: BasicRequestContext.self))
        await server.stop()
        return server.port
    }
}

/// A local stand-in for the Cronos facilitator (`https://facilitator.cronoslabs.org`), answering
/// in the shapes of its documentation. By default verify says valid and settle says settled;
/// `next(...)` overrides the next answer.
final class CronosStandIn: Sendable {
    struct Seen: Sendable {
        var path: String
        var versionHeader: String?
        var body: [UInt8]
    }
    enum Answer: Sendable {
        case verify(String)
        case settle(String)
        case status(Int, retryAfter: String?)
    }

    final class Shared: Sendable {
        let lock = Mutex<(seen: [Seen], next: Answer?)>(([], nil))
    }

    let server: RunningHTTPServer
    private let shared: Shared

    private init(server: RunningHTTPServer, shared: Shared) {
        self.server = server
        self.shared = shared
    }

    var requests: [Seen] { shared.lock.withLock { $0.seen } }
    func next(verify json: String) { shared.lock.withLock { $0.next = .verify(json) } }
    func next(settle json: String) { shared.lock.withLock { $0.next = .settle(json) } }
    func next(status: Int, retryAfter: String?) { shared.lock.withLock { $0.next = .status(status, retryAfter: retryAfter) } }

    static func start() async throws -> CronosStandIn {
        let shared = Shared()
        let router = Router(context: BasicRequestContext.self)
        @Sendable func answer(_ request: Request, _ operation: String) async throws -> Response {
            var buffer = try await request.body.collect(upTo: 65_536)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            let version = request.headers.first { $0.name.canonicalName == "x402-version" }?.value
            let planned = shared.lock.withLock { state -> Answer? in
                state.seen.append(Seen(path: request.uri.path, versionHeader: version, body: bytes))
                defer { state.next = nil }
                return state.next
            }
            switch planned {
            case .status(let code, let retryAfter):
                var headers = HTTPFields()
                if let retryAfter { headers[.retryAfter] = retryAfter }
                return Response(status: .init(code: code), headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"error":"Too many requests"}"#)))
            case .verify(let json), .settle(let json):
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
            case nil:
                let defaultJSON = operation == "verify"
                    ? #"{"isValid":true,"invalidReason":null}"#
                    : #"{"x402Version":1,"event":"payment.settled","txHash":"0xabababababababababababababababababababababababababababababababab","from":"0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A","to":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","value":"10000","blockNumber":17352,"network":"cronos-testnet","timestamp":"2025-11-04T20:19:11.000Z"}"#
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: defaultJSON)))
            }
        }
        router.post("/v2/x402/verify") { request, _ in try await answer(request, "verify") }
        router.post("/v2/x402/settle") { request, _ in try await answer(request, "settle") }
        router.get("/v2/x402/supported") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: #"{"kinds":[{"x402Version":1,"scheme":"exact","network":"cronos-testnet"}]}"#)))
        }
        let server = try await PaygentHTTPServer.start(router: router)
        return CronosStandIn(server: server, shared: shared)
    }
}
