import Foundation
import PaygentCore
import PaygentRemote
import PaygentServer
import Testing

/// Each way a remote call can fail says what failed and names the server.
@Suite("RemotePaygent: typed failures naming the server")
struct RemoteFailureTests {
    @Test("connection refused: transport, naming the server and what to check")
    func connectionRefused() async throws {
        // A port that was just free: start a server for its port, stop it, then call it.
        let harness = try await RemoteHarness.start()
        let url = harness.running.baseURL
        await harness.stop()
        let api = try RemotePaygent(server: url, token: "pgt_x", configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(5)))
        let error = await paygentError { try await api.overview() }
        #expect(error?.code == .transport && error?.field == "server")
        #expect(error?.message.contains("cannot connect to paygent server 127.0.0.1:") == true && error?.message.contains("paygent serve") == true,
                "\(String(describing: error))")
    }

    @Test("a wrong token: unauthorized, one line naming the server")
    func badToken() async throws {
        try await RemoteHarness.with { harness in
            let api = try RemotePaygent(server: harness.running.baseURL, token: "pgt_not_a_token")
            let error = await paygentError { try await api.sessions(SessionQuery()) }
            #expect(error?.code == .unauthorized)
            #expect(error?.message.contains("paygent server \(harness.running.host):\(harness.running.port) refused the token") == true, "\(String(describing: error))")
            #expect(error?.message.contains("\n") == false)
        }
    }

    @Test("a viewer token may read but not decide: forbidden, nothing changed")
    func viewerForbidden() async throws {
        try await RemoteHarness.with { harness in
            let viewer = try harness.client(.viewer)
            #expect(try await viewer.controlState().globalPause == false)
            let error = await paygentError { try await viewer.pauseAll(reason: "no", by: "x") }
            #expect(error?.code == .forbidden && error?.message.contains("role may not") == true, "\(String(describing: error))")
            #expect(try await harness.paygent.controlState().globalPause == false)
        }
    }

    @Test("a second decision: conflict saying who decided first; exactly one decision recorded")
    func conflictNamesWhoDecided() async throws {
        try await RemoteHarness.with { harness in
            let session = try await harness.paygent.createSession(CreateSessionRequest(name: "buyer"), by: "test")
            let id = try await HostContractDriver(host: harness.paygent).requestApproval(sessionID: session.id, amount: "12.00")
            let first = try harness.client(.operator), second = try harness.client(.admin)
            _ = try await first.approve(id: id, by: "ignored")
            let error = await paygentError { try await second.reject(id: id, reason: "late", by: "ignored") }
            #expect(error?.code == .conflict)
            #expect(error?.message.contains("already decided") == true && error?.message.contains(harness.actor(.operator)) == true,
                    "\(String(describing: error))")
            let decisions = try await harness.paygent.events(EventQuery(types: [.approvalApproved, .approvalRejected], limit: 100)).events
            #expect(decisions.count == 1 && decisions.first?.actor == harness.actor(.operator))
        }
    }

    @Test("bad input through the client: the server's 422 naming the field, nothing written")
    func invalidInput() async throws {
        try await RemoteHarness.with { harness in
            let api = try harness.client(.admin)
            let error = await paygentError { try await api.createSession(CreateSessionRequest(walletAddress: "0xnope"), by: "x") }
            #expect(error?.code == .invalidInput && error?.field == "wallet_address", "\(String(describing: error))")
            #expect(try await api.sessions(SessionQuery()).total == 0)
            // Ids that would change the path are escaped, not followed.
            await #expect(throws: PaygentError.self) { try await api.session(id: "../tokens") }
        }
    }

    @Test("hostile server URLs and tokens are refused before any request")
    func hostileConfiguration() throws {
        for url in ["", "ftp://x", "http://", "http://a b", "http://x/?q=1", "http://user:pw@host", "http://x\u{7}"] {
            #expect(throws: PaygentError.self, "\(url)") { try RemotePaygent(server: url, token: nil) }
        }
        for token in ["", "a b", "tok\n", String(repeating: "a", count: 600)] {
            #expect(throws: PaygentError.self) { try RemotePaygent(server: "http://127.0.0.1:1", token: token) }
        }
        #expect(try RemoteEndpoint("127.0.0.1:8402/").baseURL == "http://127.0.0.1:8402")
        #expect(try RemoteEndpoint("https://pg.example:8402").hostLabel == "pg.example:8402")
    }

    @Test("429: rate limited with the wait from Retry-After")
    func rateLimited() async throws {
        let directory = NSTemporaryDirectory() + "paygent-remote-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paygent = try EmbeddedPaygent.open(path: directory + "/db.sqlite")
        let token = try await paygent.issueAPIToken(name: "slow", role: .viewer, by: "test")
        let server = PaygentAPIServer(api: paygent, idempotency: paygent, options: APIServerOptions(rateLimitPerSecond: 0.01, rateLimitBurst: 1))
        let running = try await server.start()
        let api = try RemotePaygent(server: running.baseURL, token: token.secret)
        var limited: PaygentError?
        for _ in 0..<5 where limited == nil {
            limited = await paygentError { try await api.controlState() }
        }
        await running.stop()
        try? await paygent.close()
        #expect(limited?.code == .rateLimited)
        #expect(limited?.message.contains("retry in") == true && limited?.message.contains(" s") == true, "\(limited?.message ?? "")")
    }
}
