import Foundation
import PaygentAgents
import PaygentCore
import PaygentDemo
import Testing

@Suite("Demo fleet")
struct DemoFleetTests {
    @Test("five agents with distinct behaviours, real x402 on loopback, all recorded in the store")
    func fleet() async throws {
        let fleet = try await DemoFleet.start(DemoFleetOptions(
            seed: 7, agents: 5, rate: 10, autoApprove: .init(delay: .milliseconds(50), rejectEvery: 0)))
        do {
            #expect(fleet.agents.map(\.kind) == [.steadyPoller, .researcher, .bigSpender, .runaway, .flakyClient])
            #expect(FileManager.default.fileExists(atPath: fleet.databasePath))
            let api = fleet.api
            func session(_ kind: DemoAgentKind) -> String { fleet.agents.first { $0.kind == kind }!.sessionID }
            func events(_ kind: DemoAgentKind) async throws -> [PaygentEvent] {
                try await api.events(EventQuery(sessionID: session(kind), limit: 1000)).events
            }
            // Wait until every behaviour has shown itself: re-checked as the events that show it arrive (bounded).
            let signals: Set<EventType> = [.paymentSettled, .agentSubagentEnd, .paymentDenied, .agentToolResult, .agentComplete]
            let ready = try await awaitEvents(api, timeout: .seconds(60)) { event in
                guard signals.contains(event.type) else { return false }
                let poller = try await api.paymentStats(PaymentQuery(sessionID: session(.steadyPoller))).confirmedPayments
                let researcher = try await events(.researcher).contains { $0.type == .agentSubagentEnd }
                let bigSpender = try await api.paymentStats(PaymentQuery(sessionID: session(.bigSpender))).confirmedPayments
                let runaway = try await events(.runaway).contains { $0.type == .paymentDenied && $0.data["rule"] == "velocity" }
                let flaky = try await events(.flakyClient)
                let recovered = flaky.contains { $0.type == .agentToolResult && $0.data["error_type"] == "service_error" }
                    && flaky.contains { $0.type == .agentComplete }
                return poller >= 3 && researcher && bigSpender >= 1 && runaway && recovered
            }
            #expect(ready, "not every behaviour was seen: \(fleet.stats)")

            // The runaway loop never got past its velocity limit (20 a minute) or its budget.
            let runaway = try await api.session(id: session(.runaway))
            #expect(try await api.paymentStats(PaymentQuery(sessionID: runaway.id)).totalPayments <= 20)
            #expect(runaway.spentUSD <= (try USDAmount(parsing: "1.00")))
            // The big spender's 12 USD purchases all went through approvals.
            let approvals = try await api.approvals(ApprovalQuery(sessionID: session(.bigSpender), decision: nil))
            #expect(approvals.total >= 1)
            #expect(approvals.items.allSatisfy { $0.formattedAmount == "12.00" })
            // The flaky oracle was never paid.
            let flakyService = try await api.discoverServices(ServiceQuery(category: "oracle")).items.first
            #expect(try await api.paymentStats(PaymentQuery(serviceID: try #require(flakyService).id)).totalPayments == 0)
            #expect(fleet.services.flakyRequests.requests > 0)
        } catch {
            await fleet.stop()
            throw error
        }
        let path = fleet.databasePath
        await fleet.stop()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a seed replays the same commands")
    func deterministic() async throws {
        func commands(seed: UInt64) async throws -> [String] {
            let fleet = try await DemoFleet.start(DemoFleetOptions(seed: seed, agents: 8, startAgents: false))
            defer { Task { await fleet.stop() } }
            return fleet.plannedCommands(iterations: 4)
        }
        let a = try await commands(seed: 11)
        let b = try await commands(seed: 11)
        let c = try await commands(seed: 12)
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { (try? RulePlanner.plan($0)) != nil }, "every demo command must plan")
    }
}
