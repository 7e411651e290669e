import Foundation
import PaygentAgents
import PaygentCore
import PaygentDemo
import PaygentSQLite
import Testing

/// `paygent agent run` stopped by SIGTERM or SIGINT while it waits for an approval: the run ends
/// cancelled and durably so — its approval withdrawn (no operator approves a payment nobody will
/// make), its lease given up, nothing paid — and a later `paygent demo` on the same store finds
/// nothing to adopt.
@Suite("agent run under SIGTERM and SIGINT")
struct AgentRunSignalTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func stopsCleanlyWhileAwaitingApproval(signal: Int32) async throws {
        let cli = try CLIHarness()
        let run = try BackgroundCLI(cli, ["agent", "run", "--demo", "--database", cli.database,
                                          "Pay 12 USDC to access the premium research report"])
        #expect(run.waitForOutput("approval needed"), "never asked: \(run.stdout) \(run.stderr)")
        let status = run.stop(signal)
        #expect(status == 128 + signal, "exit \(String(describing: status)): \(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains("stopped by \(signal == SIGTERM ? "SIGTERM" : "SIGINT"): cancelled"), "\(run.stderr)")

        let paygent = try EmbeddedPaygent.open(path: cli.database)
        let logs = try await paygent.executionLogs(LogQuery(page: PageRequest(offset: 0, limit: 10))).items
        #expect(logs.count == 1)
        let log = try #require(logs.first)
        #expect(log.status == "cancelled", "\(log)")
        #expect(log.error?.contains("interrupted by") == true, "\(String(describing: log.error))")
        #expect(try await paygent.store.read { try $0.runLease(logID: log.id) } == nil)
        let approvals = try await paygent.approvals(ApprovalQuery(sessionID: log.sessionID, decision: nil, page: PageRequest(offset: 0, limit: 10))).items
        #expect(approvals.count == 1)
        #expect(approvals.first?.decision == .rejected)
        #expect(approvals.first?.decisionReason?.hasPrefix("withdrawn:") == true, "\(String(describing: approvals.first))")
        #expect(try await paygent.payments(PaymentQuery(sessionID: log.sessionID)).items.isEmpty)
        try await paygent.close()

        // `paygent demo` on the same store: nothing is adopted.
        let fleet = try await DemoFleet.start(DemoFleetOptions(databasePath: cli.database, agents: 0, startAgents: false))
        #expect(fleet.runtime.activeRunIDs.isEmpty)
        await fleet.stop()
    }

    @Test("paygent demo stops its fleet cleanly on SIGTERM, as on Ctrl-C, and exits 0")
    func demoStopsOnSIGTERM() async throws {
        let cli = try CLIHarness()
        let demo = try BackgroundCLI(cli, ["demo", "--agents", "2", "--database", cli.database])
        #expect(demo.waitForOutput("t=1s"), "no summary line: \(demo.stdout) \(demo.stderr)")
        let status = demo.stop(SIGTERM)
        #expect(demo.termination == .exited(0) && status == 0, "\(String(describing: status)): \(demo.stderr)")
        #expect(demo.stderr.contains("paygent demo: stopped"), "\(demo.stderr)")
        // The fleet gave its runs' leases up: none is held by the stopped process.
        let paygent = try EmbeddedPaygent.open(path: cli.database)
        let unfinished = try await paygent.unfinishedRunIDs(after: nil, limit: 100)
        for id in unfinished {
            let lease = try await paygent.store.read { try $0.runLease(logID: id) }
            #expect(lease.map { $0.expiresAt <= paygent.clock.now() } ?? true, "run \(id) still leased: \(String(describing: lease))")
        }
        try await paygent.close()
    }
}
