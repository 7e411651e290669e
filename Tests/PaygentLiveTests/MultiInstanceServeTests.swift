import Foundation
import Http
import PaygentWire
import StoreTestSupport
import Testing

/// Three real `paygent serve` processes on one PostgreSQL database (a throwaway schema of
/// `PAYGENT_TEST_DATABASE`): one event log, one pause switch, across processes.
@Suite("paygent serve: three processes on one PostgreSQL database")
struct MultiInstanceServeTests {
    @Test("SSE on B streams A's and C's writes in order without gaps; resuming on C with Last-Event-ID has no duplicates; two instances racing on one switch: one 200, one 409; a SIGKILLed instance loses nothing")
    func threeInstances() async throws {
        let database = try TestPostgres.freshURL().description
        let a = try LiveBinary.Running(["serve", "--database", database, "--port", "0"])
        defer { a.stop() }
        let tokenLine = try #require(await a.line(containing: "pgt_"), "no admin token printed: \(a.output.text)")
        let token = try #require(tokenLine.split(separator: " ").first { $0.hasPrefix("pgt_") }.map(String.init))
        let baseA = try #require(await ServeBinaryStreamTests.baseURL(a), "A did not listen: \(a.output.text)")
        let b = try LiveBinary.Running(["serve", "--database", database, "--port", "0"])
        defer { b.stop() }
        let c = try LiveBinary.Running(["serve", "--database", database, "--port", "0"])
        defer { c.stop() }
        let baseB = try #require(await ServeBinaryStreamTests.baseURL(b), "B did not listen: \(b.output.text)")
        let baseC = try #require(await ServeBinaryStreamTests.baseURL(c), "C did not listen: \(c.output.text)")
        #expect(!b.output.text.contains("pgt_") && !c.output.text.contains("pgt_"), "a second admin token was printed")
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let client = HTTPClient()

        let onB = SSEClient(url: baseB + "/api/v1/events?after=0", headers: headers)
        #expect(await onB.wait { $0.status == 200 })
        // Pause through A, resume through C, ten times.
        for round in 0..<10 {
            let paused = try await client.post(baseA + "/api/v1/control/pause", headers: headers, body: Array(#"{"reason":"round \#(round)"}"#.utf8))
            #expect(paused.status == 200, "\(paused.bodyString)")
            let resumed = try await client.post(baseC + "/api/v1/control/resume", headers: headers, body: [])
            #expect(resumed.status == 200, "\(resumed.bodyString)")
        }
        // Two instances racing to pause: the switch flips once.
        async let first = client.post(baseA + "/api/v1/control/pause", headers: headers, body: Array(#"{"reason":"race"}"#.utf8))
        async let second = client.post(baseB + "/api/v1/control/pause", headers: headers, body: Array(#"{"reason":"race"}"#.utf8))
        let statuses = try await [first.status, second.status].sorted()
        #expect(statuses == [200, 409])
        #expect(await onB.wait(timeout: .seconds(30)) { client in client.messages.filter { $0.event == "control.paused" }.count == 11 },
                "B saw \(onB.messages.map(\.event))")
        let seen = onB.seqs
        #expect(seen == Array(1...(seen.last ?? 0)), "a gap or a duplicate on B: \(seen)")

        // Resume on C after the sixth event: exactly the rest.
        let onC = SSEClient(url: baseC + "/api/v1/events", headers: ["Authorization": "Bearer \(token)", "Last-Event-ID": String(seen[5])])
        #expect(await onC.wait { $0.seqs.count >= seen.count - 6 })
        #expect(Array(onC.seqs.prefix(seen.count - 6)) == Array(seen[6...]))
        await onC.disconnect()

        // SIGKILL A; B and C go on, and B streams what C writes.
        await a.kill()
        let resumed = try await client.post(baseC + "/api/v1/control/resume", headers: headers, body: [])
        #expect(resumed.status == 200, "\(resumed.bodyString)")
        #expect(await onB.wait(timeout: .seconds(30)) { client in client.messages.filter { $0.event == "control.resumed" }.count == 11 })
        let all = onB.seqs
        #expect(all == Array(1...(all.last ?? 0)), "a gap or a duplicate on B after the kill: \(all)")
        await onB.disconnect()
    }
}
